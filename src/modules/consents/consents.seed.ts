import type { SeedContext } from '../../core/module';
import { ConsentRecipientKind, ConsentScope } from './consents.enums';
import type { ConsentsService } from './consents.service';

/**
 * Demo consent: Jordan shares daily check-ins, notes included, with their mentor (Maria, in
 * the mentoring seed), and lets her know if they go quiet (the disengagement seed sets the
 * alert). Safe to run again: a member with a consent in effect is left as they are.
 */
export async function seedConsents({ consents }: { consents: ConsentsService }, { users }: SeedContext): Promise<void> {
  const jordan = users.members[1];
  if (!jordan) return;
  const existing = await consents.given(jordan, { first: 1, activeOnly: true });
  if (existing.edges.length) return;
  await consents.giveConsent(jordan, {
    recipientKind: ConsentRecipientKind.MENTOR,
    scopes: [ConsentScope.CHECK_INS, ConsentScope.CHECK_IN_NOTES, ConsentScope.DISENGAGEMENT],
    purpose: 'So my mentor can see how my days are going between our calls, and check on me if I go quiet.',
  });
}
