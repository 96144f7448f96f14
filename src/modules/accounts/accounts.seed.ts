import type { DataSource } from 'typeorm';
import { hashSecret, Role } from '../../core/auth';
import type { SeedPeople } from '../../core/module';
import type { AccountsService } from './accounts.service';
import { Invitation } from './invitation.entity';
import { hashPassword } from './password';
import { User } from './user.entity';

/** The demo program's people. Everyone shares one password, documented in the README. */
export const DEMO_PASSWORD = 'onward-demo-2026';
export const DEMO_PEOPLE: Array<{
  email: string;
  displayName: string;
  role: Role;
  mentor?: boolean;
  timeZone: string;
}> = [
  { email: 'admin@onward.example', displayName: 'Avery (admin)', role: Role.ADMIN, timeZone: 'America/Chicago' },
  {
    email: 'coordinator@onward.example',
    displayName: 'Casey (coordinator)',
    role: Role.COORDINATOR,
    timeZone: 'America/Chicago',
  },
  {
    email: 'maria@onward.example',
    displayName: 'Maria G.',
    role: Role.MEMBER,
    mentor: true,
    timeZone: 'America/Chicago',
  },
  { email: 'dev@onward.example', displayName: 'Dev P.', role: Role.MEMBER, mentor: true, timeZone: 'America/New_York' },
  { email: 'sam@onward.example', displayName: 'Sam R.', role: Role.MEMBER, timeZone: 'America/Chicago' },
  { email: 'jordan@onward.example', displayName: 'Jordan K.', role: Role.MEMBER, timeZone: 'America/Denver' },
  { email: 'lee@onward.example', displayName: 'Lee T.', role: Role.MEMBER, timeZone: 'America/Los_Angeles' },
  { email: 'ana@onward.example', displayName: 'Ana B.', role: Role.MEMBER, timeZone: 'Europe/Berlin' },
];

/** Creates the demo people through the same sign-up path members use. */
export async function seedPeople(accounts: AccountsService, ds: DataSource): Promise<SeedPeople> {
  const byEmail = new Map<string, User>();
  const users = ds.getRepository(User);
  for (const p of DEMO_PEOPLE) {
    let user = await users.findOne({ where: { email: p.email } });
    if (!user) {
      const code = `demo-${p.email}`;
      const inviter = (await users.findOne({ where: { role: Role.ADMIN } }))?.id;
      if (!inviter) {
        // The very first person has nobody to invite them: the admin is created directly.
        user = await users.save(
          users.create({
            email: p.email,
            displayName: p.displayName,
            role: p.role,
            timeZone: p.timeZone,
            passwordHash: await hashPassword(DEMO_PASSWORD, { memoryKiB: 19456, timeCost: 2 }),
          }),
        );
      } else {
        await ds.getRepository(Invitation).save({
          email: p.email,
          role: p.role,
          codeHash: hashSecret(code),
          invitedById: inviter,
          expiresAt: new Date(Date.now() + 3600_000),
        });
        user = (
          await accounts.signUp({
            invitationCode: code,
            email: p.email,
            password: DEMO_PASSWORD,
            displayName: p.displayName,
            timeZone: p.timeZone,
          })
        ).user;
      }
    }
    if (p.mentor && !user.isMentor) {
      await users.update(user.id, { isMentor: true });
      user.isMentor = true;
    }
    byEmail.set(p.email, user);
  }
  const all = DEMO_PEOPLE.map((p) => byEmail.get(p.email)).filter((u): u is User => !!u);
  const pick = (role: Role) => {
    const found = all.find((u) => u.role === role);
    if (!found) throw new Error(`the demo program has no ${role}`);
    return found;
  };
  return {
    admin: pick(Role.ADMIN),
    coordinator: pick(Role.COORDINATOR),
    mentors: all.filter((u) => u.isMentor),
    members: all.filter((u) => u.role === Role.MEMBER && !u.isMentor),
  };
}
