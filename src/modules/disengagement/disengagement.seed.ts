import type { SeedContext } from '../../core/module';
import { ConsentRecipientKind, ConsentScope, type ConsentGate } from '../consents/consents.ports';
import type { DisengagementService } from './disengagement.service';

/**
 * Demo alert: Jordan asked that their mentor be told after five quiet days, under their consent
 * to their mentor (the consents seed gives it with DISENGAGEMENT; given here if it is missing).
 * Safe to run again: the alert is set again to the same.
 */
export async function seedDisengagement(
  { alerts, consents }: { alerts: DisengagementService; consents: ConsentGate },
  { users }: SeedContext,
): Promise<void> {
  const jordan = users.members[1];
  if (!jordan) return;
  const facts = await consents.factsOf(jordan.id, ConsentScope.DISENGAGEMENT);
  if (!facts.consents.some((c) => c.recipientKind === ConsentRecipientKind.MENTOR)) {
    await consents.service.giveConsent(jordan, {
      recipientKind: ConsentRecipientKind.MENTOR,
      scopes: [ConsentScope.DISENGAGEMENT],
      purpose: 'So my mentor checks on me if I go quiet for a while.',
    });
  }
  await alerts.setAlert(jordan, { enabled: true, afterDays: 5, notify: [ConsentRecipientKind.MENTOR] });
}
