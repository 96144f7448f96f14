import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FanoutResult } from './fanout';
import type { LoadResult } from './load';
import type { BurstResult, ContentionResult, PostingResult } from './writes';

type Measured = LoadResult & { sql: number; cpuMs?: number; eld?: { p99: number; max: number } };

export interface Report {
  date: Date;
  opts: { scale: number; subscribers: number; seconds: number; warmup: number; connections: number; only: string[] };
  pgVersion?: string;
  /** How load generator and servers were kept apart. */
  pinning?: string;
  overhead?: { anonymous: Measured; signedIn: Measured };
  seed?: {
    counts: Record<string, number>;
    timings: Array<{ step: string; count: number; ms: number }>;
    totalMs: number;
  };
  hello?: Measured;
  reads: Array<{
    name: string;
    label: string;
    onward: Measured & { one: number; size: number };
    half: Measured;
    /** Hello-world at the same paced rate: the floor of machine and generator. */
    floor?: Measured;
    pg: (Measured & { one: number; size: number }) | null;
  }>;
  contention?: ContentionResult;
  /** The same race by members whose sessions the server holds (each asked something moments before). */
  contentionWarm?: ContentionResult;
  /** The hello-world server answering the RSVP race's shape of burst. */
  burstCeiling?: BurstResult;
  posting?: PostingResult;
  fanout?: FanoutResult[];
  notes: string[];
}

function version(pkg: string): string {
  // Read the file directly: some packages' `exports` hide package.json from require.
  // The benchmark's own packages (bench/package.json) first, then the server's.
  for (const root of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    try {
      return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      // not installed there
    }
  }
  return '?';
}

function redisVersion(): string {
  try {
    return (
      /redis_version:(\S+)/.exec(execSync('redis-cli -h 127.0.0.1 INFO server', { timeout: 5000 }).toString())?.[1] ??
      '?'
    );
  } catch {
    return '?';
  }
}

const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '—');
const ok = (b: boolean) => (b ? 'met' : '**missed**');

export function renderReport(r: Report): string {
  const cpus = os.cpus();
  const L: string[] = [];
  L.push(`# Onward benchmark — ${r.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`, '');
  L.push(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}; ${r.pinning ?? 'load generator, servers, PostgreSQL and Redis on the same cores'}.`,
    `Versions: Node ${process.version}, PostgreSQL ${r.pgVersion ?? '?'}, Redis ${redisVersion()}, @apollo/server ${version('@apollo/server')}, express ${version('express')}, graphql ${version('graphql')}, type-graphql ${version('type-graphql')}, typeorm ${version('typeorm')}, graphql-ws ${version('graphql-ws')}, postgraphile ${version('postgraphile')}, autocannon ${version('autocannon')}.`,
    `Run: scale ${r.opts.scale}, ${r.opts.subscribers} subscribers, autocannon ${r.opts.connections} connections, ${r.opts.warmup} s warm-up + ${r.opts.seconds} s measured per read. "p99 at half peak" is an open-loop load at half the read's measured peak (evenly spaced requests over up to ${r.opts.connections} connections, latency counted from when each request was due, sent by a process of its own on the generator's core, with hello-world paced at the same rate beside it as the floor of machine and generator; autocannon's rate mode sends each second's requests in one burst at the top of the second, so it measures a queue, not the server at that rate). Servers run as child processes with NODE_ENV=production, LOG_LEVEL=warn, jobs off, DATABASE_POOL_SIZE=10, mutation and login limits raised, and \`--max-semi-space-size=64\` as \`npm start\` and the image run them (PostGraphile and hello-world too); PASSWORD_HASH_MEMORY_KIB=1024 and time cost 1 so thousands of sign-ups seed quickly.`,
    '',
  );
  if (r.seed) {
    L.push('## Seeding (through the services)', '', '| step | count | seconds | per second |', '|---|---:|---:|---:|');
    for (const t of r.seed.timings)
      L.push(`| ${t.step} | ${f0(t.count)} | ${f1(t.ms / 1000)} | ${f0((t.count / t.ms) * 1000)} |`);
    L.push(`| **total** | | **${f1(r.seed.totalMs / 1000)}** | |`, '');
  }
  if (r.hello || r.reads.length) {
    L.push('## Reads', '');
    if (r.hello)
      L.push(
        `Ceiling: Apollo Server 5 + Express 5 \`{ hello }\`, production mode: **${f0(r.hello.rps)} req/s**, p50 ${f1(r.hello.p50)} / p95 ${f1(r.hello.p95)} / p99 ${f1(r.hello.p99)} ms.`,
        '',
      );
    if (r.overhead) {
      const { anonymous: a, signedIn: si } = r.overhead;
      L.push(
        `Per-request overhead on the Onward server: anonymous \`{ __typename }\` **${f0(a.rps)} req/s** (${f2(a.cpuMs ?? NaN)} ms server CPU each, ${f2(a.sql)} SQL), signed-in \`{ viewer { id } }\` **${f0(si.rps)} req/s** (${f2(si.cpuMs ?? NaN)} ms, ${f2(si.sql)} SQL): ${pct(si.rps / a.rps)}.`,
        '',
      );
    }
    L.push(
      '| query | server | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/request | SQL/request (one; under load) | vs hello | vs PostGraphile | p99 at half peak |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const x of r.reads) {
      const o = x.onward;
      L.push(
        `| ${x.label} | Onward | ${f0(o.rps)} | ${f1(o.p50)} | ${f1(o.p95)} | ${f1(o.p99)} | ${f2(o.cpuMs ?? NaN)} | ${o.one}; ${f2(o.sql)} | ${r.hello ? pct(o.rps / r.hello.rps) : '—'} | ${x.pg ? f2(o.rps / x.pg.rps) + '×' : '—'} | ${f1(x.half.p99)} ms @ ${f0(x.half.rps)}/s (event-loop delay p99 ${f1(x.half.eld?.p99 ?? NaN)}, max ${f1(x.half.eld?.max ?? NaN)} ms${x.floor ? `; hello-world at that rate: p99 ${f1(x.floor.p99)} ms` : ''}) |`,
      );
      if (x.pg)
        L.push(
          `| | PostGraphile | ${f0(x.pg.rps)} | ${f1(x.pg.p50)} | ${f1(x.pg.p95)} | ${f1(x.pg.p99)} | ${f2(x.pg.cpuMs ?? NaN)} | ${x.pg.one}; ${f2(x.pg.sql)} | ${r.hello ? pct(x.pg.rps / r.hello.rps) : '—'} | | |`,
        );
      const errs = o.errors + o.non2xx + (x.pg ? x.pg.errors + x.pg.non2xx : 0);
      if (errs) r.notes.push(`${x.name}: ${errs} errors or non-2xx answers under load.`);
    }
    L.push('');
  }
  if (r.reads.some((x) => x.pg)) {
    L.push(
      "PostGraphile at its best, as far as we could make it: its equivalents (`queries.ts`) ask for the same fields; the upcoming-meetings filter and the viewer are `LANGUAGE sql STABLE` functions in a `bench_api` schema, and seatsLeft and viewerRsvp are computed columns of the same kind, which PostgreSQL can inline into PostGraphile's own statement; a `@foreignKey` smart tag gives it the reports of a queue item. Every filter and order it uses is on an index Onward has too (meetings `(starts_at, id)`, RSVPs `(meeting_id, status, waitlist_seq)`; its attendees come in primary-key order, so for the reads it also gets `(meeting_id, status, id)`, the counterpart of Onward's going-attendees index, dropped again before the writes; posts `(thread_id, created_at, id)`, the queue `(status, sort_rank, created_at, id)`, reports `(item_id)`). It gets the viewer through `pgSettings` on every request, as row-level security would need; the transaction that takes (begin, settings, commit) is most of its statement count. Its queries do not apply Onward's privacy rules (blocks, posts waiting for review), which favours it.",
      '',
    );
  }
  if (r.contention || r.posting) {
    L.push('## Writes', '', '| test | result |', '|---|---|');
    const c = r.contention;
    if (c)
      L.push(
        `| RSVP contention: ${c.members} members, ${c.capacity} seats, all at once (sessions not yet read by this server) | settled in ${f2(c.settleSeconds)} s = **${f0(c.rsvpsPerSecond)} RSVPs/s**; GOING ${c.going} (going_count ${c.goingCount}), waitlisted ${c.waitlisted}; errors ${JSON.stringify(c.errors)}; ${f1(c.sqlPerRsvp)} SQL/RSVP; ${f2(c.serverCpuMs / c.members)} ms server CPU per RSVP |`,
      );
    const w = r.contentionWarm;
    if (w)
      L.push(
        `| The same for a second meeting, each member having asked something moments before (session in the server's cache) | settled in ${f2(w.settleSeconds)} s = **${f0(w.rsvpsPerSecond)} RSVPs/s**; GOING ${w.going} (going_count ${w.goingCount}), waitlisted ${w.waitlisted}; errors ${JSON.stringify(w.errors)}; ${f1(w.sqlPerRsvp)} SQL/RSVP; ${f2(w.serverCpuMs / w.members)} ms server CPU per RSVP |`,
      );
    const b = r.burstCeiling;
    if (b && c)
      L.push(
        `| The same burst against hello-world (${b.requests} \`{ hello }\` at once, each on a new connection) | ${f2(b.seconds)} s = **${f0(b.perSecond)} requests/s**, ${f2(b.cpuMsEach)} ms server CPU each; the RSVP race runs at ${pct(c.rsvpsPerSecond / b.perSecond)} of it |`,
      );
    const p = r.posting;
    if (p)
      L.push(
        `| Posting (replyToThread, screening on, ${r.opts.connections} connections) | **${f0(p.rps)} posts/s**, p50 ${f1(p.p50)} / p95 ${f1(p.p95)} / p99 ${f1(p.p99)} ms; ${p.visible} visible, ${p.held} held for review; ${f1(p.sqlPerPost)} SQL/post; errors ${p.errors + p.non2xx} |`,
      );
    L.push('');
  }
  if (r.fanout?.length) {
    L.push(
      '## Fan-out (graphql-ws `postAdded`, one post)',
      '',
      '| setup | subscribers | received | never got it | p50 ms | p99 ms | max ms | server RSS MiB (idle → peak) | event-loop delay p99 / max ms | SQL for the event | connect s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const x of r.fanout) {
      L.push(
        `| ${x.instances === 1 ? 'one instance, in process' : `${x.instances} instances through Redis`} | ${f0(x.subscribers)} | ${f0(x.received)} | ${x.missing} | ${f0(x.p50)} | ${f0(x.p99)} | ${f0(x.max)} | ${x.rssMiB.map(f0).join(' + ')} → ${x.peakRssMiB.map(f0).join(' + ')} | ${x.eldP99.map(f0).join(', ')} / ${x.eldMax.map(f0).join(', ')} | ${f0(x.sqlPerEvent)} | ${f1(x.connectSeconds)} |`,
      );
    }
    L.push('');
  }
  L.push('## Targets', '', '| target | result | |', '|---|---|---|');
  for (const x of r.reads)
    if (x.pg)
      L.push(
        `| ${x.name}: ≥ 1.2× PostGraphile req/s | ${f2(x.onward.rps / x.pg.rps)}× | ${ok(x.onward.rps >= 1.2 * x.pg.rps)} |`,
      );
  const ceilingShare: Record<string, number> = { meetings: 0.1, viewer: 0.3 };
  for (const x of r.reads)
    if (r.hello && ceilingShare[x.name] !== undefined)
      L.push(
        `| ${x.name}: ≥ ${pct(ceilingShare[x.name])} of hello-world | ${pct(x.onward.rps / r.hello.rps)} | ${ok(x.onward.rps >= ceilingShare[x.name] * r.hello.rps)} |`,
      );
  if (r.overhead)
    L.push(
      `| signed-in \`{ viewer { id } }\` ≥ 70% of anonymous \`{ __typename }\` | ${pct(r.overhead.signedIn.rps / r.overhead.anonymous.rps)} | ${ok(r.overhead.signedIn.rps >= 0.7 * r.overhead.anonymous.rps)} |`,
    );
  for (const x of r.reads)
    L.push(`| ${x.name}: p99 < 50 ms at half the peak rate | ${f1(x.half.p99)} ms | ${ok(x.half.p99 < 50)} |`);
  for (const x of r.reads)
    L.push(`| ${x.name}: ≤ 4 SQL statements per request | ${x.onward.one} | ${ok(x.onward.one <= 4)} |`);
  for (const x of r.fanout ?? []) {
    const label = x.instances === 1 ? 'in process' : 'Redis';
    L.push(
      `| ${f0(x.subscribers)} subscribers (${label}): every one receives | ${x.missing} missing | ${ok(x.missing === 0)} |`,
    );
    L.push(`| ${f0(x.subscribers)} subscribers (${label}): p99 ≤ 1 s | ${f0(x.p99)} ms | ${ok(x.p99 <= 1000)} |`);
    L.push(
      `| ${f0(x.subscribers)} subscribers (${label}): server RSS < 1 GiB | ${Math.max(...x.peakRssMiB).toFixed(0)} MiB | ${ok(Math.max(...x.peakRssMiB) < 1024)} |`,
    );
  }
  if (r.contention) {
    L.push(
      `| RSVP contention: no overbooked seat (exactly ${r.contention.capacity} GOING) | ${r.contention.going} | ${ok(r.contention.going === r.contention.capacity && r.contention.goingCount === r.contention.capacity)} |`,
    );
    L.push(
      `| RSVP contention: ≥ 500 RSVPs/s | ${f0(r.contention.rsvpsPerSecond)} | ${ok(r.contention.rsvpsPerSecond >= 500)} |`,
    );
  }
  const w = r.contentionWarm;
  if (w) {
    L.push(
      `| RSVP contention, sessions cached: exactly ${w.capacity} GOING | ${w.going} | ${ok(w.going === w.capacity && w.goingCount === w.capacity)} |`,
      `| RSVP contention, sessions cached: ≥ 500 RSVPs/s | ${f0(w.rsvpsPerSecond)} | ${ok(w.rsvpsPerSecond >= 500)} |`,
    );
  }
  L.push('');
  if (r.notes.length) L.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return L.join('\n');
}
