import autocannon from 'autocannon';
import { log, percentile } from './util';

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
}

export interface LoadSpec {
  url: string;
  /** A JSON body per request; called for every request (lets each carry its own viewer). */
  body: () => { body: string; headers: Record<string, string> };
  connections: number;
  seconds: number;
  /** Requests per second across all connections; unset: as fast as it answers. */
  rate?: number;
}

/** One autocannon run; latencies are collected per response, so p95 is exact. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = Date.now();
  const opts: autocannon.Options = {
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.rate ? { overallRate: Math.max(1, Math.round(spec.rate)) } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: any) => {
          const { body, headers } = spec.body();
          return { ...req, body, headers: { ...req.headers, ...headers } };
        },
      },
    ],
    timeout: 30,
  };
  const instance = autocannon(opts) as unknown as import('node:events').EventEmitter;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (latencies.length < 5_000_000) latencies.push(ms);
  });
  const result: autocannon.Result = await new Promise((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const out: LoadResult = {
    rps: result.requests.total / spec.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds,
  };
  log(
    `  ${Math.round(out.rps)} req/s, p50 ${out.p50.toFixed(1)} ms, p95 ${out.p95.toFixed(1)} ms, p99 ${out.p99.toFixed(1)} ms, errors ${out.errors}, non-2xx ${out.non2xx}`,
  );
  return out;
}
