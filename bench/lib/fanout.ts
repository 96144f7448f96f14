import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ServerHandle, ServerStats } from './child';
import { gql, log, percentile, sleep } from './util';

const SUBSCRIPTION = `subscription PostAdded($t: ID!) { postAdded(threadId: $t) { id body createdAt author { id displayName } } }`;
const REPLY = `mutation Reply($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id status } } }`;

export interface FanoutResult {
  subscribers: number;
  instances: number;
  connectSeconds: number;
  received: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
  /** RSS of each instance with every socket open, and its peak during delivery. */
  rssMiB: number[];
  peakRssMiB: number[];
  eldP99: number[];
  eldMax: number[];
  sqlPerEvent: number;
}

async function subscriptionsOpen(server: ServerHandle): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const m = /^onward_ws_subscriptions (\d+)/m.exec(await res.text());
  return m ? Number(m[1]) : -1;
}

/**
 * `n` graphql-ws clients, spread over the servers, follow one thread; one post is published
 * (after a warm-up post by someone else) and every client's arrival time is taken.
 */
export async function runFanout(opts: {
  servers: ServerHandle[];
  n: number;
  tokens: string[];
  threadId: string;
  publishers: [string, string];
  timeoutMs?: number;
  /** Called once every subscription is open, before anything is published (a heap snapshot, say). */
  whenSubscribed?: () => Promise<void>;
}): Promise<FanoutResult> {
  const { servers, n, tokens, threadId } = opts;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const clients: Client[] = [];
  const arrivals: Array<Map<string, number>> = [];
  let connectFailures = 0;
  const t0 = Date.now();
  const batch = 200;
  for (let start = 0; start < n; start += batch) {
    const ready: Array<Promise<void>> = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const server = servers[i % servers.length];
      const got = new Map<string, number>();
      arrivals.push(got);
      ready.push(
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            connectFailures++;
            resolve();
          }, 60_000);
          const client = createClient({
            url: `ws://127.0.0.1:${server.port}/graphql`,
            webSocketImpl: WebSocket,
            lazy: false,
            retryAttempts: 0,
            connectionParams: { authorization: `Bearer ${tokens[i % tokens.length]}` },
            onNonLazyError: () => undefined,
            on: {
              connected: () => {
                clearTimeout(timer);
                resolve();
              },
              closed: () => {
                clearTimeout(timer);
                resolve();
              },
            },
          });
          client.on('error', () => undefined);
          clients.push(client);
          client.subscribe<{ postAdded: { id: string } }>(
            { query: SUBSCRIPTION, variables: { t: threadId } },
            {
              next: (v) => {
                const id = v.data?.postAdded?.id;
                if (id && !got.has(id)) got.set(id, Date.now());
              },
              error: () => undefined,
              complete: () => undefined,
            },
          );
        }),
      );
    }
    await Promise.all(ready);
  }
  // Every subscription is registered once the servers count them all (bounded wait).
  const deadline = Date.now() + 120_000;
  for (;;) {
    const open = (await Promise.all(servers.map(subscriptionsOpen))).reduce((a, b) => a + b, 0);
    if (open >= n || Date.now() > deadline) {
      if (open < n) log(`fan-out: only ${open} of ${n} subscriptions registered`);
      break;
    }
    await sleep(250);
  }
  const connectSeconds = (Date.now() - t0) / 1000;
  log(
    `fan-out: ${n} clients subscribed on ${servers.length} instance(s) in ${connectSeconds.toFixed(1)} s (${connectFailures} connect failures)`,
  );
  await opts.whenSubscribed?.();
  await sleep(1000);

  const publish = async (token: string, body: string) => {
    const started = Date.now();
    const r = await gql(servers[0].url, REPLY, { i: { threadId, body } }, { authorization: `Bearer ${token}` });
    const post = r.data?.replyToThread?.post;
    if (!post || post.status !== 'VISIBLE')
      throw new Error(`fan-out publish failed: ${JSON.stringify(r.errors ?? post)}`);
    return { id: post.id as string, started };
  };
  const waitAll = async (id: string) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end && arrivals.some((a) => !a.has(id))) await sleep(20);
  };

  // Warm-up: proves every subscription is live and warms the code paths.
  const warm = await publish(opts.publishers[0], 'Warm-up: checking in from the evening group.');
  await waitAll(warm.id);
  const warmMissing = arrivals.filter((a) => !a.has(warm.id)).length;
  if (warmMissing) log(`fan-out: ${warmMissing} clients missed the warm-up event`);
  await sleep(500);
  const before = await Promise.all(servers.map((s) => s.stats()));
  await Promise.all(servers.map((s) => s.reset()));
  const measured = await publish(opts.publishers[1], 'Made it through the weekend. Thank you all for the calls.');
  await waitAll(measured.id);
  const after: ServerStats[] = await Promise.all(servers.map((s) => s.stats()));
  const times = arrivals.filter((a) => a.has(measured.id)).map((a) => a.get(measured.id)! - measured.started);
  times.sort((a, b) => a - b);
  const result: FanoutResult = {
    subscribers: n,
    instances: servers.length,
    connectSeconds,
    received: times.length,
    missing: n - times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    rssMiB: before.map((s) => s.rssBytes / 2 ** 20),
    peakRssMiB: after.map((s) => s.peakRssBytes / 2 ** 20),
    eldP99: after.map((s) => s.eld.p99),
    eldMax: after.map((s) => s.eld.max),
    sqlPerEvent: after.reduce((a, s) => a + s.queries, 0),
  };
  log(
    `fan-out: received ${result.received}/${n}, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, SQL ${result.sqlPerEvent}, RSS ${result.peakRssMiB.map((x) => x.toFixed(0)).join('+')} MiB`,
  );
  // Close in batches; the servers drop the sockets on their side.
  for (let i = 0; i < clients.length; i += 500)
    await Promise.allSettled(clients.slice(i, i + 500).map(async (c) => c.dispose()));
  await sleep(1000);
  return result;
}
