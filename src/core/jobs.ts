import PgBoss from 'pg-boss';
import { withStartupLock } from './db';
import { loggableError } from './format-error';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/** How a job sent on demand is retried: `retryDelay` seconds, doubled each time with `retryBackoff`. */
export interface SendOptions {
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  startAfter?: Date;
}

/**
 * Where modules send jobs: the instance's pg-boss once its job runner is started. An instance
 * without one (JOBS=off) sends nothing, so whatever a module sends must also be found again by
 * one of its scheduled jobs (a sweep), which some instance with JOBS=on runs.
 */
export class JobQueue {
  private target: Jobs | null = null;

  attach(jobs: Jobs): void {
    this.target = jobs;
  }

  /** The job's id, or null when this instance runs no jobs. */
  async send(name: string, data: Record<string, unknown>, options: SendOptions = {}): Promise<string | null> {
    return this.target ? this.target.send(name, data, options) : null;
  }
}

export interface JobRegistration {
  name: string;
  handler: JobHandler;
  /** A UTC cron schedule: pg-boss also enqueues the job on it. */
  cron?: string;
  /** A job not finished within this (its instance died, say) is retried. */
  expireInSeconds?: number;
  /** Workers of this queue in each instance: each takes one job a second at most when idle. */
  workers?: number;
}

/**
 * Background and scheduled work on pg-boss: jobs live in PostgreSQL, so each runs once
 * across instances and survives restarts. Whatever changes pg-boss's schema (its install or
 * upgrade, a new queue, a schedule) runs under the start-up lock: pg-boss creates each queue
 * as a partition, and two instances doing that at once deadlock.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private started = false;
  private stopping = false;

  constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    /** How often pg-boss looks for jobs whose worker died (they are retried elsewhere). */
    maintenanceIntervalSeconds = 120,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 3, maintenanceIntervalSeconds });
    // While stopping, a connection that ends mid-poll is part of stopping, not an error.
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err: loggableError(err) }, 'job queue error while stopping')
        : this.log.error({ err: loggableError(err) }, 'job queue error'),
    );
  }

  async start(): Promise<void> {
    await withStartupLock(this.connectionString, () => this.boss.start());
    this.started = true;
  }

  /**
   * Declares queues and their workers, all under one hold of the start-up lock; with `cron`,
   * pg-boss also enqueues a job on that schedule (UTC).
   */
  async registerAll(registrations: readonly JobRegistration[]): Promise<void> {
    await withStartupLock(this.connectionString, async () => {
      for (const r of registrations) {
        if (!(await this.boss.getQueue(r.name))) {
          await this.boss.createQueue(r.name, {
            name: r.name,
            retryLimit: 3,
            expireInSeconds: r.expireInSeconds ?? 15 * 60,
          });
        }
        if (r.cron) await this.boss.schedule(r.name, r.cron, {}, { tz: 'UTC' });
      }
    });
    for (const r of registrations) for (let i = 0; i < (r.workers ?? 1); i++) await this.work(r.name, r.handler);
  }

  /** Declares one queue and its worker (see `registerAll`). */
  async register(
    name: string,
    handler: JobHandler,
    options: { cron?: string; expireInSeconds?: number } = {},
  ): Promise<void> {
    await this.registerAll([{ name, handler, ...options }]);
  }

  private async work(name: string, handler: JobHandler): Promise<void> {
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
    this.stopping = true;
    await this.boss.stop({ graceful: true, timeout: graceMs, wait: true });
  }
}
