import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './core/config';
import { loggableError } from './core/format-error';
import { createLogger } from './core/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Invalid configuration: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  const started = Date.now();
  const app = await startApp(config, { logger });
  logger.info({ url: app.url, ms: Date.now() - started }, `Onward is ready at ${app.url}`);

  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than the grace period');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    timer.unref();
    app.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err: loggableError(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // A stray rejection (a dropped connection, say) is logged; it must not take the instance down.
  process.on('unhandledRejection', (reason) => logger.error({ err: loggableError(reason) }, 'unhandled rejection'));
  // The embedded PostgreSQL package stops itself on these signals; here the shutdown owns
  // the order instead (drain requests and jobs first, stop the database last).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`Onward failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
