import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/core/embedded-postgres';
import { sleep } from './helpers/harness';

/**
 * A newcomer's first hour, as the README tells it, on a fresh data directory and the
 * embedded PostgreSQL: `npm start` (the demo program loads on the first start), the README's
 * first query, `npm run seed` while the server runs, Ctrl-C, SIGTERM to `npm start`, and a
 * start after `kill -9`. Each time, nothing is left running and the logs stay at info level.
 * Linux only: it looks for leftover processes in /proc.
 */
const ROOT = path.join(__dirname, '..');
const describeLinux = process.platform === 'linux' ? describe : describe.skip;

/** Every live process: pid, parent and command line. */
function processes(): Array<{ pid: number; ppid: number; cmd: string }> {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(entry), ppid: Number(ppid), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function descendants(pid: number): number[] {
  const all = processes();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const p of all.filter((q) => q.ppid === parent)) {
      found.push(p.pid);
      queue.push(p.pid);
    }
  }
  return found;
}

const alive = (pids: number[]) => {
  const live = new Set(processes().map((p) => p.pid));
  return pids.filter((p) => live.has(p));
};

/** Processes whose command line names the data directory: the postmaster (`postgres -D …`). */
const onDataDir = (dir: string) => processes().filter((p) => p.cmd.includes(dir) && p.cmd.includes('postgres'));

interface Started {
  child: ChildProcess;
  exit: Promise<number | null>;
  lines(): Array<Record<string, any>>;
  output(): string;
}

describeLinux("a newcomer's first hour on the embedded PostgreSQL", () => {
  let dataDir: string;
  let port: number;
  const started: ChildProcess[] = [];

  const env = () => {
    const e: Record<string, string | undefined> = { ...process.env };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'SEED', 'JOBS', 'EXPLORER', 'LOG_LEVEL']) delete e[k];
    return { ...e, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  };

  /** `npm <args>` (or node directly) in a process group of its own, as a terminal would run it. */
  function run(command: string, args: string[]): Started {
    const child = spawn(command, args, { cwd: ROOT, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return {
      child,
      exit,
      output: () => out,
      lines: () =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, any>),
    };
  }

  async function ready(s: Started, ms = 120_000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (s.child.exitCode !== null) throw new Error(`exited (${s.child.exitCode}): ${s.output()}`);
      if (Date.now() > deadline) throw new Error(`not ready after ${ms} ms: ${s.output()}`);
      await sleep(250);
    }
  }

  async function gone(pids: number[], ms = 20_000): Promise<number[]> {
    const deadline = Date.now() + ms;
    while (alive(pids).length && Date.now() < deadline) await sleep(100);
    return alive(pids);
  }

  /** Only info and below, no stack anywhere: what a normal run and stop may log. */
  function expectQuiet(s: Started) {
    const loud = s.lines().filter((l) => l.level > 30 || JSON.stringify(l).includes('    at '));
    expect(loud).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-first-run-'));
    port = await freePort();
  });

  afterAll(async () => {
    for (const c of started) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    for (const p of onDataDir(dataDir)) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm start loads the demo program; the README query works; npm run seed works meanwhile; Ctrl-C stops all, quietly', async () => {
    const server = run('npm', ['start']);
    await ready(server);
    expect(server.lines().some((l) => /demo program loaded/.test(l.msg))).toBe(true);

    // The README's first query, as written.
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation { logIn(input: {email: "coordinator@onward.example", password: "onward-demo-2026"}) { token viewer { id displayName role } } }',
      }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.logIn.viewer.role).toBe('COORDINATOR');

    // The seed joins the running server's database (and leaves it running).
    const seed = run('npm', ['run', 'seed']);
    expect(await seed.exit).toBe(0);
    expect(seed.output()).toContain('Onward server running on this data directory');
    expect(seed.output()).toContain('Demo program ready');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).ok).toBe(true);

    // A second server on the same data directory says what to do instead.
    const second = run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts']);
    expect(await second.exit).toBe(1);
    expect(second.output()).toMatch(/another Onward \(pid \d+\) is running on .*: stop it first/);

    const family = descendants(server.child.pid!);
    expect(onDataDir(dataDir)).toHaveLength(1);
    // Ctrl-C: the terminal signals its whole foreground process group (npm and node).
    process.kill(-server.child.pid!, 'SIGINT');
    expect(await server.exit).toBe(0);
    expect(await gone(family)).toEqual([]);
    expect(onDataDir(dataDir)).toEqual([]);
    expect(server.lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expectQuiet(server);
  }, 240_000);

  it('SIGTERM to the npm start process stops node and PostgreSQL; a later start does not seed again', async () => {
    const server = run('npm', ['start']);
    await ready(server);
    const family = descendants(server.child.pid!);
    expect(family.length).toBeGreaterThanOrEqual(2); // node, and postgres under it
    process.kill(server.child.pid!, 'SIGTERM'); // npm alone, as a process manager would
    await server.exit;
    expect(await gone(family)).toEqual([]);
    expect(onDataDir(dataDir)).toEqual([]);
    expect(server.lines().some((l) => /demo program loaded/.test(l.msg))).toBe(false);
    expectQuiet(server);
  }, 180_000);

  it('after kill -9, the next start stops the orphaned PostgreSQL, says so once, and is ready', async () => {
    const first = run('npm', ['start']);
    await ready(first);
    const node = descendants(first.child.pid!).find((pid) =>
      processes().some((p) => p.pid === pid && p.cmd.includes('src/main.ts')),
    )!;
    process.kill(node, 'SIGKILL');
    await first.exit;
    const orphans = onDataDir(dataDir);
    expect(orphans).toHaveLength(1); // PostgreSQL outlives a killed parent

    const second = run('npm', ['start']);
    await ready(second);
    const said = second.lines().filter((l) => /left behind/.test(l.msg));
    expect(said).toHaveLength(1);
    expect(said[0].level).toBe(40);
    expect(alive(orphans.map((p) => p.pid))).toEqual([]);

    const family = descendants(second.child.pid!);
    process.kill(second.child.pid!, 'SIGTERM');
    await second.exit;
    expect(await gone(family)).toEqual([]);
    expect(onDataDir(dataDir)).toEqual([]);
  }, 240_000);
});
