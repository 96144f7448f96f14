import 'reflect-metadata';
import { openDatabase } from './app';
import { compose, runSeeds, type Composition } from './compose';
import { loadConfig } from './core/config';
import { createLogger } from './core/logger';
import type { SeedContext } from './core/module';
import { createInProcessPubSub } from './core/pubsub';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './modules/accounts/accounts.seed';

export { DEMO_PASSWORD, DEMO_PEOPLE };

/** Seeds the demo program through every module's seed, in module order. Safe to run twice. */
export function runSeed(composition: Composition): Promise<SeedContext> {
  return runSeeds(composition);
}

async function main(): Promise<void> {
  const config = { ...loadConfig(), bootstrapAdminEmail: undefined, bootstrapAdminPassword: undefined, jobs: false };
  const logger = createLogger(config);
  const { ds, embedded } = await openDatabase(config, logger);
  try {
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
