import 'reflect-metadata';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/core/config';
import { serveProbe } from './probe';

/** Onward as in production, with the DataSource logger wrapped to count SQL statements. */
async function main(): Promise<void> {
  const app = await startApp(loadConfig(process.env));
  const logger = app.ds.logger;
  const original = logger.logQuery.bind(logger);
  const probe = serveProbe(app.port, () => app.stop());
  logger.logQuery = (query: string, ...rest: any[]) => {
    probe.countQuery();
    return original(query, ...(rest as []));
  };
}

main().catch((err) => {
  console.error('onward-server failed:', err);
  process.exit(1);
});
