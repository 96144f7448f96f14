import 'reflect-metadata';
import { openDatabase } from './app';
import { compose, runSeeds, type Composition } from './compose';
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import type { SeedContext } from './core/module';
import { createInProcessPubSub } from './core/pubsub';
import { DEMO_PASSWORD, DEMO_PEOPLE as PROGRAM_PEOPLE } from './modules/accounts/accounts.seed';
import { DEMO_ALLY } from './modules/allies/allies.seed';

export { DEMO_PASSWORD };

/** Every documented demo log-in: the program's people, and Sam's ally. */
export const DEMO_PEOPLE: Array<(typeof PROGRAM_PEOPLE)[number]> = [...PROGRAM_PEOPLE, DEMO_ALLY];

/** Seeds the demo program through every module's seed, in module order. Safe to run twice. */
export function runSeed(composition: Composition): Promise<SeedContext> {
  return runSeeds(composition);
}

/**
 * `npm run seed`: into DATABASE_URL, or the embedded PostgreSQL under DATA_DIR: the running
 * server's when `npm start` is up (it is shared, and left running), else one started for this.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig(), bootstrapAdminEmail: undefined, bootstrapAdminPassword: undefined, jobs: false };
  const logger = createLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { ds, embedded } = await openDatabase(config, logger, { join: true });
  try {
    if (embedded?.joined) console.log('Seeding the database of the Onward server running on this data directory.');
    await runSeed(compose({ ds, config, pubsub: createInProcessPubSub(), logger }));
    console.log(`Demo program ready. Sign in as any of these with the password "${DEMO_PASSWORD}":`);
    for (const p of DEMO_PEOPLE) console.log(`  ${p.email.padEnd(30)} ${p.role}${p.mentor ? ' (mentor)' : ''}`);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`Seeding failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
