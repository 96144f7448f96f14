import type { DataSource } from 'typeorm';
import type { ServerHandle } from './child';
import { runLoad, type LoadResult } from './load';
import { gql, log } from './util';

const RSVP = `mutation Rsvp($i: RsvpInput!) { rsvp(input: $i) { rsvp { id status waitlistPosition } } }`;
const REPLY = `mutation Reply($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id status } supportResources { name } } }`;

export interface ContentionResult {
  members: number;
  capacity: number;
  settleSeconds: number;
  rsvpsPerSecond: number;
  going: number;
  waitlisted: number;
  goingCount: number;
  errors: Record<string, number>;
  sqlPerRsvp: number;
  /** Server CPU time (all threads) while the race ran. */
  serverCpuMs: number;
}

export interface BurstResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Server CPU time (all threads) per request. */
  cpuMsEach: number;
}

/**
 * The same shape as the RSVP race against a server that does nothing (`{ hello }`): `n`
 * requests at once, each on its own new connection, so that the race has a ceiling to be read against.
 */
export async function burstCeiling(server: ServerHandle, n: number): Promise<BurstResult> {
  // The first burst opens the sockets and warms the server; the second is measured.
  for (let round = 0; ; round++) {
    await server.reset();
    const started = Date.now();
    await Promise.all(Array.from({ length: n }, () => gql(server.url, '{ hello }', {}, { authorization: 'Bearer x' })));
    const seconds = (Date.now() - started) / 1000;
    if (round === 0) continue;
    const stats = await server.stats();
    const out = { requests: n, seconds, perSecond: n / seconds, cpuMsEach: stats.cpuMs / n };
    log(`hello-world burst: ${n} at once in ${seconds.toFixed(2)} s (${Math.round(out.perSecond)}/s)`);
    return out;
  }
}

/** `tokens.length` members RSVP for one meeting with `capacity` seats, all at once, over HTTP. */
export async function rsvpContention(
  server: ServerHandle,
  ds: DataSource,
  meetingId: string,
  capacity: number,
  tokens: string[],
): Promise<ContentionResult> {
  await server.reset();
  const started = Date.now();
  const results = await Promise.all(
    tokens.map((t) =>
      gql(server.url, RSVP, { i: { meetingId } }, { authorization: `Bearer ${t}` }).catch((e) => ({
        status: 0,
        errors: [{ message: String(e), extensions: { code: 'FETCH' } }],
      })),
    ),
  );
  const settleSeconds = (Date.now() - started) / 1000;
  const stats = await server.stats();
  const errors: Record<string, number> = {};
  for (const r of results)
    for (const e of r.errors ?? []) {
      const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN';
      errors[code] = (errors[code] ?? 0) + 1;
    }
  const [row] = await ds.query(
    `SELECT count(*) FILTER (WHERE r.status = 'GOING')::int AS going, count(*) FILTER (WHERE r.status = 'WAITLISTED')::int AS waitlisted,
            (SELECT going_count FROM meetings WHERE id = $1) AS going_count
       FROM meeting_rsvps r WHERE r.meeting_id = $1`,
    [meetingId],
  );
  const out: ContentionResult = {
    members: tokens.length,
    capacity,
    settleSeconds,
    rsvpsPerSecond: tokens.length / settleSeconds,
    going: row.going,
    waitlisted: row.waitlisted,
    goingCount: row.going_count,
    errors,
    sqlPerRsvp: stats.queries / tokens.length,
    serverCpuMs: stats.cpuMs,
  };
  log(
    `RSVP contention: ${tokens.length} members, ${capacity} seats: settled in ${settleSeconds.toFixed(2)} s (${Math.round(out.rsvpsPerSecond)}/s); GOING ${out.going}, waitlisted ${out.waitlisted}, errors ${JSON.stringify(errors)}`,
  );
  return out;
}

export interface PostingResult extends LoadResult {
  held: number;
  visible: number;
  sqlPerPost: number;
}

/** Replies as fast as they are taken, from many members into many threads; screening runs on each. */
export async function postingThroughput(
  server: ServerHandle,
  ds: DataSource,
  tokens: string[],
  threadIds: string[],
  connections: number,
  seconds: number,
): Promise<PostingResult> {
  const bodies = [
    'Checking in after a long week. Still here, still sober.',
    'The evening meeting helped a lot, thanks to whoever brought coffee.',
    'Anyone want to walk on Saturday morning? Call me at 312-555-0199.',
    'Rough night but I called my sponsor instead of going out.',
  ];
  const [{ before }] = await ds.query(`SELECT max(created_at) AS before FROM posts`);
  // Check one write answers with data before measuring.
  const probe = await gql(
    server.url,
    REPLY,
    { i: { threadId: threadIds[1], body: bodies[0] } },
    { authorization: `Bearer ${tokens[0]}` },
  );
  if (!probe.data?.replyToThread) throw new Error(`replyToThread failed: ${JSON.stringify(probe.errors)}`);
  await server.reset();
  let i = 0;
  const load = await runLoad({
    url: server.url,
    connections,
    seconds,
    body: () => {
      i++;
      return {
        body: JSON.stringify({
          query: REPLY,
          variables: { i: { threadId: threadIds[1 + (i % (threadIds.length - 1))], body: bodies[i % bodies.length] } },
        }),
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
      };
    },
  });
  const stats = await server.stats();
  const [counts] = await ds.query(
    `SELECT count(*) FILTER (WHERE status = 'VISIBLE')::int AS visible, count(*) FILTER (WHERE status = 'PENDING_REVIEW')::int AS held FROM posts WHERE created_at > $1`,
    [before],
  );
  log(`posting: ${counts.visible} visible, ${counts.held} held for review`);
  return {
    ...load,
    held: counts.held,
    visible: counts.visible,
    sqlPerPost: stats.queries / Math.max(1, load.requests),
  };
}
