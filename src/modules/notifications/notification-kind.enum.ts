import { registerEnumType } from 'type-graphql';

export enum NotificationKind {
  WAITLIST_PROMOTED = 'WAITLIST_PROMOTED',
  MEETING_CANCELLED = 'MEETING_CANCELLED',
  MEETING_REMINDER = 'MEETING_REMINDER',
  MATCH_PROPOSED = 'MATCH_PROPOSED',
  MATCH_ACCEPTED = 'MATCH_ACCEPTED',
  MATCH_ENDED = 'MATCH_ENDED',
  POST_MODERATED = 'POST_MODERATED',
  MILESTONE_REACHED = 'MILESTONE_REACHED',
  CONGRATULATED = 'CONGRATULATED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  REACH_OUT = 'REACH_OUT',
  REACH_OUT_ESCALATED = 'REACH_OUT_ESCALATED',
  REACH_OUT_ACKNOWLEDGED = 'REACH_OUT_ACKNOWLEDGED',
  DISENGAGEMENT_NOTICE = 'DISENGAGEMENT_NOTICE',
  DISENGAGEMENT_NOTICE_SENT = 'DISENGAGEMENT_NOTICE_SENT',
}

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about.',
  valuesConfig: {
    WAITLIST_PROMOTED: { description: 'A seat opened and the member moved from the waitlist to GOING.' },
    MEETING_CANCELLED: { description: 'A meeting the member was going to, or waiting for, was cancelled.' },
    MEETING_REMINDER: { description: 'A meeting the member is going to starts soon.' },
    MATCH_PROPOSED: { description: 'A mentee was proposed to this mentor.' },
    MATCH_ACCEPTED: { description: 'A mentor accepted the match.' },
    MATCH_ENDED: { description: 'A mentoring match ended.' },
    POST_MODERATED: { description: "A coordinator acted on the member's post." },
    MILESTONE_REACHED: { description: 'The member reached a sobriety milestone.' },
    CONGRATULATED: { description: 'Someone congratulated the member on a milestone.' },
    ACCOUNT_SUSPENDED: { description: "The member's account was suspended." },
    REACH_OUT: { description: 'A member reached out to you and would like to hear from you.' },
    REACH_OUT_ESCALATED: { description: 'A reach-out nobody acknowledged in time came to every coordinator.' },
    REACH_OUT_ACKNOWLEDGED: { description: 'Someone you reached out to acknowledged it.' },
    DISENGAGEMENT_NOTICE: {
      description:
        'A member who asked to be looked in on has been quiet for a while (their name and how many days, nothing else).',
    },
    DISENGAGEMENT_NOTICE_SENT: {
      description: 'You have been quiet for a while, and the people you chose were told, as you asked.',
    },
  },
});
