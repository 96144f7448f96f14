import type { Router } from 'express';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Role } from './auth';
import type { Config } from './config';
import type { DomainEvents } from './events';
import type { JobQueue } from './jobs';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Transactor } from './outbox';
import type { PubSub } from './pubsub';
import type { Sql } from './sql';

/** A named slot for something one module offers others: a service or a narrow interface. */
export class Port<T> {
  /** Only here to tie the value type to the port. */
  declare readonly value?: T;
  constructor(readonly name: string) {}
}

export interface Provided<T = unknown> {
  port: Port<T>;
  value: T;
}

export function provide<T>(port: Port<T>, value: T): Provided<T> {
  return { port, value };
}

/** What composition hands a module: earlier modules' ports, by port. */
export interface Registry {
  get<T>(port: Port<T>): T;
}

/** Plumbing every module may use. */
export interface CoreDeps {
  ds: DataSource;
  tx: Transactor;
  events: DomainEvents;
  config: Config;
  pubsub: PubSub;
  logger: Logger;
  redis?: Redis;
  /** Sends jobs on demand (their workers are the modules' `jobs`). */
  jobs: JobQueue;
  /** This instance's Prometheus metrics, when it keeps them. */
  metrics?: Metrics;
}

/**
 * Where a member's data lives: a column that points at a user, and what export and
 * account deletion do with it. A test compares all modules' rows with the foreign keys.
 */
export interface DataLocation {
  table: string;
  /** The column naming the member. */
  column: string;
  /** Included in exportMyData under this key. */
  exportAs?: string;
  /** Columns left out of the export: secrets, and whatever of another person the API would not show the member. */
  omit?: string[];
  /**
   * Only the rows the member may see through the API (a condition on the table, aliased
   * `x`): a proposal a mentor declined is hidden from the mentee, so it is not exported either.
   */
  exportWhere?: Sql;
  /** A `jsonb` object merged into each exported row (on `x`), for values shown as the API renders them. */
  exportExtra?: Sql;
  onDelete: 'delete' | 'keep';
  /** Why it is kept, or left out of the export. */
  why?: string;
}

/** Every module's data-map rows, provided by composition (privacy reads it). */
export const DATA_MAP = new Port<readonly DataLocation[]>('core.dataMap');

export interface JobSpec {
  /** The pg-boss queue name, `<module>.<job>`. */
  name: string;
  /** A UTC cron schedule; without it the job runs only when sent. */
  cron?: string;
  expireInSeconds?: number;
  /** Workers per instance, for a queue that must keep up with bursts (one is the default). */
  workers?: number;
  run(data: Record<string, unknown>): Promise<void>;
}

/** A person of the demo program, as seeds need them. */
export interface SeedPerson {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  isMentor: boolean;
  timeZone: string;
}

export interface SeedPeople {
  admin: SeedPerson;
  coordinator: SeedPerson;
  mentors: SeedPerson[];
  members: SeedPerson[];
}

/** What each seed receives: the demo people, supplied by the accounts seed, which runs first. */
export interface SeedContext {
  users: SeedPeople;
}

/** A module once built: the objects it contributes to the running app. */
export interface BuiltModule {
  /** Resolver instances, constructed with the module's services. */
  resolvers?: object[];
  /** Ports for modules later in the list. */
  provides?: Provided[];
  jobs?: JobSpec[];
  /** HTTP routes outside GraphQL (feeds, say). */
  routes?: (router: Router) => void;
  /** Creates the demo people (the accounts module does); runs before every `seed`. */
  seedPeople?: () => Promise<SeedPeople>;
  /** Seeds the demo program; must be safe to run twice. */
  seed?: (ctx: SeedContext) => Promise<void>;
  /**
   * Background work a serving instance needs (a LISTEN connection, say): started once the
   * server is composed, stopped before the database closes. Returns how to stop it.
   */
  start?: () => () => Promise<void>;
}

/** A feature: one folder, one descriptor, one line in the module list. */
export interface OnwardModule {
  name: string;
  /** TypeORM entities; the migrations must match them. */
  entities: Function[];
  /** Resolver classes, for the schema; `build` makes their instances. */
  resolvers: Function[];
  dataMap?: DataLocation[];
  /**
   * Root mutation fields the module rate-limits itself, which the general mutation limit
   * does not count for a signed-in caller (`reachOut`: a member in crisis is never refused by it).
   */
  selfLimitedMutations?: string[];
  /**
   * Ports that need nothing but the core (plain queries), offered to every module before
   * any is built. This lets an earlier module use a narrow interface of a later one.
   */
  early?(core: CoreDeps): Provided[];
  build(core: CoreDeps, registry: Registry): BuiltModule;
}

export function defineModule(module: OnwardModule): OnwardModule {
  return module;
}
