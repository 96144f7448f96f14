import { ResolverContainer } from './core/context';
import { DomainEvents } from './core/events';
import {
  DATA_MAP,
  type BuiltModule,
  type CoreDeps,
  type JobSpec,
  type OnwardModule,
  type Port,
  type Registry,
  type SeedContext,
} from './core/module';
import { JobQueue } from './core/jobs';
import { Transactor } from './core/outbox';
import { MODULES } from './modules';

/** The running modules: what the server, the job runner and the seed loop over. */
export interface Composition {
  registry: Registry;
  resolvers: ResolverContainer;
  jobs: JobSpec[];
  routes: Array<NonNullable<BuiltModule['routes']>>;
  seedPeople: Array<NonNullable<BuiltModule['seedPeople']>>;
  seeds: Array<NonNullable<BuiltModule['seed']>>;
  /** Background work of a serving instance (see BuiltModule.start). */
  starters: Array<NonNullable<BuiltModule['start']>>;
  events: DomainEvents;
  /** Where modules send jobs: attach the job runner once it has started. */
  jobQueue: JobQueue;
  /** Mutations their modules limit themselves: the general mutation limit skips them. */
  selfLimitedMutations: ReadonlySet<string>;
}

/** Builds every module in order, handing each the ports of those before it. */
export function compose(
  core: Omit<CoreDeps, 'tx' | 'events' | 'jobs'> & { jobs?: JobQueue },
  modules: readonly OnwardModule[] = MODULES,
): Composition {
  const events = new DomainEvents();
  const jobQueue = core.jobs ?? new JobQueue();
  const deps: CoreDeps = { ...core, tx: new Transactor(core.ds, core.pubsub), events, jobs: jobQueue };
  const ports = new Map<Port<unknown>, unknown>();
  const offer = (port: Port<unknown>, value: unknown, by: string) => {
    if (ports.has(port)) throw new Error(`port ${port.name} is offered twice (again by ${by})`);
    ports.set(port, value);
  };
  const registry: Registry = {
    get<T>(port: Port<T>): T {
      if (!ports.has(port)) throw new Error(`port ${port.name} is not offered by any module above the one asking`);
      return ports.get(port) as T;
    },
  };
  offer(
    DATA_MAP,
    modules.flatMap((m) => m.dataMap ?? []),
    'composition',
  );
  for (const m of modules) for (const p of m.early?.(deps) ?? []) offer(p.port, p.value, m.name);

  const built = modules.map((m) => {
    const b = m.build(deps, registry);
    for (const p of b.provides ?? []) offer(p.port, p.value, m.name);
    const made = new Set((b.resolvers ?? []).map((r) => r.constructor));
    const missing = m.resolvers.filter((r) => !made.has(r));
    if (missing.length)
      throw new Error(
        `module ${m.name} declares resolvers it does not build: ${missing.map((r) => r.name).join(', ')}`,
      );
    return b;
  });
  events.seal();
  return {
    registry,
    resolvers: new ResolverContainer(built.flatMap((b) => b.resolvers ?? [])),
    jobs: built.flatMap((b) => b.jobs ?? []),
    routes: built.flatMap((b) => (b.routes ? [b.routes] : [])),
    seedPeople: built.flatMap((b) => (b.seedPeople ? [b.seedPeople] : [])),
    seeds: built.flatMap((b) => (b.seed ? [b.seed] : [])),
    starters: built.flatMap((b) => (b.start ? [b.start] : [])),
    events,
    jobQueue,
    selfLimitedMutations: new Set(modules.flatMap((m) => m.selfLimitedMutations ?? [])),
  };
}

/** Creates the demo people, then runs every module's seed in order. */
export async function runSeeds(composition: Composition): Promise<SeedContext> {
  const [seedPeople, ...more] = composition.seedPeople;
  if (!seedPeople || more.length) throw new Error('exactly one module must seed the demo people');
  const ctx: SeedContext = { users: await seedPeople() };
  for (const seed of composition.seeds) await seed(ctx);
  return ctx;
}
