import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './core/config';
import { createDataSource, migrate, withStartupLock } from './core/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './core/embedded-postgres';
import { Jobs } from './core/jobs';
import { loggableError } from './core/format-error';
import { createLogger, type Logger } from './core/logger';
import { Metrics } from './core/metrics';
import { buildExplorer } from './explorer/explorer';
import { createPubSubFor, type PubSub } from './core/pubsub';
import { compose, runSeeds, type Composition } from './compose';
import { ENTITIES } from './modules';
import { ACCOUNTS } from './modules/accounts/accounts.ports';
import { DEMO_PASSWORD } from './modules/accounts/accounts.seed';
import { buildOnwardSchema, printOnwardSchema } from './schema';
import { startHttpServer } from './server';
import { servicesOf, type Services } from './services';

export interface App {
  config: Config;
  logger: Logger;
  ds: DataSource;
  pubsub: PubSub;
  composition: Composition;
  services: Services;
  jobs: Jobs | null;
  metrics: Metrics;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrated: the configured one, or an embedded PostgreSQL under the data
 * directory. With `join`, an embedded PostgreSQL that a running Onward owns is shared.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { join?: boolean } = {},
): Promise<{ ds: DataSource; url: string; embedded?: EmbeddedPostgres }> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const dir = path.join(config.dataDir, 'pg');
    logger.info({ dir: path.relative(process.cwd(), dir) || '.' }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(dir, 'onward', logger, { join: options.join });
    url = embedded.url;
  }
  try {
    const ds = createDataSource(url, ENTITIES, config.databasePoolSize, config.statementTimeoutMs);
    await ds.initialize();
    try {
      const applied = await migrate(ds);
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    } catch (err) {
      await ds.destroy().catch(() => undefined);
      throw err;
    }
    return { ds, url, embedded };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/**
 * The first start on an empty embedded database in development loads the demo program, so
 * that the README's first query works as written (SEED=off skips it). Runs under the
 * start-up lock; a failure leaves a working, empty server and says how to retry.
 */
async function seedFirstRun(config: Config, logger: Logger, ds: DataSource, composition: Composition): Promise<void> {
  if (!config.seed || config.databaseUrl || config.nodeEnv !== 'development') return;
  const [{ any }] = await ds.query<Array<{ any: boolean }>>('SELECT EXISTS (SELECT 1 FROM users) AS any');
  if (any) return;
  const started = Date.now();
  try {
    await runSeeds(composition);
  } catch (err) {
    logger.warn(
      { err: loggableError(err) },
      'the demo program could not be loaded; the server starts without it (npm run seed tries again)',
    );
    return;
  }
  logger.info(
    { ms: Date.now() - started },
    `demo program loaded into the new database: sign in as coordinator@onward.example (or any demo account in the README) with the password ${DEMO_PASSWORD}; SEED=off skips this`,
  );
}

/** Starts everything: database, pub/sub, services, jobs, HTTP and WebSocket. */
export async function startApp(config: Config, options: { logger?: Logger } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const { ds, url: databaseUrl, embedded } = await openDatabase(config, logger);
  const pubsubHandle = createPubSubFor(config.redisUrl, logger);
  const { pubsub, redis } = pubsubHandle;
  const closePubSub = () => pubsubHandle.close();
  let jobs: Jobs | null = null;
  const background: Array<() => Promise<void>> = [];
  const stopBackground = () => Promise.all(background.splice(0).map((stop) => stop()));
  try {
    const metrics = new Metrics(() => {
      const pool = (
        ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }
      ).master;
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
    });
    const composition = compose({ ds, config, pubsub, logger, redis, metrics });
    for (const start of composition.starters) background.push(start());
    const services = servicesOf(composition.registry);
    await withStartupLock(databaseUrl, async () => {
      await seedFirstRun(config, logger, ds, composition);
      const admin = await composition.registry.get(ACCOUNTS).bootstrapAdmin();
      if (admin === 'created') logger.info('bootstrap admin created');
    });

    if (config.jobs) {
      jobs = new Jobs(databaseUrl, logger, metrics, config.jobsMaintenanceSeconds);
      await jobs.start();
      await jobs.registerAll(
        composition.jobs.map((job) => ({
          name: job.name,
          handler: (data) => job.run(data),
          cron: job.cron,
          expireInSeconds: job.expireInSeconds,
          workers: job.workers,
        })),
      );
      composition.jobQueue.attach(jobs);
    }

    const schema = buildOnwardSchema(pubsub);
    if (config.explorer) await buildExplorer(logger, printOnwardSchema(schema));
    const http = await startHttpServer({ config, logger, ds, pubsub, redis, composition, schema, metrics });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const step = async (name: string, work: () => Promise<unknown> | undefined) => {
          const began = Date.now();
          await work();
          logger.debug({ step: name, ms: Date.now() - began }, 'stopped');
        };
        await step('http', () => http.stop());
        await step('background', () => stopBackground());
        await step('jobs', () => jobs?.stop(config.shutdownGraceMs));
        await step('pubsub', () => closePubSub());
        await step('database', () => ds.destroy());
        await step('embedded postgres', () => embedded?.stop());
      })());
    return {
      config,
      logger,
      ds,
      pubsub,
      composition,
      services,
      jobs,
      metrics,
      port: http.port,
      url: `http://localhost:${http.port}/graphql`,
      stop,
    };
  } catch (err) {
    await jobs?.stop(0).catch(() => undefined);
    await stopBackground().catch(() => undefined);
    await closePubSub();
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
