import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** What every benchmarked server reports over IPC. */
export interface ServerStats {
  /** SQL statements sent since the last reset. */
  queries: number;
  rssBytes: number;
  /** Highest RSS sampled (every 100 ms) since the last reset. */
  peakRssBytes: number;
  /** Event-loop delay since the last reset, milliseconds. */
  eld: { p50: number; p99: number; max: number };
  /** CPU time (user + system) since the last reset, milliseconds. */
  cpuMs: number;
}

export interface ServerHandle {
  name: string;
  port: number;
  url: string;
  pid: number;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Starts `bench/lib/<script>` as a child with ts-node, and waits for its `ready` message (bounded). */
export async function spawnServer(
  name: string,
  script: string,
  env: Record<string, string>,
  opts: { cpuProfDir?: string; timeoutMs?: number; cores?: string | null } = {},
): Promise<ServerHandle> {
  // Every server (Onward, PostGraphile, hello) gets the young generation production runs with.
  const execArgv = ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096', '--max-semi-space-size=64'];
  // Extra V8 flags for the servers only, e.g. BENCH_SERVER_NODE_FLAGS=--max-semi-space-size=64
  if (process.env.BENCH_SERVER_NODE_FLAGS)
    execArgv.push(...process.env.BENCH_SERVER_NODE_FLAGS.split(/\s+/).filter(Boolean));
  if (opts.cpuProfDir)
    execArgv.push(
      '--cpu-prof',
      `--cpu-prof-dir=${opts.cpuProfDir}`,
      `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
    );
  const child: ChildProcess = fork(path.join(__dirname, script), [], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map<number, (m: any) => void>();
  child.on('message', (m: any) => {
    const w = waiting.get(m?.id);
    if (w) {
      waiting.delete(m.id);
      w(m);
    }
  });
  const call = (type: string, ms = 30_000): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${name}: no answer to ${type} within ${ms} ms`));
      }, ms);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send({ type, id });
    });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${opts.timeoutMs ?? 60_000} ms`)),
      opts.timeoutMs ?? 60_000,
    );
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready`));
    });
  });
  pin(child.pid!, opts.cores ?? null);
  let stopped: Promise<void> | undefined;
  return {
    name,
    port,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}/graphql`,
    stats: () => call('stats').then((m) => m.stats as ServerStats),
    reset: () => call('reset').then(() => undefined),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop', id: ++seq });
      });
      return stopped;
    },
  };
}

/**
 * Keeps the load generator and the servers off each other's cores where the machine allows:
 * the orchestrator (autocannon runs in it) on the first core, servers on the others
 * (`taskset`, Linux). PostgreSQL and Redis are left to the scheduler. Returns how, for the report.
 */
export function pinning(): { server: string | null; describe: string } {
  const cores = os.cpus().length;
  if (process.env.BENCH_PIN === 'off') return { server: null, describe: 'not pinned (BENCH_PIN=off)' };
  if (cores < 2 || process.platform !== 'linux')
    return { server: null, describe: 'not pinned (one core, or not Linux)' };
  try {
    execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return { server: null, describe: 'not pinned (taskset not available)' };
  }
  const server = cores === 2 ? '1' : `1-${cores - 1}`;
  return {
    server,
    describe:
      process.env.BENCH_PIN_THREADS === 'all'
        ? `for the reads, load generator pinned to core 0 and each server (every thread) to core${cores === 2 ? '' : 's'} ${server} with taskset (PostgreSQL and Redis unpinned); writes and fan-out unpinned`
        : `for the reads, load generator pinned to core 0 and each server's JavaScript thread to core${cores === 2 ? '' : 's'} ${server} with taskset, its garbage-collector and I/O helper threads left to the scheduler as in production (PostgreSQL and Redis unpinned); writes and fan-out unpinned`,
  };
}

/** Pins a started server (all its threads) to the given cores. */
export function pin(pid: number, cores: string | null): void {
  if (!cores) return;
  // The JavaScript thread only: V8 marks and sweeps on helper threads, which in production run
  // on other cores; pinned to the same core they stall requests (p99 at half peak ~100 ms instead
  // of ~30). BENCH_PIN_THREADS=all pins every thread.
  const all = process.env.BENCH_PIN_THREADS === 'all';
  execFileSync('taskset', [...(all ? ['-a'] : []), '-cp', cores, String(pid)], { stdio: 'ignore' });
}

/** Gives this process and the given servers every core again (writes and fan-out run unpinned). */
export function unpinAll(pids: number[], pinned: string | null): void {
  if (!pinned) return;
  const all = `0-${os.cpus().length - 1}`;
  for (const pid of [process.pid, ...pids])
    execFileSync('taskset', ['-a', '-cp', all, String(pid)], { stdio: 'ignore' });
}
