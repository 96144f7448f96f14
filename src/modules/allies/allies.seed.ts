import type { DataSource } from 'typeorm';
import { Role } from '../../core/auth';
import type { SeedContext } from '../../core/module';
import { DEMO_PASSWORD } from '../accounts/accounts.seed';
import type { AccountsService } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import type { AlliesService } from './allies.service';

export const DEMO_ALLY_EMAIL = 'rosa@onward.example';

/** The demo ally as the README's log-ins list her. */
export const DEMO_ALLY = {
  email: DEMO_ALLY_EMAIL,
  displayName: 'Rosa R.',
  role: Role.ALLY,
  timeZone: 'America/Chicago',
};

/** Sam's sister Rosa, an ally who sees Sam's milestones. Runs once per database. */
export async function seedAllies(
  { allies, accounts, ds }: { allies: AlliesService; accounts: AccountsService; ds: DataSource },
  { users }: SeedContext,
): Promise<void> {
  const [sam] = users.members;
  if (!sam || (await ds.getRepository(User).exists({ where: { email: DEMO_ALLY_EMAIL } }))) return;
  const invitation = await allies.invite(sam, { email: DEMO_ALLY_EMAIL, relationship: 'my sister' });
  await accounts.signUp({
    invitationCode: invitation.code,
    email: DEMO_ALLY_EMAIL,
    password: DEMO_PASSWORD,
    displayName: DEMO_ALLY.displayName,
    timeZone: DEMO_ALLY.timeZone,
  });
  await allies.share(sam, { milestones: true, checkInStreak: true });
}
