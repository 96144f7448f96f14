import 'reflect-metadata';
import { startApp, type App } from './app';
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
  // A stray rejection (a dropped connection, say) is logged; it must not take the instance down.
  process.on('unhandledRejection', (reason) => logger.error({ err: loggableError(reason) }, 'unhandled rejection'));

  // The server owns its signals from the first moment, whoever sends them: the terminal's
  // Ctrl-C (to the whole process group), npm (which forwards to the `exec`ed node), or an
  // orchestrator's SIGTERM. The embedded PostgreSQL runs in a group of its own and is
  // stopped last, once requests, sockets and jobs are done.
  const running: { app?: App } = {};
  let signalled: NodeJS.Signals | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return; // npm forwards the terminal's Ctrl-C a second time
    signalled = signal;
    const { app } = running;
    if (!app) {
      logger.info({ signal }, 'stopping before start-up finished');
      process.exit(1); // an embedded PostgreSQL is stopped on exit
    }
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than the grace period');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    timer.unref();
    app.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err: loggableError(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const started = Date.now();
  const app = (running.app = await startApp(config, { logger }));
  logger.info({ url: app.url, ms: Date.now() - started }, `Onward is ready at ${app.url}`);
}

main().catch((err) => {
  console.error(`Onward failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
