import { registerEnumType } from 'type-graphql';

/** What a moderation log entry records; the database enum is `moderation_log_action`. */
export enum ModerationLogAction {
  APPROVE = 'APPROVE',
  HIDE = 'HIDE',
  REMOVE = 'REMOVE',
  RESTORE = 'RESTORE',
  AUTO_HIDE = 'AUTO_HIDE',
  LOCK = 'LOCK',
  UNLOCK = 'UNLOCK',
  SLOW_MODE = 'SLOW_MODE',
  PIN = 'PIN',
  UNPIN = 'UNPIN',
  SUSPEND = 'SUSPEND',
}
registerEnumType(ModerationLogAction, {
  name: 'ModerationLogAction',
  description: 'What a moderation log entry records.',
  valuesConfig: {
    APPROVE: { description: 'A post was approved; its open reports were dismissed.' },
    HIDE: { description: 'A post was hidden by a coordinator.' },
    REMOVE: { description: 'A post was removed.' },
    RESTORE: { description: 'A hidden or removed post was shown again.' },
    AUTO_HIDE: { description: 'A post was hidden automatically after reports by several members.' },
    LOCK: { description: 'A thread was locked.' },
    UNLOCK: { description: 'A thread was unlocked.' },
    SLOW_MODE: { description: "A thread's slow mode was changed." },
    PIN: { description: 'A thread was pinned.' },
    UNPIN: { description: 'A thread was unpinned.' },
    SUSPEND: { description: 'A member was suspended; the detail says until when.' },
  },
});

/** What kind of thing an entry is about; the database enum is `moderation_target`. */
export enum ModerationTarget {
  POST = 'POST',
  THREAD = 'THREAD',
  USER = 'USER',
}
registerEnumType(ModerationTarget, {
  name: 'ModerationTarget',
  description: 'What kind of thing a moderation action touched.',
  valuesConfig: {
    POST: { description: 'A post.' },
    THREAD: { description: 'A thread.' },
    USER: { description: 'A member (suspensions).' },
  },
});
