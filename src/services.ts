import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import type { PubSub } from './core/pubsub';
import { AccountsService } from './modules/accounts/accounts.service';
import { LoginLimiter } from './modules/accounts/login-limiter';
import { loadDiscussionSettings } from './modules/discussions/discussions.config';
import { DiscussionsService } from './modules/discussions/discussions.service';
import { ModerationLogAction, ModerationTarget } from './modules/moderation/moderation.enums';
import { appendLog } from './modules/moderation/moderation.queue';
import { ModerationService } from './modules/moderation/moderation.service';
import { NotificationsService } from './modules/notifications/notification.service';
import { MeetingsService } from './modules/meetings/meetings.service';
import { PrivacyService } from './modules/privacy/privacy.service';
import { SobrietyService } from './modules/sobriety/sobriety.service';
import { loadMentoringSettings } from './modules/mentoring/mentoring.config';
import { MentoringService } from './modules/mentoring/mentoring.service';

/** The application's services, made once per process and shared by every request. */
export interface Services {
  accounts: AccountsService;
  notifications: NotificationsService;
  discussions: DiscussionsService;
  moderation: ModerationService;
  meetings: MeetingsService;
  sobriety: SobrietyService;
  mentoring: MentoringService;
  privacy: PrivacyService;
}

export function createServices(deps: { ds: DataSource; config: Config; pubsub: PubSub; logger: Logger; redis?: Redis }): Services {
  const { ds, config, pubsub, logger, redis } = deps;
  const notifications = new NotificationsService(ds, pubsub);
  const accounts = new AccountsService(ds, config, pubsub, new LoginLimiter(config.loginLimit, redis), logger);
  const sobriety = new SobrietyService(ds, accounts, notifications, pubsub, logger);
  const discussions = new DiscussionsService(ds, pubsub, loadDiscussionSettings(config.onCall));
  const moderation = new ModerationService(ds, pubsub, notifications, discussions);
  // Suspensions are moderation actions too: they enter the audit log in the same transaction.
  accounts.suspensionSteps.push((em, s) =>
    appendLog(em, { actorId: s.actorId, action: ModerationLogAction.SUSPEND, targetType: ModerationTarget.USER, targetId: s.userId, reason: s.reason, detail: `until ${s.until.toISOString()}` }).then(() => undefined),
  );
  const mentoring = new MentoringService(ds, accounts, notifications, sobriety, pubsub, logger, loadMentoringSettings(process.env));
  // Mentoring supplies the MENTOR visibility tier, and a reset lapses a mentor's approval.
  sobriety.mentors = mentoring;
  sobriety.onReset.push((em, userId, now) => mentoring.lapseOnReset(em, userId, now));
  const meetings = new MeetingsService(ds, pubsub, notifications);
  const privacy = new PrivacyService(ds, meetings, pubsub, logger);
  privacy.deletionSteps.push((user) => mentoring.leaveMentoring(user));
  return { accounts, notifications, sobriety, meetings, discussions, moderation, mentoring, privacy };
}
