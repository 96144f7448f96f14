import path from 'node:path';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { installTypeParsers } from './pg-types';

installTypeParsers();

/**
 * One key for the whole network: whoever holds it changes the schema (migrations, job
 * queues, the first-run seed), the others wait. Instances starting together on an empty
 * database take turns instead of deadlocking.
 */
export const STARTUP_LOCK_KEY = 727_001;

/**
 * TypeORM 1.1 inspects a schema with several statements at once on one connection, which pg
 * 8.19 deprecates (and pg 9 refuses). Each query runner sends its statements one after
 * another, as pg would have queued them anyway. (Fixed upstream by typeorm#12105.)
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with the runner as `this` below
const runnerQuery = PostgresQueryRunner.prototype.query;
PostgresQueryRunner.prototype.query = function (
  this: PostgresQueryRunner & { onwardQueue?: Promise<unknown> },
  ...args
) {
  const run = () => runnerQuery.apply(this, args);
  const result = (this.onwardQueue ?? Promise.resolve()).then(run, run);
  this.onwardQueue = result.catch(() => undefined);
  return result;
} as typeof runnerQuery;

export function createDataSource(
  url: string,
  entities: readonly Function[],
  poolSize = 10,
  statementTimeoutMs = 15000,
): DataSource {
  return new DataSource({
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    url,
    entities: [...entities],
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // statement_timeout bounds the work any one request can make the database do.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      statement_timeout: statementTimeoutMs,
    },
  });
}

/**
 * Runs `work` while holding the start-up lock, on a connection of its own (so that the work
 * may use the whole pool). The lock ends with that connection, even if this process dies.
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a lost connection fails the work's own queries
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs pending migrations under the start-up lock, so that concurrent starts are safe. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('migrate() needs a DataSource made by createDataSource (with a url)');
  return withStartupLock(url, async () => {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  });
}

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  attempts?: number;
}

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs work in a transaction, retrying a bounded number of times on serialization
 * failures and deadlocks, which are expected under contention.
 */
export async function inTransaction<T>(
  ds: DataSource,
  work: (em: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(options.isolation ?? 'READ COMMITTED', work);
    } catch (err) {
      const code =
        (err as { code?: string; driverError?: { code?: string } }).driverError?.code ??
        (err as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** PostgreSQL's unique-violation code, for turning races into CONFLICT. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const name = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && (!constraint || name === constraint);
}

export interface Listener {
  stop(): Promise<void>;
}

/**
 * Keeps `LISTEN channel` open on a connection of its own, reconnecting when it drops.
 * `onState(false)` says notifications may have been missed (whoever caches on them must
 * forget and stop caching); `onState(true)` that they flow again.
 */
export function listen(
  url: string,
  channel: string,
  handlers: { onMessage(payload: string): void; onState(up: boolean): void; onError?(err: Error): void },
  retryMs = 1000,
): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const lost = (err?: Error) => {
    handlers.onState(false);
    if (err) handlers.onError?.(err);
    const c = client;
    client = null;
    void c?.end().catch(() => undefined);
    // Unref'd: a listener waiting to reconnect never keeps a process alive on its own.
    if (!stopped) timer = setTimeout(() => void open(), retryMs).unref();
  };
  const open = async () => {
    const c = new Client({ connectionString: url });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) handlers.onMessage(n.payload);
    });
    c.on('error', (err) => {
      if (client === c) lost(err);
    });
    c.on('end', () => {
      if (client === c) lost();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (client === c && !stopped) handlers.onState(true);
    } catch (err) {
      if (client === c) lost(err as Error);
    }
  };
  void open();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      handlers.onState(false);
      await c?.end().catch(() => undefined);
    },
  };
}
