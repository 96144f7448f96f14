import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { serveProbe } from './probe';

// PostGraphile 5 declares Node >= 22 and calls Promise.withResolvers; on Node 20 every table
// query would answer HTTP 200 with `data: null`. Define it before PostGraphile loads.
const P = Promise as unknown as { withResolvers?: () => unknown };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** PostGraphile 5 (Amber preset) over the same database: what a team might run instead. */
async function main(): Promise<void> {
  const counter = { n: 0 };
  // Count statements the way Onward's are counted: every query a client sends.
  const original = pg.Client.prototype.query;
  (pg.Client.prototype as any).query = function (this: unknown, ...args: unknown[]) {
    counter.n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  // PostGraphile is the benchmark's own dependency (bench/package.json, installed by `npm run
  // bench`): loaded by name, so that the server's type check does not need it installed.
  const load = (name: string): Promise<any> => import(name);
  const { postgraphile } = await load('postgraphile');
  const { PostGraphileAmberPreset } = await load('postgraphile/presets/amber');
  const { makePgService } = await load('postgraphile/adaptors/pg');
  const { grafserv } = await load('postgraphile/grafserv/node');
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const preset: any = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['public', 'bench_api'] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: {
      explain: false,
      // The viewer, as a JWT claim would carry it; Onward looks its session up instead.
      context(requestContext: any) {
        const id = requestContext?.node?.req?.headers?.['x-user-id'];
        return { pgSettings: typeof id === 'string' ? { 'onward.user_id': id } : {} };
      },
    },
    schema: { exportSchemaSDLPath: process.env.PG_BENCH_SDL || undefined },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  void serv.addTo(server);
  await pgl.getSchema();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serveProbe(
    (server.address() as AddressInfo).port,
    async () => {
      server.close();
      await pgl.release();
      await pool.end();
    },
    () => counter.n,
  );
}

main().catch((err) => {
  console.error('postgraphile-server failed:', err);
  process.exit(1);
});
