import { fork } from 'node:child_process';
import http from 'node:http';
import type { LoadResult, LoadSpec } from './load';
import { log, percentile } from './util';

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate, evenly spaced.
 * autocannon's rate mode sends each connection's whole per-second budget at the top of
 * every second, so its latencies measure a burst queue rather than the server at that rate.
 * Latency counts from the moment a request was due, so time spent waiting for a free
 * connection is included (no coordinated omission).
 */
export async function runPaced(spec: LoadSpec & { rate: number }): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let inFlight = 0;
  const interval = 1000 / spec.rate;
  const total = Math.round(spec.rate * spec.seconds);
  const started = performance.now();
  let sent = 0;

  const fire = (due: number) => {
    const { body, headers } = spec.body();
    inFlight++;
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          if ((res.statusCode ?? 0) >= 300) non2xx++;
          latencies.push(performance.now() - due);
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      inFlight--;
      errors++;
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) fire(started + interval * sent++);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(interval, started + sent * interval - now)));
      else resolve();
    };
    tick();
  });
  const deadline = Date.now() + 35_000;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const out: LoadResult = {
    rps: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
    non2xx,
    seconds,
  };
  log(
    `  paced ${spec.rate.toFixed(0)}/s: ${Math.round(out.rps)} req/s, p50 ${out.p50.toFixed(1)} ms, p95 ${out.p95.toFixed(1)} ms, p99 ${out.p99.toFixed(1)} ms, errors ${out.errors}, non-2xx ${out.non2xx}`,
  );
  return out;
}

interface ApartSpec {
  url: string;
  bodies: Array<{ body: string; headers: Record<string, string> }>;
  connections: number;
  seconds: number;
  rate: number;
}

/**
 * `runPaced` in a process of its own. In the benchmark's process the generator shares a heap
 * with everything seeded; its garbage collection would hold requests back, and a request
 * sent late counts as latency. The child inherits the generator's core.
 */
export function runPacedApart(spec: LoadSpec & { rate: number }): Promise<LoadResult> {
  const bodies = Array.from({ length: 256 }, () => spec.body());
  const child = fork(__filename, [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
  const message: ApartSpec = {
    url: spec.url,
    bodies,
    connections: spec.connections,
    seconds: spec.seconds,
    rate: spec.rate,
  };
  return new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (result) => {
      resolve(result as LoadResult);
      child.kill();
    });
    child.once('exit', (code) => reject(new Error(`the paced load generator exited with ${code}`)));
    child.send(message);
  });
}

if (require.main === module) {
  process.once('message', (spec: ApartSpec) => {
    let k = 0;
    void runPaced({ ...spec, body: () => spec.bodies[k++ % spec.bodies.length] }).then((result) =>
      process.send!(result, () => process.exit(0)),
    );
  });
}
