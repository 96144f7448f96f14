import { ENTITIES } from '../src/modules';
import { createDataSource } from '../src/core/db';
import { databaseUrl } from './helpers/db';

describe('migrations', () => {
  it('leave no difference between the entities and the migrated database', async () => {
    // The template database was built by running every migration from scratch.
    const ds = createDataSource(databaseUrl(process.env.ONWARD_TEST_TEMPLATE!), ENTITIES, 1);
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
