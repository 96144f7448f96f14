import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import type { PubSub } from './core/pubsub';
import { AccountsService } from './modules/accounts/accounts.service';
import { LoginLimiter } from './modules/accounts/login-limiter';
import { NotificationsService } from './modules/notifications/notification.service';

/** The application's services, made once per process and shared by every request. */
export interface Services {
  accounts: AccountsService;
  notifications: NotificationsService;
}

export function createServices(deps: { ds: DataSource; config: Config; pubsub: PubSub; logger: Logger; redis?: Redis }): Services {
  const { ds, config, pubsub, logger, redis } = deps;
  const notifications = new NotificationsService(ds, pubsub);
  const accounts = new AccountsService(ds, config, pubsub, new LoginLimiter(config.loginLimit, redis), logger);
  return { accounts, notifications };
}
