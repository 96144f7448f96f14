import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import type { PubSub } from './core/pubsub';
import { AccountsService } from './modules/accounts/accounts.service';
import { LoginLimiter } from './modules/accounts/login-limiter';
import { loadDiscussionSettings } from './modules/discussions/discussions.config';
import { DiscussionsService } from './modules/discussions/discussions.service';
import { ModerationService } from './modules/moderation/moderation.service';
import { NotificationsService } from './modules/notifications/notification.service';
import { MeetingsService } from './modules/meetings/meetings.service';
import { SobrietyService } from './modules/sobriety/sobriety.service';

/** The application's services, made once per process and shared by every request. */
export interface Services {
  accounts: AccountsService;
  notifications: NotificationsService;
  discussions: DiscussionsService;
  moderation: ModerationService;
  meetings: MeetingsService;
  sobriety: SobrietyService;
}

export function createServices(deps: { ds: DataSource; config: Config; pubsub: PubSub; logger: Logger; redis?: Redis }): Services {
  const { ds, config, pubsub, logger, redis } = deps;
  const notifications = new NotificationsService(ds, pubsub);
  const accounts = new AccountsService(ds, config, pubsub, new LoginLimiter(config.loginLimit, redis), logger);
  const sobriety = new SobrietyService(ds, accounts, notifications, pubsub, logger);
  const discussions = new DiscussionsService(ds, pubsub, loadDiscussionSettings(config.onCall));
  const moderation = new ModerationService(ds, pubsub, notifications, discussions);
  return { accounts, notifications, sobriety, meetings: new MeetingsService(ds, pubsub, notifications), discussions, moderation };
}
