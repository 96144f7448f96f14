import path from 'node:path';
import { Client } from 'pg';
import { spawnServer } from './child';
import { onwardEnv } from './onward-env';
import { runFanout } from './fanout';
import { gql, inParallel } from './util';

/**
 * Fan-out alone on a kept bench database (`npm run bench -- --only seed --keep-db`): one Onward
 * child, with --cpu-prof when PROFILE=1, and `n` postAdded subscribers on the busiest thread.
 *   node -r ts-node/register/transpile-only bench/lib/profile-fanout.ts [subscribers]
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  const db = new Client({ connectionString: url });
  await db.connect();
  const { rows: people } = await db.query(
    `SELECT email, is_mentor FROM users WHERE role = 'MEMBER' AND deleted_at IS NULL AND suspended_until IS NULL ORDER BY email LIMIT 2000`,
  );
  const {
    rows: [hot],
  } = await db.query(`SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`);
  await db.end();
  const perUser = Math.ceil(n / people.length);
  const server = await spawnServer(
    'profile-fanout',
    'onward-server.ts',
    onwardEnv(url, {
      WS_MAX_SOCKETS_PER_USER: String(Math.max(5, perUser)),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    }),
    process.env.PROFILE === '1' ? { cpuProfDir: path.join(__dirname, '..', 'results', 'profiles') } : {},
  );
  try {
    const tokens = await inParallel(people, 20, async (u) => {
      const r = await gql(server.url, `mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
        i: { email: u.email, password: 'bench-password-2026' },
      });
      return r.data.logIn.token as string;
    });
    const mentors = people.map((u, i) => (u.is_mentor ? tokens[i] : null)).filter((t): t is string => !!t);
    const publishers: [string, string] = [mentors[0] ?? tokens[0], mentors[1] ?? tokens[1]];
    // HEAP_SNAPSHOT=1 (with BENCH_SERVER_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2): one snapshot with every socket open.
    const whenSubscribed =
      process.env.HEAP_SNAPSHOT === '1'
        ? async () => {
            process.kill(server.pid, 'SIGUSR2');
            await new Promise((r) => setTimeout(r, 30_000));
          }
        : undefined;
    const r = await runFanout({ servers: [server], n, tokens, threadId: hot.id, publishers, whenSubscribed });
    console.log(JSON.stringify(r));
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
