import { startEmbeddedPostgres } from '../../src/core/embedded-postgres';

/**
 * A PostgreSQL in its own process, for tests that stop and start the database under a
 * running server (jest's sandbox cannot load the ESM-only package itself).
 * Usage: pg-process <data dir> <port>; prints "READY <url>"; SIGTERM stops it.
 */
const [dir, port] = process.argv.slice(2);
startEmbeddedPostgres(dir, 'onward', undefined, { port: Number(port) }).then(
  (pg) => {
    console.log(`READY ${pg.url}`);
    const stop = () => void pg.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
