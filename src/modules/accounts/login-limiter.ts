import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../core/config';
import { RateLimitedError } from '../../core/errors';

/**
 * Slows password guessing: failed attempts per account, all attempts per address.
 * Backed by Redis when there is one, so that the limits hold across instances.
 */
export class LoginLimiter {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(
    private readonly config: Config['loginLimit'],
    redis?: Redis,
  ) {
    const make = (keyPrefix: string, points: number) =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: config.windowSeconds, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: config.windowSeconds }) })
        : new RateLimiterMemory({ keyPrefix, points, duration: config.windowSeconds });
    this.perAccount = make('login-account', config.perAccount);
    this.perAddress = make('login-address', config.perAddress);
  }

  /** Before checking a password: refuse when the account or the address is over its limit. */
  async before(account: string, address: string): Promise<void> {
    const acct = await this.perAccount.get(account);
    if (acct && acct.consumedPoints >= this.config.perAccount) throw new RateLimitedError(acct.msBeforeNext / 1000);
    try {
      await this.perAddress.consume(address);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new RateLimitedError(res.msBeforeNext / 1000);
      throw res;
    }
  }

  async failed(account: string): Promise<void> {
    await this.perAccount.penalty(account, 1);
  }

  async succeeded(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}
