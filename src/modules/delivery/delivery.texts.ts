import { NotificationKind } from '../notifications/notification-kind.enum';

/** What a message outside the app may say before it is opened. */
export interface DiscreetText {
  /** The e-mail subject, and its preview line. */
  subject: string;
  /** The lock-screen title and body of a push. */
  pushTitle: string;
  pushBody: string;
  /** Sent in quiet hours too: only reach-outs are. */
  urgent: boolean;
}

const MESSAGE = 'You have a new message on Onward';
const UPDATE = 'You have an update on Onward';

/**
 * Fixed texts per kind: subjects, previews and lock screens are read by whoever holds the
 * phone, so none names a health matter or a person. A new kind fails typecheck here until
 * it has its own.
 */
export const DISCREET_TEXTS: Record<NotificationKind, DiscreetText> = {
  [NotificationKind.WAITLIST_PROMOTED]: {
    subject: 'A seat opened up for you on Onward',
    pushTitle: 'Onward',
    pushBody: 'A seat opened up for you.',
    urgent: false,
  },
  [NotificationKind.MEETING_CANCELLED]: {
    subject: 'A change to your calendar on Onward',
    pushTitle: 'Onward',
    pushBody: 'A change to your calendar.',
    urgent: false,
  },
  [NotificationKind.MEETING_REMINDER]: {
    subject: 'A reminder from Onward',
    pushTitle: 'Onward',
    pushBody: 'You have something coming up.',
    urgent: false,
  },
  [NotificationKind.MATCH_PROPOSED]: { subject: MESSAGE, pushTitle: 'Onward', pushBody: `${MESSAGE}.`, urgent: false },
  [NotificationKind.MATCH_ACCEPTED]: { subject: MESSAGE, pushTitle: 'Onward', pushBody: `${MESSAGE}.`, urgent: false },
  [NotificationKind.MATCH_ENDED]: { subject: UPDATE, pushTitle: 'Onward', pushBody: `${UPDATE}.`, urgent: false },
  [NotificationKind.POST_MODERATED]: { subject: UPDATE, pushTitle: 'Onward', pushBody: `${UPDATE}.`, urgent: false },
  [NotificationKind.MILESTONE_REACHED]: {
    subject: MESSAGE,
    pushTitle: 'Onward',
    pushBody: `${MESSAGE}.`,
    urgent: false,
  },
  [NotificationKind.CONGRATULATED]: { subject: MESSAGE, pushTitle: 'Onward', pushBody: `${MESSAGE}.`, urgent: false },
  [NotificationKind.ACCOUNT_SUSPENDED]: {
    subject: 'An update about your Onward account',
    pushTitle: 'Onward',
    pushBody: 'An update about your account.',
    urgent: false,
  },
  [NotificationKind.REACH_OUT]: {
    subject: 'Someone would like to hear from you on Onward',
    pushTitle: 'Onward',
    pushBody: 'Someone would like to hear from you.',
    urgent: true,
  },
  [NotificationKind.REACH_OUT_ESCALATED]: {
    subject: 'Someone is waiting to hear back on Onward',
    pushTitle: 'Onward',
    pushBody: 'Someone is waiting to hear back.',
    urgent: true,
  },
  [NotificationKind.REACH_OUT_ACKNOWLEDGED]: {
    subject: MESSAGE,
    pushTitle: 'Onward',
    pushBody: `${MESSAGE}.`,
    urgent: true,
  },
  [NotificationKind.DISENGAGEMENT_NOTICE]: {
    subject: 'Someone may like to hear from you on Onward',
    pushTitle: 'Onward',
    pushBody: 'Someone may like to hear from you.',
    urgent: false,
  },
  [NotificationKind.DISENGAGEMENT_NOTICE_SENT]: {
    subject: UPDATE,
    pushTitle: 'Onward',
    pushBody: `${UPDATE}.`,
    urgent: false,
  },
};

/** The digest of what waited through quiet hours: a count, nothing more. */
export function digestText(count: number): { subject: string; pushTitle: string; pushBody: string } {
  const body =
    count === 1 ? 'You have 1 new notification on Onward.' : `You have ${count} new notifications on Onward.`;
  return { subject: 'While you were away on Onward', pushTitle: 'Onward', pushBody: body };
}
