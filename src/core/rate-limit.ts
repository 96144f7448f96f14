import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';

/**
 * A fixed-window limit: in Redis when there is one (so it holds across instances), with
 * an in-memory stand-in while Redis is unreachable; in memory otherwise.
 */
export function createLimiter(keyPrefix: string, points: number, durationSeconds: number, redis?: Redis): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds, insuranceLimiter: memory });
}

/** Consumes one point; over the limit, throws RATE_LIMITED with the seconds to wait. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw new RateLimitedError(res.msBeforeNext / 1000);
    throw res;
  }
}

/** Limits mutations per signed-in user, or per address for anonymous callers. */
export function createMutationGuard(
  limit: { perUser: number; perAddress: number; windowSeconds: number },
  redis?: Redis,
): (who: { userId: string | null; ip: string }) => Promise<void> {
  const perUser = createLimiter('mutations-user', limit.perUser, limit.windowSeconds, redis);
  const perAddress = createLimiter('mutations-address', limit.perAddress, limit.windowSeconds, redis);
  return async ({ userId, ip }) => {
    if (userId) await consumeOrThrow(perUser, userId);
    await consumeOrThrow(perAddress, ip || 'unknown');
  };
}
