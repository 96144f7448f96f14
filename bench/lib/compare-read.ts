import path from 'node:path';
import { Client } from 'pg';
import { pinning, spawnServer, type ServerHandle } from './child';
import { runLoad } from './load';
import { onwardEnv } from './onward-env';
import { ONWARD, POSTGRAPHILE, POSTGRAPHILE_SQL, POSTGRAPHILE_SQL_DONE } from './queries';
import { gql } from './util';

/**
 * One read, Onward against PostGraphile, on a kept bench database, in alternating rounds so
 * that drift of the machine falls on both: a quick check of a change before a full run.
 *   node -r ts-node/register/transpile-only bench/lib/compare-read.ts moderation [seconds] [rounds]
 * BASELINE=<another checkout, with node_modules> adds that checkout's Onward as a third server
 * ("baseline"), for a change measured against the code before it in the same rounds.
 */
async function main(): Promise<void> {
  const which = (process.argv[2] ?? 'moderation') as keyof typeof ONWARD;
  const seconds = Number(process.argv[3] ?? 10);
  const rounds = Number(process.argv[4] ?? 3);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  const db = new Client({ connectionString: url });
  await db.connect();
  const role = which === 'moderation' ? 'COORDINATOR' : 'MEMBER';
  const { rows: users } = await db.query<{ id: string; email: string }>(
    `SELECT id, email FROM users WHERE role = $1 ORDER BY email LIMIT 50`,
    [role],
  );
  const {
    rows: [hot],
  } = await db.query(`SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`);
  await db.query(POSTGRAPHILE_SQL);
  const cores = process.env.PIN === '0' ? null : pinning().server;
  const servers: ServerHandle[] = [];
  try {
    const onward = await spawnServer('onward', 'onward-server.ts', onwardEnv(url), { cores });
    servers.push(onward);
    const baseline = process.env.BASELINE
      ? await spawnServer(
          'baseline',
          path.relative(__dirname, path.join(path.resolve(process.env.BASELINE), 'bench', 'lib', 'onward-server.ts')),
          onwardEnv(url),
          { cores },
        )
      : null;
    if (baseline) servers.push(baseline);
    const pgl = await spawnServer(
      'postgraphile',
      'postgraphile-server.ts',
      { NODE_ENV: 'production', DATABASE_URL: url, DATABASE_POOL_SIZE: '10' },
      { timeoutMs: 120_000, cores },
    );
    servers.push(pgl);
    const tokens: string[] = [];
    for (const u of users) {
      const r = await gql(onward.url, `mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
        i: { email: u.email, password: 'bench-password-2026' },
      });
      tokens.push(r.data.logIn.token);
    }
    const variables = { id: hot.id };
    let k = 0;
    const bodies: Record<string, () => { body: string; headers: Record<string, string> }> = {
      baseline: () => ({
        body: JSON.stringify({ query: ONWARD[which], variables }),
        headers: { authorization: `Bearer ${tokens[k++ % tokens.length]}` },
      }),
      onward: () => ({
        body: JSON.stringify({ query: ONWARD[which], variables }),
        headers: { authorization: `Bearer ${tokens[k++ % tokens.length]}` },
      }),
      postgraphile: () => ({
        body: JSON.stringify({ query: POSTGRAPHILE[which], variables }),
        headers: { 'x-user-id': users[k++ % users.length].id },
      }),
    };
    const totals: Record<string, { requests: number; cpuMs: number; seconds: number }> = {};
    for (let round = 1; round <= rounds; round++) {
      for (const server of baseline ? [onward, baseline, pgl] : [onward, pgl]) {
        await runLoad({ url: server.url, body: bodies[server.name], connections: 50, seconds: 3 });
        await server.reset();
        const r = await runLoad({ url: server.url, body: bodies[server.name], connections: 50, seconds });
        const s = await server.stats();
        const t = (totals[server.name] ??= { requests: 0, cpuMs: 0, seconds: 0 });
        t.requests += r.requests;
        t.cpuMs += s.cpuMs;
        t.seconds += r.seconds;
        console.log(
          `round ${round} ${server.name.padEnd(12)} ${r.rps.toFixed(0).padStart(6)} req/s, ` +
            `p99 ${r.p99.toFixed(1)} ms, ${(s.cpuMs / Math.max(1, r.requests)).toFixed(3)} CPU ms/request, errors ${r.errors + r.non2xx}`,
        );
      }
    }
    const rate = (n: string) => totals[n].requests / totals[n].seconds;
    console.log(
      `${which}: Onward ${rate('onward').toFixed(0)} req/s, PostGraphile ${rate('postgraphile').toFixed(0)} req/s: ` +
        `${(rate('onward') / rate('postgraphile')).toFixed(2)}×; CPU ms/request ` +
        `${(totals.onward.cpuMs / totals.onward.requests).toFixed(3)} against ` +
        `${(totals.postgraphile.cpuMs / totals.postgraphile.requests).toFixed(3)}`,
    );
    if (baseline)
      console.log(
        `baseline: ${rate('baseline').toFixed(0)} req/s, ${(rate('baseline') / rate('postgraphile')).toFixed(2)}× PostGraphile; ` +
          `this checkout ${(rate('onward') / rate('baseline')).toFixed(2)}× the baseline; CPU ms/request ` +
          `${(totals.baseline.cpuMs / totals.baseline.requests).toFixed(3)}`,
      );
  } finally {
    for (const s of servers) await s.stop();
    const done = new Client({ connectionString: url });
    await done.connect();
    await done.query(POSTGRAPHILE_SQL_DONE);
    await done.end();
  }
}

main().then(
  // autocannon leaves handles open: end here, as the full run does.
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
