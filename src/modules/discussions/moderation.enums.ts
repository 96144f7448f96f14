import { registerEnumType } from 'type-graphql';

export enum ReportReason {
  HARASSMENT = 'HARASSMENT',
  TRIGGERING_CONTENT = 'TRIGGERING_CONTENT',
  SPAM = 'SPAM',
  SELF_HARM_CONCERN = 'SELF_HARM_CONCERN',
  PRIVACY_BREACH = 'PRIVACY_BREACH',
  SUBSTANCE_PROMOTION = 'SUBSTANCE_PROMOTION',
  OTHER = 'OTHER',
}
registerEnumType(ReportReason, {
  name: 'ReportReason',
  description: 'Why a member reports a post.',
  valuesConfig: {
    HARASSMENT: { description: 'It attacks or belittles someone.' },
    TRIGGERING_CONTENT: { description: 'It describes use or harm in a way that could set others back.' },
    SPAM: { description: 'Advertising or noise.' },
    SELF_HARM_CONCERN: {
      description:
        'The author may be at risk: coordinators are alerted at once (HIGH). The post stays visible and the author is told nothing.',
    },
    PRIVACY_BREACH: { description: "It shares someone's contact details or identity." },
    SUBSTANCE_PROMOTION: { description: 'It offers, sells or seeks substances.' },
    OTHER: { description: 'Something else; say what in the note.' },
  },
});

export enum ModerationAction {
  APPROVE = 'APPROVE',
  HIDE = 'HIDE',
  REMOVE = 'REMOVE',
  RESTORE = 'RESTORE',
}
registerEnumType(ModerationAction, {
  name: 'ModerationAction',
  description: 'What a coordinator does with a post.',
  valuesConfig: {
    APPROVE: { description: 'Publish a waiting or hidden post and dismiss its open reports.' },
    HIDE: { description: 'Hide the post; its author and coordinators still read it.' },
    REMOVE: { description: 'Remove the post for breaking the guidelines.' },
    RESTORE: { description: 'Show a hidden or removed post again.' },
  },
});

export enum ModerationPriority {
  HIGH = 'HIGH',
  NORMAL = 'NORMAL',
}
registerEnumType(ModerationPriority, {
  name: 'ModerationPriority',
  description: 'How urgently a queue item needs a coordinator.',
  valuesConfig: {
    HIGH: { description: 'Possible crisis or privacy breach: look now.' },
    NORMAL: { description: 'Reports and posts waiting for review.' },
  },
});

export enum ModerationItemStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ModerationItemStatus, {
  name: 'ModerationItemStatus',
  description: 'Whether a queue item still needs a decision.',
  valuesConfig: {
    OPEN: { description: 'Waiting for a coordinator.' },
    RESOLVED: { description: 'A coordinator decided.' },
  },
});

export enum ModerationCause {
  CRISIS_LANGUAGE = 'CRISIS_LANGUAGE',
  SELF_HARM_REPORT = 'SELF_HARM_REPORT',
  PRIVACY_BREACH = 'PRIVACY_BREACH',
  SUBSTANCE_PROMOTION = 'SUBSTANCE_PROMOTION',
  REPORTED = 'REPORTED',
  NEW_MEMBER = 'NEW_MEMBER',
}
registerEnumType(ModerationCause, {
  name: 'ModerationCause',
  description: 'Why a post entered the moderation queue.',
  valuesConfig: {
    CRISIS_LANGUAGE: {
      description: 'The text shows crisis language; the post stays visible and the author was shown crisis lines.',
    },
    SELF_HARM_REPORT: {
      description:
        "A member is concerned for the author's safety; the post stays visible and the author is told nothing.",
    },
    PRIVACY_BREACH: { description: 'It seems to share a phone number or email address, or was reported for that.' },
    SUBSTANCE_PROMOTION: { description: 'It seems to offer or seek substances, or was reported for that.' },
    REPORTED: { description: 'Members reported it.' },
    NEW_MEMBER: { description: "A new member's first post, held for review." },
  },
});

/** HIGH causes first: crisis, then privacy breaches; the rest share one rank (then oldest first). */
export const CAUSE_RANK: Record<ModerationCause, number> = {
  [ModerationCause.CRISIS_LANGUAGE]: 0,
  [ModerationCause.SELF_HARM_REPORT]: 0,
  [ModerationCause.PRIVACY_BREACH]: 1,
  [ModerationCause.SUBSTANCE_PROMOTION]: 2,
  [ModerationCause.REPORTED]: 2,
  [ModerationCause.NEW_MEMBER]: 2,
};

export function priorityOf(cause: ModerationCause): ModerationPriority {
  return CAUSE_RANK[cause] <= 1 ? ModerationPriority.HIGH : ModerationPriority.NORMAL;
}
