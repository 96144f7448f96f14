import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type App } from '../src/app';
import { loadConfig } from '../src/core/config';
import { freePort } from '../src/core/embedded-postgres';
import { codes, sleep, startTestApp, type TestApp } from './helpers/harness';
import { withAdmin } from './helpers/db';

const VIEWER = '{ viewer { id } }';

/** Starts PostgreSQL in a child process; resolves with its URL and the process. */
function startPostgresProcess(dir: string, port: number): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'helpers', 'pg-process.ts'), dir, String(port)],
    {
      cwd: path.join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ url: m[1], proc });
    });
    proc.stderr.on('data', (d) => (out += d));
    proc.on('exit', (code) => reject(new Error(`postgres process exited (${code}): ${out}`)));
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.on('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

describe('database faults', () => {
  describe('connections killed under load', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.stop());

    it('does not crash; failures are masked and stop within 5 s', async () => {
      const u = await t.user('MEMBER');
      let running = true;
      const outcomes: Array<{ at: number; ok: boolean; code?: string; message?: string }> = [];
      const loop = async () => {
        while (running) {
          const r = await t.gql(VIEWER, {}, u.token).catch(() => null);
          outcomes.push({
            at: Date.now(),
            ok: !!r?.data?.viewer,
            code: r ? codes(r)[0] : 'NETWORK',
            message: r?.errors?.[0]?.message,
          });
        }
      };
      const loops = Array.from({ length: 4 }, loop);
      await sleep(300);
      const killedAt = Date.now();
      const killed = await withAdmin((c) =>
        c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [t.database],
        ),
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      await sleep(6000);
      running = false;
      await Promise.all(loops);

      const failures = outcomes.filter((o) => !o.ok);
      for (const f of failures) {
        expect(f.code).toBe('INTERNAL_SERVER_ERROR');
        expect(f.message).toBe('Internal server error');
      }
      const lastFailure = Math.max(killedAt, ...failures.map((f) => f.at));
      expect(lastFailure - killedAt).toBeLessThan(5000);
      expect(outcomes.filter((o) => o.at > killedAt + 5000).every((o) => o.ok)).toBe(true);
      expect(outcomes.filter((o) => o.at > killedAt + 5000).length).toBeGreaterThan(0);
    }, 30_000);
  });

  describe('PostgreSQL stopped and started', () => {
    let dir: string;
    let pg: { url: string; proc: ChildProcess };
    let app: App;
    let port: number;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-fault-'));
      fs.chmodSync(dir, 0o755);
      port = await freePort();
      pg = await startPostgresProcess(path.join(dir, 'pg'), port);
      app = await startApp(
        loadConfig({
          NODE_ENV: 'test',
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: pg.url,
          LOG_LEVEL: 'silent',
          JOBS: 'off',
        }),
      );
    }, 60_000);

    afterAll(async () => {
      await app?.stop().catch(() => undefined);
      if (pg) await stopProcess(pg.proc);
      fs.rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('/readyz answers 503 while the database is away, 200 once it is back, and requests succeed again', async () => {
      const origin = `http://127.0.0.1:${app.port}`;
      const ready = () => fetch(`${origin}/readyz`).then((r) => r.status);
      const viewer = () =>
        fetch(`${origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: VIEWER }),
        }).then(async (r) => await r.json());
      expect(await ready()).toBe(200);

      await stopProcess(pg.proc);
      expect(await ready()).toBe(503);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);

      pg = await startPostgresProcess(path.join(dir, 'pg'), port);
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (Date.now() < deadline && (status = await ready()) !== 200) await sleep(200);
      expect(status).toBe(200);
      expect(await viewer()).toEqual({ data: { viewer: null } });
    }, 60_000);
  });
});
