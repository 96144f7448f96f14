import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../src/app';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logger';
import { createInProcessPubSub } from '../src/core/pubsub';
import { compose } from '../src/compose';
import { servicesOf } from '../src/services';
import { pinning, spawnServer, unpinAll, type ServerHandle } from './lib/child';
import { runFanout, type FanoutResult } from './lib/fanout';
import { runPacedApart } from './lib/paced';
import { runLoad, type LoadResult } from './lib/load';
import { ONWARD, OVERHEAD, POSTGRAPHILE, POSTGRAPHILE_SQL, POSTGRAPHILE_SQL_DONE } from './lib/queries';
import { renderReport, type Report } from './lib/report';
import { onwardEnv as benchEnv } from './lib/onward-env';
import { countsFor, seedProgram } from './lib/seed';
import { gql, inParallel, log } from './lib/util';
import { burstCeiling, postingThroughput, rsvpContention } from './lib/writes';

interface Options {
  scale: number;
  subscribers: number;
  seconds: number;
  warmup: number;
  connections: number;
  cpuProf: boolean;
  only: Set<string>;
  keepDb: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    scale: 1,
    subscribers: 10_000,
    seconds: 20,
    warmup: 5,
    connections: 50,
    cpuProf: false,
    only: new Set(),
    keepDb: false,
    out: 'latest.md',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min: number, max: number) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${a} takes a number from ${min} to ${max}`);
      return v;
    };
    if (a === '--scale') o.scale = num(0.01, 2);
    else if (a === '--subscribers') o.subscribers = Math.round(num(1, 20_000));
    else if (a === '--duration') o.seconds = Math.round(num(2, 120));
    else if (a === '--warmup') o.warmup = Math.round(num(0, 60));
    else if (a === '--connections') o.connections = Math.round(num(1, 500));
    else if (a === '--cpu-prof') o.cpuProf = true;
    else if (a === '--keep-db') o.keepDb = true;
    else if (a === '--out') o.out = path.basename(argv[++i]);
    else if (a === '--only') argv[++i].split(',').forEach((s) => o.only.add(s.trim()));
    else
      throw new Error(
        `unknown option ${a} (use --scale, --subscribers, --duration, --warmup, --connections, --only reads,writes,fanout, --cpu-prof, --keep-db)`,
      );
  }
  return o;
}

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'onward_bench';
const DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/7';

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Env of every Onward instance: production, quiet, no jobs, limits raised so the bench is not throttled. */
function onwardEnv(extra: Record<string, string> = {}): Record<string, string> {
  return benchEnv(DATABASE_URL, extra);
}

/** autocannon stops at its deadline with requests in flight: wait until the server is idle (bounded). */
async function settle(server: ServerHandle): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const q = (await server.stats()).queries;
    if (q === last) return;
    last = q;
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const want = (s: string) => opts.only.size === 0 || opts.only.has(s);
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const profDir = opts.cpuProf ? path.join(resultsDir, 'profiles') : undefined;
  const servers: ServerHandle[] = [];
  const pinned = pinning();
  const report: Report = {
    date: new Date(),
    opts: { ...opts, only: [...opts.only] },
    pinning: pinned.describe,
    reads: [],
    notes: [],
  };
  const cores = pinned.server;

  log(`creating database ${DB}`);
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const env = onwardEnv();
  const config = loadConfig(env);
  const logger = createLogger(config);
  const { ds } = await openDatabase(config, logger);
  try {
    const services = servicesOf(compose({ ds, config, pubsub: createInProcessPubSub(), logger }).registry);
    await services.accounts.bootstrapAdmin();
    const counts = countsFor(opts.scale);
    log(`seeding at scale ${opts.scale}: ${JSON.stringify(counts)}`);
    const seeded = await seedProgram(services, ds, counts);
    report.seed = { counts: { ...counts }, timings: seeded.timings, totalMs: seeded.totalMs };
    const [{ server_version: pgVersion }] = await ds.query('SHOW server_version');
    report.pgVersion = pgVersion;

    if (opts.only.has('seed')) return;
    const onward = await spawnServer('onward', 'onward-server.ts', env, { cpuProfDir: profDir, cores });
    servers.push(onward);

    if (want('reads')) {
      const hello = await spawnServer(
        'hello',
        'hello-server.ts',
        { NODE_ENV: 'production' },
        { cpuProfDir: profDir, cores },
      );
      servers.push(hello);
      await ds.query(POSTGRAPHILE_SQL);
      let pgl: ServerHandle | null = null;
      try {
        pgl = await spawnServer(
          'postgraphile',
          'postgraphile-server.ts',
          { NODE_ENV: 'production', DATABASE_URL, DATABASE_POOL_SIZE: '10' },
          { cpuProfDir: profDir, timeoutMs: 120_000, cores },
        );
        servers.push(pgl);
      } catch (err) {
        report.notes.push(`PostGraphile did not start: ${(err as Error).message}`);
      }

      const load = async (
        server: ServerHandle,
        body: () => { body: string; headers: Record<string, string> },
        rate?: number,
      ): Promise<LoadResult & { sql: number; cpuMs: number; eld: { p99: number; max: number } }> => {
        if (opts.warmup && !rate)
          await runLoad({ url: server.url, body, connections: opts.connections, seconds: opts.warmup });
        await server.reset();
        const r = rate
          ? await runPacedApart({ url: server.url, body, connections: opts.connections, seconds: opts.seconds, rate })
          : await runLoad({ url: server.url, body, connections: opts.connections, seconds: opts.seconds });
        const s = await server.stats();
        await settle(server);
        return {
          ...r,
          sql: s.queries / Math.max(1, r.requests),
          cpuMs: s.cpuMs / Math.max(1, r.requests),
          eld: { p99: s.eld.p99, max: s.eld.max },
        };
      };
      log('reads: hello-world ceiling');
      const helloBody = JSON.stringify({ query: '{ hello }' });
      const ceiling = await load(hello, () => ({ body: helloBody, headers: {} }));
      report.hello = ceiling;

      // What a request costs before it resolves anything, on the same server: anonymous, then signed in.
      log('reads: per-request overhead (anonymous { __typename }, signed-in { viewer { id } })');
      const anonymousBody = JSON.stringify({ query: OVERHEAD.typename });
      const anonymous = await load(onward, () => ({ body: anonymousBody, headers: {} }));
      const viewerIdBody = JSON.stringify({ query: OVERHEAD.viewerId });
      let v = 0;
      const signedIn = await load(onward, () => ({
        body: viewerIdBody,
        headers: { authorization: `Bearer ${seeded.members[v++ % 200].token}` },
      }));
      report.overhead = { anonymous, signedIn };

      const viewers = seeded.members.slice(0, 200);
      const reads: Array<{
        name: string;
        label: string;
        onward: { q: string; vars?: any; tokens: string[] };
        pg: { q: string; vars?: any; users: string[] };
      }> = [
        {
          name: 'meetings',
          label: 'Meetings list (50, goingCount, seatsLeft, viewerRsvp, 3 attendees)',
          onward: { q: ONWARD.meetings, tokens: viewers.map((u) => u.token) },
          pg: { q: POSTGRAPHILE.meetings, users: viewers.map((u) => u.id) },
        },
        {
          name: 'thread',
          label: 'Thread page (50 posts, authors, support counts)',
          onward: { q: ONWARD.thread, vars: { id: seeded.hotThreadId }, tokens: viewers.map((u) => u.token) },
          pg: { q: POSTGRAPHILE.thread, vars: { id: seeded.hotThreadId }, users: viewers.map((u) => u.id) },
        },
        {
          name: 'moderation',
          label: 'Moderation queue (50 items with reports)',
          onward: { q: ONWARD.moderation, tokens: seeded.coordinators.map((u) => u.token) },
          pg: { q: POSTGRAPHILE.moderation, users: seeded.coordinators.map((u) => u.id) },
        },
        {
          name: 'viewer',
          label: 'viewer with sobriety and next milestone',
          onward: { q: ONWARD.viewer, tokens: viewers.map((u) => u.token) },
          pg: { q: POSTGRAPHILE.viewer, users: viewers.map((u) => u.id) },
        },
      ];
      for (const read of reads) {
        log(`reads: ${read.name} (Onward)`);
        // Check the answer, not just the status, and count one request's statements exactly.
        await settle(onward);
        await onward.reset();
        const check = await gql(onward.url, read.onward.q, read.onward.vars, {
          authorization: `Bearer ${read.onward.tokens[0]}`,
        });
        const one = (await onward.stats()).queries;
        const size = JSON.stringify(check.data ?? null).length;
        if (check.errors?.length || !check.data) throw new Error(`${read.name}: ${JSON.stringify(check.errors)}`);
        let k = 0;
        const onwardBody = () => {
          const token = read.onward.tokens[k++ % read.onward.tokens.length];
          return {
            body: JSON.stringify({ query: read.onward.q, variables: read.onward.vars }),
            headers: { authorization: `Bearer ${token}` },
          };
        };
        const full = await load(onward, onwardBody);
        log(`reads: ${read.name} (Onward at half the peak rate, ${Math.round(full.rps / 2)} req/s)`);
        const half = await load(onward, onwardBody, full.rps / 2);
        // What the machine and the generator add at that rate: hello-world, paced the same.
        const floor = await load(hello, () => ({ body: helloBody, headers: {} }), full.rps / 2);
        let pgResult: (LoadResult & { sql: number; one: number; size: number }) | null = null;
        if (pgl) {
          log(`reads: ${read.name} (PostGraphile)`);
          await settle(pgl);
          await pgl.reset();
          const pc = await gql(pgl.url, read.pg.q, read.pg.vars, { 'x-user-id': read.pg.users[0] });
          const pgOne = (await pgl.stats()).queries;
          if (pc.errors?.length || !pc.data || Object.values(pc.data).some((v) => v === null)) {
            report.notes.push(`PostGraphile ${read.name}: ${JSON.stringify(pc.errors ?? pc.data).slice(0, 300)}`);
          } else {
            let j = 0;
            const pgBody = () => ({
              body: JSON.stringify({ query: read.pg.q, variables: read.pg.vars }),
              headers: { 'x-user-id': read.pg.users[j++ % read.pg.users.length] },
            });
            pgResult = { ...(await load(pgl, pgBody)), one: pgOne, size: JSON.stringify(pc.data).length };
          }
        }
        report.reads.push({
          name: read.name,
          label: read.label,
          onward: { ...full, one, size },
          half,
          floor,
          pg: pgResult,
        });
      }
      await pgl?.stop();
      await hello.stop();
      await ds.query(POSTGRAPHILE_SQL_DONE);
    }
    unpinAll([onward.pid], cores);

    if (want('writes')) {
      // RSVP contention: up to 1,000 members who have not RSVPed to a fresh 10-seat meeting.
      const host = seeded.mentors[1 % seeded.mentors.length].auth;
      const tenSeats = (title: string, hoursAhead: number) =>
        services.meetings.createMeeting(host, {
          title,
          description: 'Ten seats.',
          startsAt: new Date(Date.now() + hoursAhead * 3600_000),
          durationMinutes: 60,
          timeZone: 'America/Chicago',
          format: 'IN_PERSON' as never,
          location: 'Room 2',
          capacity: 10,
          types: ['C'],
        });
      const meeting = await tenSeats('Contended small group', 48);
      const contenders = seeded.members.slice(0, Math.min(1000, seeded.members.length)).map((u) => u.token);
      if (contenders.length < 1000)
        report.notes.push(`RSVP contention used ${contenders.length} members (scale ${opts.scale}).`);
      report.contention = await rsvpContention(onward, ds, meeting.id, 10, contenders);
      // The same members for a second fresh meeting, each having asked something moments before
      // (as on the meetings page): their sessions are in the server's cache, so one statement each.
      const again = await tenSeats('Contended small group, again', 49);
      await inParallel(contenders, 20, (t) => gql(onward.url, '{ __typename }', {}, { authorization: `Bearer ${t}` }));
      report.contentionWarm = await rsvpContention(onward, ds, again.id, 10, contenders);
      const hello = await spawnServer('hello-burst', 'hello-server.ts', { NODE_ENV: 'production' });
      report.burstCeiling = await burstCeiling(hello, contenders.length).finally(() => hello.stop());
      log('writes: posting throughput');
      report.posting = await postingThroughput(
        onward,
        ds,
        seeded.members.map((u) => u.token),
        seeded.threadIds,
        opts.connections,
        opts.seconds,
      );
    }

    if (want('fanout')) {
      const people = [...seeded.members, ...seeded.mentors];
      const perUser = Math.ceil(opts.subscribers / people.length);
      const wsEnv: Record<string, string> = {};
      if (perUser > 5) {
        wsEnv.WS_MAX_SOCKETS_PER_USER = String(perUser);
        report.notes.push(
          `WS_MAX_SOCKETS_PER_USER raised to ${perUser}: ${opts.subscribers} subscribers over ${people.length} members.`,
        );
      }
      const tokens = people.map((u) => u.token);
      const publishers: [string, string] = [seeded.mentors[0].token, seeded.mentors[1 % seeded.mentors.length].token];
      await onward.stop();
      servers.splice(servers.indexOf(onward), 1);
      const fan: FanoutResult[] = [];
      log(`fan-out: ${opts.subscribers} subscribers, one instance, in-process pub/sub`);
      const single = await spawnServer('onward-fanout', 'onward-server.ts', onwardEnv(wsEnv), { cpuProfDir: profDir });
      servers.push(single);
      fan.push(
        await runFanout({ servers: [single], n: opts.subscribers, tokens, threadId: seeded.hotThreadId, publishers }),
      );
      await single.stop();
      log(`fan-out: ${opts.subscribers} subscribers, two instances through Redis`);
      const redisEnv = onwardEnv({ ...wsEnv, REDIS_URL });
      const a = await spawnServer('onward-redis-a', 'onward-server.ts', redisEnv, { cpuProfDir: profDir });
      servers.push(a);
      const b = await spawnServer('onward-redis-b', 'onward-server.ts', redisEnv, { cpuProfDir: profDir });
      servers.push(b);
      fan.push(
        await runFanout({ servers: [a, b], n: opts.subscribers, tokens, threadId: seeded.hotThreadId, publishers }),
      );
      await Promise.all([a.stop(), b.stop()]);
      report.fanout = fan;
    }
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await ds.destroy();
    if (!opts.keepDb) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
  }
  const md = renderReport(report);
  fs.writeFileSync(path.join(__dirname, 'results', opts.out), md);
  process.stdout.write(`\n${md}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('bench failed:', err);
    process.exit(1);
  },
);
