import path from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';

/** One key for the whole network: whoever holds it runs migrations, the others wait. */
const MIGRATION_LOCK_KEY = 727_001;

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

/** Runs pending migrations under a PostgreSQL advisory lock, so that concurrent starts are safe. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
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
