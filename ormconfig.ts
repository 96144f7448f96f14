import 'reflect-metadata';
import { createDataSource } from './src/core/db';
import { ENTITIES } from './src/modules';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:generate -- migrations/Name`).
 * It needs DATABASE_URL: the CLI never starts an embedded PostgreSQL.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to use the TypeORM CLI (see README: Making a migration).');
export default createDataSource(url, ENTITIES);
