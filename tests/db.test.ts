import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../src/core/db';
import { rows, sql } from '../src/core/sql';
import { ENTITIES } from '../src/modules';
import { databaseUrl, withAdmin } from './helpers/db';

/**
 * TypeORM inspects a schema (migration:check, the migrations drift test) with several
 * statements at once on one connection; pg 8.19 deprecates that, and pg 9 will refuse it.
 * Each query runner sends them one after another, so nothing warns.
 */
describe('the database layer', () => {
  const database = `onward_t_${process.env.ONWARD_TEST_TEMPLATE!.split('_').pop()}_${randomBytes(4).toString('hex')}`;
  beforeAll(() =>
    withAdmin((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.ONWARD_TEST_TEMPLATE}`)),
  );
  afterAll(() => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)));

  it('inspects the schema without overlapping statements on one connection (no pg deprecation)', async () => {
    // What pg deprecates: a query sent while the same client still runs another.
    const busy = new WeakMap<object, number>();
    let overlapping = 0;
    const query = pg.Client.prototype.query;
    const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: any[]) {
      const n = busy.get(this) ?? 0;
      if (n > 0) overlapping++;
      busy.set(this, n + 1);
      const result = (query as (...a: any[]) => any).apply(this, args);
      const done = () => busy.set(this, (busy.get(this) ?? 1) - 1);
      if (result && typeof result.then === 'function') result.then(done, done);
      else done();
      return result;
    } as any);
    const ds = createDataSource(databaseUrl(database), ENTITIES, 2);
    await ds.initialize();
    try {
      const tables = await ds.createQueryRunner().getTables();
      expect(tables.length).toBeGreaterThan(10);
      await ds.driver.createSchemaBuilder().log();
      expect(overlapping).toBe(0);
    } finally {
      spy.mockRestore();
      await ds.destroy();
    }
  });

  it('still runs the statements of one runner in order, and an error does not block the next', async () => {
    const ds = createDataSource(databaseUrl(database), ENTITIES, 1);
    await ds.initialize();
    const runner = ds.createQueryRunner();
    try {
      const results = await Promise.allSettled([
        runner.query('SELECT 1 AS n'),
        runner.query('SELECT * FROM no_such_table'),
        runner.query('SELECT 3 AS n'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseFulfilledResult<Array<{ n: number }>>).value[0].n).toBe(3);
    } finally {
      await runner.release();
      await ds.destroy();
    }
  });

  it('runs reads outside a transaction as prepared statements, and wraps their errors as TypeORM does', async () => {
    const ds = createDataSource(databaseUrl(database), ENTITIES, 1);
    await ds.initialize();
    try {
      const marker = randomBytes(4).toString('hex');
      const read = (n: number) => rows<{ n: number; m: string }>(ds, sql`SELECT ${n}::int AS n, ${marker}::text AS m`);
      expect(await read(1)).toEqual([{ n: 1, m: marker }]);
      expect(await read(2)).toEqual([{ n: 2, m: marker }]);
      // One connection in the pool: it holds the statement, parsed once for both reads.
      const prepared = await rows<{ statement: string }>(
        ds,
        sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${'%::text AS m'}`,
      );
      expect(prepared).toHaveLength(1);
      const failed = await rows(ds, sql`SELECT ${'not a uuid'}::uuid`).catch((e: unknown) => e);
      expect((failed as Error).name).toBe('QueryFailedError');
      expect((failed as { driverError?: { code?: string } }).driverError?.code).toBe('22P02');
    } finally {
      await ds.destroy();
    }
  });
});
