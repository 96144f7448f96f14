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
import { buildOnwardSchema } from './schema';
import { startHttpServer } from './server';
import { createServices, type Services } from './services';

export interface App {
  config: Config;
  logger: Logger;
  ds: DataSource;
  pubsub: PubSub;
  services: Services;
  jobs: Jobs | null;
  metrics: Metrics;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database: the configured one, or an embedded PostgreSQL under the data directory. */
export async function openDatabase(config: Config, logger: Logger): Promise<{ ds: DataSource; url: string; embedded?: EmbeddedPostgres }> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    logger.info({ dir: path.relative(process.cwd(), path.join(config.dataDir, 'pg')) }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), 'onward', logger);
    url = embedded.url;
  }
  try {
    const ds = createDataSource(url, config.databasePoolSize, config.statementTimeoutMs);
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
  const { pubsub, redis, close: closePubSub } = createPubSubFor(config.redisUrl, logger);
  let jobs: Jobs | null = null;
  try {
    const services = createServices({ ds, config, pubsub, logger, redis });
    const metrics = new Metrics(() => {
      const pool = (ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
    });
    const admin = await services.accounts.bootstrapAdmin();
    if (admin === 'created') logger.info('bootstrap admin created');

    if (config.jobs) {
      jobs = new Jobs(databaseUrl, logger, metrics, config.jobsMaintenanceSeconds);
      await jobs.start();
      await jobs.register('meetings.extend-series', async () => {
        logger.info(await services.meetings.extendSeriesHorizon(new Date()), 'meeting series extended');
      }, { cron: '41 3 * * *' });
      await jobs.register('meetings.send-reminders', async () => {
        logger.info(await services.meetings.sendDueReminders(new Date()), 'meeting reminders sent');
      }, { cron: '*/5 * * * *' });
      await jobs.register('accounts.cleanup-expired', async () => {
        const removed = await services.accounts.cleanupExpired();
        logger.info(removed, 'expired sessions and invitations removed');
      }, { cron: '17 * * * *' });
      await jobs.register('sobriety.award-milestones', async () => {
        const { awarded } = await services.sobriety.awardDueMilestones(new Date());
        logger.info({ awarded }, 'milestones awarded');
      }, { cron: '*/15 * * * *' });
      await jobs.register('mentoring.expire-proposals', async () => {
        logger.info(await services.mentoring.expireProposals(new Date()), 'mentor proposals expired');
      }, { cron: '*/10 * * * *' });
    }

    if (config.explorer) await buildExplorer(logger);
    const schema = buildOnwardSchema(pubsub);
    const http = await startHttpServer({ config, logger, ds, pubsub, redis, services, schema, metrics });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await http.stop();
        await jobs?.stop(config.shutdownGraceMs);
        await closePubSub();
        await ds.destroy();
        await embedded?.stop();
      })());
    return { config, logger, ds, pubsub, services, jobs, metrics, port: http.port, url: `http://localhost:${http.port}/graphql`, stop };
  } catch (err) {
    await jobs?.stop(0).catch(() => undefined);
    await closePubSub();
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
