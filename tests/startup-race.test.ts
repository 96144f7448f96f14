import { randomBytes } from 'node:crypto';
import { startApp, type App } from '../src/app';
import { loadConfig } from '../src/core/config';
import { databaseUrl, withAdmin } from './helpers/db';

/**
 * Instances started together on an empty database (docker compose up, a rolling deploy onto
 * a new database) take turns at every start-up schema step: migrations, pg-boss's install,
 * its queues and schedules, the bootstrap admin. Before, two of them creating pg-boss queues
 * at once deadlocked and one exited.
 */
const ROUNDS = 10;
const INSTANCES = 3;

describe('instances starting together on an empty database', () => {
  it(`${INSTANCES} at once, ${ROUNDS} times: every one becomes ready`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const database = `onward_t_${process.env.ONWARD_TEST_TEMPLATE!.split('_').pop()}_race_${randomBytes(4).toString('hex')}`;
      await withAdmin((c) => c.query(`CREATE DATABASE ${database}`)); // empty: no template
      const env = {
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl(database),
        DATABASE_POOL_SIZE: '4',
        LOG_LEVEL: 'silent',
        JOBS: 'on',
        EXPLORER: 'off',
        PASSWORD_HASH_MEMORY_KIB: '1024',
        PASSWORD_HASH_TIME_COST: '1',
        BOOTSTRAP_ADMIN_EMAIL: 'admin@onward.test',
        BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2026',
      };
      const results = await Promise.allSettled(Array.from({ length: INSTANCES }, () => startApp(loadConfig(env))));
      const apps = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        const failures = results.flatMap((r) =>
          r.status === 'rejected' ? [`round ${round}: ${(r.reason as Error).message}`] : [],
        );
        expect(failures).toEqual([]);
        const ready = await Promise.all(
          apps.map(async (a: App) => (await fetch(`http://127.0.0.1:${a.port}/readyz`)).status),
        );
        expect(ready).toEqual(apps.map(() => 200));
        // One admin, each queue once, whoever got there first.
        const [admins] = await apps[0].ds.query(`SELECT count(*)::int AS n FROM users WHERE role = 'ADMIN'`);
        expect(admins.n).toBe(1);
        const queues = await apps[0].ds.query(`SELECT name FROM pgboss.queue WHERE name NOT LIKE '\\_\\_%'`);
        expect(queues.length).toBe(apps[0].composition.jobs.length);
      } finally {
        await Promise.allSettled(apps.map((a) => a.stop()));
        await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      }
    }
  }, 600_000);
});
