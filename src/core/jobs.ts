import PgBoss from 'pg-boss';
import { loggableError } from './format-error';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/**
 * Background and scheduled work on pg-boss: jobs live in PostgreSQL, so each runs once
 * across instances and survives restarts.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    connectionString: string,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    /** How often pg-boss looks for jobs whose worker died (they are retried elsewhere). */
    maintenanceIntervalSeconds = 120,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 3, maintenanceIntervalSeconds });
    this.boss.on('error', (err) => this.log.error({ err: loggableError(err) }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /**
   * Declares a queue and its worker; with `cron`, pg-boss also enqueues it on that schedule
   * (UTC). A job not finished within `expireInSeconds` (its instance died, say) is retried.
   */
  async register(
    name: string,
    handler: JobHandler,
    options: { cron?: string; expireInSeconds?: number } = {},
  ): Promise<void> {
    await this.boss.createQueue(name, { name, retryLimit: 3, expireInSeconds: options.expireInSeconds ?? 15 * 60 });
    await this.boss.work(name, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) {
        const started = Date.now();
        try {
          await handler((job.data ?? {}) as Record<string, unknown>);
        } catch (err) {
          this.metrics?.jobs.inc({ queue: name, outcome: 'failed' });
          throw err; // pg-boss retries it
        }
        this.metrics?.jobs.inc({ queue: name, outcome: 'done' });
        this.log.info({ job: name, ms: Date.now() - started }, 'job done');
      }
    });
    if (options.cron) await this.boss.schedule(name, options.cron, {}, { tz: 'UTC' });
  }

  async send(
    name: string,
    data: Record<string, unknown> = {},
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    return this.boss.send(name, data, options);
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: graceMs, wait: true });
  }
}
