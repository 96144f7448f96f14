import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';

/**
 * A fixed-window limit: in Redis when there is one (so it holds across instances), with
 * an in-memory stand-in while Redis is unreachable; in memory otherwise.
 */
export function createLimiter(
  keyPrefix: string,
  points: number,
  durationSeconds: number,
  redis?: Redis,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration: durationSeconds,
    insuranceLimiter: memory,
  });
}

/** Consumes `points` (one by default); over the limit, throws RATE_LIMITED with the seconds to wait. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw new RateLimitedError(res.msBeforeNext / 1000);
    throw res;
  }
}

/** What a mutation guard needs: who asks, and the request's root fields (each one counts). */
export interface MutationRequest {
  userId: string | null;
  ip: string;
  fields: readonly string[];
}

/**
 * Limits mutations per signed-in user, and per address. Each root field counts, so aliases
 * cannot multiply a request past the limit. Fields in `exempt` are limited by their own
 * module instead: for a signed-in caller they are not counted, and a request of nothing but
 * them is never refused here.
 */
export function createMutationGuard(
  limit: { perUser: number; perAddress: number; windowSeconds: number },
  redis?: Redis,
  exempt: ReadonlySet<string> = new Set(),
): (request: MutationRequest) => Promise<void> {
  const perUser = createLimiter('mutations-user', limit.perUser, limit.windowSeconds, redis);
  const perAddress = createLimiter('mutations-address', limit.perAddress, limit.windowSeconds, redis);
  return async ({ userId, ip, fields }) => {
    // Anonymous callers get no exemption: a module's own limit is per member.
    const counted = userId ? fields.filter((f) => !exempt.has(f)).length : fields.length;
    if (userId && fields.length && counted === 0) return;
    const points = Math.max(1, counted);
    if (userId) await consumeOrThrow(perUser, userId, points);
    await consumeOrThrow(perAddress, ip || 'unknown', points);
  };
}
