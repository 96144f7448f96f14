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
  LIFT_SUSPENSION = 'LIFT_SUSPENSION',
  INVITE = 'INVITE',
  CATEGORY_CREATE = 'CATEGORY_CREATE',
  CATEGORY_RENAME = 'CATEGORY_RENAME',
  MENTOR_APPROVE = 'MENTOR_APPROVE',
  MATCH_PROPOSE = 'MATCH_PROPOSE',
  MATCHING_ROUND = 'MATCHING_ROUND',
  MEETING_CANCEL = 'MEETING_CANCEL',
  ATTENDANCE_RECORD = 'ATTENDANCE_RECORD',
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
    LIFT_SUSPENSION: { description: 'A suspension was ended early.' },
    INVITE: { description: 'Someone was invited; the detail says with which role.' },
    CATEGORY_CREATE: { description: 'A discussion category was created.' },
    CATEGORY_RENAME: { description: 'A discussion category was renamed; the detail says from what.' },
    MENTOR_APPROVE: { description: "A member's mentor profile was approved." },
    MATCH_PROPOSE: { description: 'A coordinator proposed a mentor for a request.' },
    MATCHING_ROUND: { description: 'A matching round was run; the detail says how many were proposed.' },
    MEETING_CANCEL: { description: 'A meeting was cancelled.' },
    ATTENDANCE_RECORD: { description: "A host or coordinator recorded a member's attendance." },
  },
});

/** What kind of thing an entry is about; the database enum is `moderation_target`. */
export enum ModerationTarget {
  POST = 'POST',
  THREAD = 'THREAD',
  USER = 'USER',
  CATEGORY = 'CATEGORY',
  INVITATION = 'INVITATION',
  MEETING = 'MEETING',
  MENTOR_REQUEST = 'MENTOR_REQUEST',
  MENTOR_MATCH = 'MENTOR_MATCH',
  MATCHING_ROUND = 'MATCHING_ROUND',
}
registerEnumType(ModerationTarget, {
  name: 'ModerationTarget',
  description: 'What kind of thing a moderation action touched.',
  valuesConfig: {
    POST: { description: 'A post.' },
    THREAD: { description: 'A thread.' },
    USER: { description: 'A member (suspensions, mentor approval).' },
    CATEGORY: { description: 'A discussion category.' },
    INVITATION: { description: 'An invitation.' },
    MEETING: { description: 'A meeting.' },
    MENTOR_REQUEST: { description: "A member's request for a mentor." },
    MENTOR_MATCH: { description: 'A proposed or active mentor match.' },
    MATCHING_ROUND: { description: 'One run of the matching round.' },
  },
});
