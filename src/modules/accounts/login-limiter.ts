import type Redis from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../core/config';
import { RateLimitedError } from '../../core/errors';
import { consumeOrThrow, createLimiter } from '../../core/rate-limit';

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
    this.perAccount = createLimiter('login-account', config.perAccount, config.windowSeconds, redis);
    this.perAddress = createLimiter('login-address', config.perAddress, config.windowSeconds, redis);
  }

  /** Before checking a password: refuse when the account or the address is over its limit. */
  async before(account: string, address: string): Promise<void> {
    const acct = await this.perAccount.get(account);
    if (acct && acct.consumedPoints >= this.config.perAccount) throw new RateLimitedError(acct.msBeforeNext / 1000);
    await consumeOrThrow(this.perAddress, address);
  }

  async failed(account: string): Promise<void> {
    await this.perAccount.penalty(account, 1);
  }

  async succeeded(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}
