import path from 'node:path';
import { Client } from 'pg';
import { pinning, spawnServer } from './child';
import { onwardEnv } from './onward-env';
import { runLoad } from './load';
import { runPaced } from './paced';
import { ONWARD, OVERHEAD } from './queries';
import { gql } from './util';

/**
 * Profiles one read on a kept bench database: an Onward child with --cpu-prof under load.
 *   node -r ts-node/register/transpile-only bench/lib/profile-read.ts meetings [seconds]
 * then: node -r ts-node/register/transpile-only bench/lib/profile-summary.ts bench/results/profiles/<file>
 */
async function main(): Promise<void> {
  const which = process.argv[2] ?? 'meetings';
  const seconds = Number(process.argv[3] ?? 10);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  const db = new Client({ connectionString: url });
  await db.connect();
  const role = which === 'moderation' ? 'COORDINATOR' : 'MEMBER';
  const { rows: users } = await db.query(`SELECT email FROM users WHERE role = $1 ORDER BY email LIMIT 50`, [role]);
  const {
    rows: [hot],
  } = await db.query(`SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`);
  await db.end();
  // PIN=1: this process on core 0 and the server on the others, as the full run measures reads.
  const cores = process.env.PIN === '1' ? pinning().server : null;
  const server = await spawnServer(
    `profile-${which}`,
    'onward-server.ts',
    onwardEnv(url, { LIMIT_QUERY_COST: '50000' }),
    // PROFILE=0: no --cpu-prof, for latency measurements the profiler would distort.
    {
      cores,
      ...(process.env.PROFILE === '0' ? {} : { cpuProfDir: path.join(__dirname, '..', 'results', 'profiles') }),
    },
  );
  try {
    const tokens: string[] = [];
    for (const u of users) {
      const r = await gql(server.url, `mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
        i: { email: u.email, password: 'bench-password-2026' },
      });
      tokens.push(r.data.logIn.token);
    }
    const query = ({ ...ONWARD, ...OVERHEAD } as Record<string, string>)[which];
    let k = 0;
    const body = (): { body: string; headers: Record<string, string> } => ({
      body: JSON.stringify({ query, variables: { id: hot.id } }),
      // The overhead baseline is anonymous: no session to look up.
      headers: which === 'typename' ? {} : { authorization: `Bearer ${tokens[k++ % tokens.length]}` },
    });
    await runLoad({ url: server.url, body, connections: 20, seconds: 3 });
    await server.reset();
    // PACED=<requests per second>: an open-loop load at that rate instead (`paced.ts`), for tail latency.
    const paced = Number(process.env.PACED ?? 0);
    if (paced > 0) await runPaced({ url: server.url, body, connections: 50, seconds, rate: paced });
    else await runLoad({ url: server.url, body, connections: 20, seconds });
    const s = await server.stats();
    console.log(
      `cpu ${s.cpuMs.toFixed(0)} ms over ${seconds} s; event-loop delay p99 ${s.eld.p99.toFixed(1)} ms, max ${s.eld.max.toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
