import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { freePort } from '../src/core/embedded-postgres';
import { databaseUrl, withAdmin } from './helpers/db';
import { sleep } from './helpers/harness';

/**
 * SIGTERM under load, against the real entry point in its own process: in-flight requests
 * finish, sockets close with 1001 (so clients reconnect elsewhere), the process exits 0.
 */
describe('graceful shutdown', () => {
  const database = `onward_t_${process.env.ONWARD_TEST_TEMPLATE!.split('_').pop()}_${randomBytes(4).toString('hex')}`;
  let child: ChildProcess;
  let port: number;
  let exit: Promise<number | null>;
  let stderr = '';

  beforeAll(async () => {
    await withAdmin((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.ONWARD_TEST_TEMPLATE}`));
    port = await freePort();
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: path.join(__dirname, '..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl(database),
        REDIS_URL: '',
        LOG_LEVEL: 'error',
        JOBS: 'on',
        BOOTSTRAP_ADMIN_EMAIL: 'admin@onward.test',
        BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2026',
        // A real hashing cost keeps log-ins in flight long enough to catch them mid-way.
        PASSWORD_HASH_MEMORY_KIB: '19456',
        PASSWORD_HASH_TIME_COST: '6',
        MUTATION_LIMIT_PER_ADDRESS: '100000',
        LOGIN_LIMIT_PER_ADDRESS: '100000',
        LOGIN_LIMIT_PER_ACCOUNT: '10000',
        SHUTDOWN_GRACE_MS: '10000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += d));
    exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${stderr}`);
      await sleep(200);
    }
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('finishes in-flight requests, closes sockets with 1001 and exits 0', async () => {
    const url = `http://127.0.0.1:${port}/graphql`;
    const logIn = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: LogInInput!) { logIn(input: $i) { token } }',
          variables: { i: { email: 'admin@onward.test', password: 'admin-password-2026' } },
        }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const { body } = await logIn();
    const token = body.data.logIn.token as string;

    const closes: Promise<number>[] = [];
    for (let i = 0; i < 3; i++) {
      closes.push(
        new Promise<number>((resolve) => {
          const client = createClient({
            url: `ws://127.0.0.1:${port}/graphql`,
            webSocketImpl: WebSocket,
            retryAttempts: 0,
            lazy: false,
            onNonLazyError: () => undefined,
            connectionParams: { authorization: `Bearer ${token}` },
            on: { closed: (e) => resolve((e as { code: number }).code) },
          });
          client.on('error', () => undefined);
          client.subscribe(
            { query: 'subscription { notificationAdded { id } }' },
            { next: () => undefined, error: () => undefined, complete: () => undefined },
          );
        }),
      );
    }
    await sleep(300);

    const inFlight = Array.from({ length: 12 }, () => logIn());
    // SIGTERM once the server holds all twelve (hashing them takes far longer than this wait).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const held = Number(/^onward_http_requests_in_flight (\d+)/m.exec(metrics)?.[1] ?? 0);
      if (held >= 12) break;
      if (Date.now() > deadline) throw new Error(`only ${held} requests reached the server`);
      await sleep(10);
    }
    child.kill('SIGTERM');

    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(results.every((r) => typeof r.body.data?.logIn?.token === 'string')).toBe(true);
    expect(await Promise.all(closes)).toEqual([1001, 1001, 1001]);
    expect(await exit).toBe(0);
    // New connections are refused once it has gone.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 60_000);
});
