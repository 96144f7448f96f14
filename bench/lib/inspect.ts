import 'reflect-metadata';
import { startKeptApp } from './kept-app';
import { ONWARD } from './queries';
import { gql } from './util';

/**
 * Profiling aid on a kept bench database (`npm run bench -- --keep-db --only seed`):
 * prints each read's SQL statements with their timings and EXPLAIN ANALYZE.
 *   node -r ts-node/register/transpile-only bench/lib/inspect.ts [meetings|thread|moderation|viewer] [--explain]
 */
async function main(): Promise<void> {
  const app = await startKeptApp();

  try {
    const which = process.argv[2] ?? 'meetings';
    const explain = process.argv.includes('--explain');
    const [member] = await app.ds.query(
      `SELECT u.id FROM users u WHERE u.email LIKE ${which === 'moderation' ? `'coordinator%'` : `'member1%'`} ORDER BY u.email LIMIT 1`,
    );
    const auth = await app.services.accounts.logIn(
      {
        email: (await app.ds.query('SELECT email FROM users WHERE id = $1', [member.id]))[0].email,
        password: 'bench-password-2026',
      },
      '127.0.0.1',
    );
    const [{ id: threadId }] = await app.ds.query(
      `SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const logger = app.ds.logger;
    const original = logger.logQuery.bind(logger);
    const seen: Array<{ q: string; p: unknown[] }> = [];
    logger.logQuery = (q: string, p?: unknown[], ...rest: any[]) => {
      seen.push({ q, p: p ?? [] });
      return original(q, p, ...(rest as []));
    };
    const query = (ONWARD as Record<string, string>)[which];
    const rounds = Number(process.env.ROUNDS ?? 20);
    for (let i = 0; i < rounds; i++)
      await gql(
        `http://127.0.0.1:${app.port}/graphql`,
        query,
        { id: threadId },
        { authorization: `Bearer ${auth.token}` },
      );
    seen.length = 0;
    const t0 = process.hrtime.bigint();
    const r = await gql(
      `http://127.0.0.1:${app.port}/graphql`,
      query,
      { id: threadId },
      { authorization: `Bearer ${auth.token}` },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    logger.logQuery = original;
    console.log(`${which}: ${seen.length} statements, ${ms.toFixed(1)} ms, errors ${JSON.stringify(r.errors ?? null)}`);
    for (const s of seen) {
      console.log('---', s.q.replace(/\s+/g, ' ').slice(0, 400));
      if (explain && /^\s*select/i.test(s.q)) {
        const plan = await app.ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.q}`, s.p);
        console.log(plan.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
      }
    }
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
