import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENTITIES } from '../../src/modules';
import { createDataSource, migrate } from '../../src/core/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/core/embedded-postgres';
import { databaseUrl, withAdmin } from './db';

declare global {
  var __onwardEmbeddedPg: { pg: EmbeddedPostgres; dir: string } | undefined;
}

/**
 * Starts PostgreSQL for the run (embedded unless DATABASE_URL is set), then builds one
 * migrated template database that every test file clones: each file gets a fresh database.
 */
export default async function globalSetup(): Promise<void> {
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-test-'));
    fs.chmodSync(dir, 0o755); // the postgres user must reach its data directory
    const pg = await startEmbeddedPostgres(path.join(dir, 'pg'), 'postgres');
    globalThis.__onwardEmbeddedPg = { pg, dir };
    admin = pg.url;
  }
  process.env.ONWARD_TEST_ADMIN_URL = admin;
  const template = `onward_tpl_${process.pid}`;
  process.env.ONWARD_TEST_TEMPLATE = template;
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  const ds = createDataSource(databaseUrl(template), ENTITIES, 2);
  await ds.initialize();
  try {
    await migrate(ds);
  } finally {
    await ds.destroy();
  }
}
