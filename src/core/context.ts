import type { AuthUser } from './auth';
import { UnauthenticatedError } from './errors';
import type { RequestLoaders } from './loaders';

/** Resolver instances by class: type-graphql asks it for the object that serves a field. */
export class ResolverContainer {
  private readonly instances = new Map<Function, object>();

  constructor(instances: readonly object[]) {
    for (const instance of instances) this.instances.set(instance.constructor, instance);
  }

  get(resolverClass: Function): object {
    const instance = this.instances.get(resolverClass);
    if (!instance) throw new Error(`no instance of resolver ${resolverClass.name}`);
    return instance;
  }
}

/** What every resolver receives; built per HTTP request or per WebSocket operation. */
export interface Context {
  requestId: string;
  viewer: AuthUser | null;
  sessionId: string | null;
  ip: string;
  loaders: RequestLoaders;
  resolvers: ResolverContainer;
  /**
   * On a socket: brings the context up to date for a subscription event (fresh loaders, the
   * viewer's session, role and approval re-read), once per event however often it is asked.
   * Subscription filters await it before deciding; absent on HTTP.
   */
  freshen?: (event: object) => Promise<void>;
}

/** Awaits `ctx.freshen` for this event where there is one. */
export async function freshenFor(ctx: Pick<Context, 'freshen'>, event: unknown): Promise<void> {
  if (ctx.freshen && typeof event === 'object' && event !== null) await ctx.freshen(event);
}

/**
 * The signed-in viewer. Resolvers reach this only behind an access rule that requires a
 * session, so a missing viewer is an authentication error, never a crash.
 */
export function viewerOf(ctx: Pick<Context, 'viewer'>): AuthUser {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}
