import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { openDatabase } from './app';
import { hashSecret, Role } from './core/auth';
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import { createInProcessPubSub } from './core/pubsub';
import { Invitation } from './modules/accounts/invitation.entity';
import { hashPassword } from './modules/accounts/password';
import { User } from './modules/accounts/user.entity';
import { seedDiscussions } from './modules/discussions/discussions.seed';
import { seedMeetings } from './modules/meetings/meetings.seed';
import { seedMentoring } from './modules/mentoring/mentoring.seed';
import { seedSobriety } from './modules/sobriety/sobriety.seed';
import { createServices, type Services } from './services';

/** What each feature's seed receives. */
export interface SeedContext {
  services: Services;
  ds: DataSource;
  users: { admin: User; coordinator: User; mentors: User[]; members: User[] };
}

/** The demo program's people. Everyone shares one password, documented in the README. */
export const DEMO_PASSWORD = 'onward-demo-2026';
export const DEMO_PEOPLE: Array<{ email: string; displayName: string; role: Role; mentor?: boolean; timeZone: string }> = [
  { email: 'admin@onward.example', displayName: 'Avery (admin)', role: Role.ADMIN, timeZone: 'America/Chicago' },
  { email: 'coordinator@onward.example', displayName: 'Casey (coordinator)', role: Role.COORDINATOR, timeZone: 'America/Chicago' },
  { email: 'maria@onward.example', displayName: 'Maria G.', role: Role.MEMBER, mentor: true, timeZone: 'America/Chicago' },
  { email: 'dev@onward.example', displayName: 'Dev P.', role: Role.MEMBER, mentor: true, timeZone: 'America/New_York' },
  { email: 'sam@onward.example', displayName: 'Sam R.', role: Role.MEMBER, timeZone: 'America/Chicago' },
  { email: 'jordan@onward.example', displayName: 'Jordan K.', role: Role.MEMBER, timeZone: 'America/Denver' },
  { email: 'lee@onward.example', displayName: 'Lee T.', role: Role.MEMBER, timeZone: 'America/Los_Angeles' },
  { email: 'ana@onward.example', displayName: 'Ana B.', role: Role.MEMBER, timeZone: 'Europe/Berlin' },
];

/** Creates the demo people through the same sign-up path members use. */
async function seedPeople(services: Services, ds: DataSource, inviterId: string | null): Promise<SeedContext['users']> {
  const byEmail = new Map<string, User>();
  for (const p of DEMO_PEOPLE) {
    let user = await ds.getRepository(User).findOne({ where: { email: p.email } });
    if (!user) {
      const code = `demo-${p.email}`;
      const inviter = inviterId ?? (await ds.getRepository(User).findOne({ where: { role: Role.ADMIN } }))?.id;
      if (!inviter) {
        // The very first person has nobody to invite them: the admin is created directly.
        user = await ds.getRepository(User).save(
          ds.getRepository(User).create({
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
          await services.accounts.signUp({ invitationCode: code, email: p.email, password: DEMO_PASSWORD, displayName: p.displayName, timeZone: p.timeZone })
        ).user;
      }
    }
    if (p.mentor && !user.isMentor) {
      await ds.getRepository(User).update(user.id, { isMentor: true });
      user.isMentor = true;
    }
    byEmail.set(p.email, user);
  }
  const all = DEMO_PEOPLE.map((p) => byEmail.get(p.email)!);
  return {
    admin: all.find((u) => u.role === Role.ADMIN)!,
    coordinator: all.find((u) => u.role === Role.COORDINATOR)!,
    mentors: all.filter((u) => u.isMentor),
    members: all.filter((u) => u.role === Role.MEMBER && !u.isMentor),
  };
}

/** Feature seeds run in order; each must be safe to run on a database it has seeded before. */
const FEATURE_SEEDS: Array<(ctx: SeedContext) => Promise<void>> = [seedSobriety, seedMeetings, seedDiscussions, seedMentoring];

export async function runSeed(services: Services, ds: DataSource): Promise<SeedContext> {
  const users = await seedPeople(services, ds, null);
  const ctx: SeedContext = { services, ds, users };
  for (const seed of FEATURE_SEEDS) await seed(ctx);
  return ctx;
}

async function main(): Promise<void> {
  const config = { ...loadConfig(), bootstrapAdminEmail: undefined, bootstrapAdminPassword: undefined, jobs: false };
  const logger = createLogger(config);
  const { ds, embedded } = await openDatabase(config, logger);
  try {
    const services = createServices({ ds, config, pubsub: createInProcessPubSub(), logger });
    await runSeed(services, ds);
    console.log(`Demo program ready. Sign in as any of these with the password "${DEMO_PASSWORD}":`);
    for (const p of DEMO_PEOPLE) console.log(`  ${p.email.padEnd(30)} ${p.role}${p.mentor ? ' (mentor)' : ''}`);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`Seeding failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
