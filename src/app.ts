import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './core/config';
import { createDataSource, migrate } from './core/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './core/embedded-postgres';
import { Jobs } from './core/jobs';
import { createLogger, type Logger } from './core/logger';
import { Metrics } from './core/metrics';
import { buildExplorer } from './explorer/explorer';
import { createPubSubFor, type PubSub } from './core/pubsub';
import { compose, type Composition } from './compose';
import { ENTITIES } from './modules';
import { ACCOUNTS } from './modules/accounts/accounts.ports';
import { buildOnwardSchema } from './schema';
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

/** Opens the database: the configured one, or an embedded PostgreSQL under the data directory. */
export async function openDatabase(
  config: Config,
  logger: Logger,
): Promise<{ ds: DataSource; url: string; embedded?: EmbeddedPostgres }> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    logger.info({ dir: path.relative(process.cwd(), path.join(config.dataDir, 'pg')) }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), 'onward', logger);
    url = embedded.url;
  }
  try {
    const ds = createDataSource(url, ENTITIES, config.databasePoolSize, config.statementTimeoutMs);
    await ds.initialize();
    const applied = await migrate(ds);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    return { ds, url, embedded };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/** Starts everything: database, pub/sub, services, jobs, HTTP and WebSocket. */
export async function startApp(config: Config, options: { logger?: Logger } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const { ds, url: databaseUrl, embedded } = await openDatabase(config, logger);
  const pubsubHandle = createPubSubFor(config.redisUrl, logger);
  const { pubsub, redis } = pubsubHandle;
  const closePubSub = () => pubsubHandle.close();
  let jobs: Jobs | null = null;
  try {
    const composition = compose({ ds, config, pubsub, logger, redis });
    const services = servicesOf(composition.registry);
    const metrics = new Metrics(() => {
      const pool = (
        ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }
      ).master;
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
    });
    const admin = await composition.registry.get(ACCOUNTS).bootstrapAdmin();
    if (admin === 'created') logger.info('bootstrap admin created');

    if (config.jobs) {
      jobs = new Jobs(databaseUrl, logger, metrics, config.jobsMaintenanceSeconds);
      await jobs.start();
      for (const job of composition.jobs)
        await jobs.register(job.name, (data) => job.run(data), {
          cron: job.cron,
          expireInSeconds: job.expireInSeconds,
        });
    }

    if (config.explorer) await buildExplorer(logger);
    const schema = buildOnwardSchema(pubsub);
    const http = await startHttpServer({ config, logger, ds, pubsub, redis, composition, schema, metrics });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await http.stop();
        await jobs?.stop(config.shutdownGraceMs);
        await closePubSub();
        await ds.destroy();
        await embedded?.stop();
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
    await closePubSub();
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
