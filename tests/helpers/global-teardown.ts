import fs from 'node:fs';
import { withAdmin } from './db';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.ONWARD_TEST_TEMPLATE;
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `onward_t_${process.pid}_%`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }).catch(() => undefined);
  const embedded = globalThis.__onwardEmbeddedPg;
  if (embedded) {
    await embedded.pg.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}
