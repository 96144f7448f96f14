import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Client } from 'pg';
import { pinning, spawnServer } from './child';
import { onwardEnv } from './onward-env';
import { runPacedApart } from './paced';
import { ONWARD } from './queries';
import { gql } from './util';

/**
 * p99 of reads at fixed rates on a kept bench database, with PostgreSQL on every core and then
 * on the generator's core only, hello-world paced the same beside each: does the database
 * sharing the server's core explain the tail?
 *   node -r ts-node/register/transpile-only bench/lib/paced-read.ts '[["thread",296],["meetings",112]]'
 * PG_CORES=0-1 (a comma-separated list of taskset core lists) chooses the placements.
 */
async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '[["meetings",100]]') as Array<[keyof typeof ONWARD, number]>;
  const placements = (process.env.PG_CORES ?? '0-1,0').split(',');
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  const db = new Client({ connectionString: url });
  await db.connect();
  const tokens: Record<string, string[]> = { MEMBER: [], COORDINATOR: [] };
  const { rows: people } = await db.query<{ email: string; role: string }>(
    `(SELECT email, role FROM users WHERE role = 'MEMBER' ORDER BY email LIMIT 50)
     UNION ALL (SELECT email, role FROM users WHERE role = 'COORDINATOR' ORDER BY email LIMIT 50)`,
  );
  const {
    rows: [hot],
  } = await db.query(`SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`);
  await db.end();
  const cores = pinning().server;
  const onward = await spawnServer('onward', 'onward-server.ts', onwardEnv(url), { cores });
  const hello = await spawnServer('hello', 'hello-server.ts', { NODE_ENV: 'production' }, { cores });
  const placePostgres = (list: string) => {
    const pids = execFileSync('pgrep', ['-u', 'postgres']).toString().trim().split('\n');
    for (const pid of pids) {
      try {
        execFileSync('taskset', ['-a', '-cp', list, pid], { stdio: 'ignore' });
      } catch {
        // A backend that exited meanwhile.
      }
    }
  };
  try {
    for (const p of people) {
      const r = await gql(onward.url, `mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
        i: { email: p.email, password: 'bench-password-2026' },
      });
      tokens[p.role].push(r.data.logIn.token);
    }
    const helloBody = JSON.stringify({ query: '{ hello }' });
    let k = 0;
    for (const list of placements) {
      placePostgres(list);
      for (const [read, rate] of plan) {
        const mine = tokens[read === 'moderation' ? 'COORDINATOR' : 'MEMBER'];
        const body = () => ({
          body: JSON.stringify({ query: ONWARD[read], variables: { id: hot.id } }),
          headers: { authorization: `Bearer ${mine[k++ % mine.length]}` },
        });
        await runPacedApart({ url: onward.url, body, connections: 50, seconds: 5, rate });
        await onward.reset();
        const r = await runPacedApart({ url: onward.url, body, connections: 50, seconds: 20, rate });
        const s = await onward.stats();
        const h = await runPacedApart({
          url: hello.url,
          body: () => ({ body: helloBody, headers: {} }),
          connections: 50,
          seconds: 10,
          rate,
        });
        console.log(
          `PostgreSQL on cores ${list}: ${read} at ${rate}/s p50 ${r.p50.toFixed(1)}, p99 ${r.p99.toFixed(1)} ms; ` +
            `event-loop delay p99 ${s.eld.p99.toFixed(1)}, max ${s.eld.max.toFixed(1)} ms; hello-world p99 ${h.p99.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    placePostgres(`0-${os.cpus().length - 1}`);
    await onward.stop();
    await hello.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
