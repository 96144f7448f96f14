import { registerEnumType } from 'type-graphql';

export enum MatchStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  ENDED = 'ENDED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(MatchStatus, {
  name: 'MatchStatus',
  description: 'Where a mentoring match stands.',
  valuesConfig: {
    PROPOSED: { description: 'Offered to the mentor, who has until `respondBy` to answer.' },
    ACTIVE: { description: 'The mentor accepted; the two are working together.' },
    DECLINED: { description: 'The mentor said no; the request went to the next candidate.' },
    EXPIRED: { description: 'The mentor did not answer in time; the request went to the next candidate.' },
    ENDED: { description: 'Either side or a coordinator ended an active match.' },
    WITHDRAWN: {
      description:
        "The proposal was taken back (the mentor's places filled up or they stepped back); the request went to the next candidate.",
    },
  },
});

/** Statuses a mentee is shown: being turned down, or passed over, is not news to share. */
export const MENTEE_VISIBLE_STATUSES: readonly MatchStatus[] = [
  MatchStatus.PROPOSED,
  MatchStatus.ACTIVE,
  MatchStatus.ENDED,
];

export enum MentorRequestStatus {
  PROPOSED = 'PROPOSED',
  WAITING = 'WAITING',
  MATCHED = 'MATCHED',
  CLOSED = 'CLOSED',
}
registerEnumType(MentorRequestStatus, {
  name: 'MentorRequestStatus',
  description: "Where a member's request for a mentor stands.",
  valuesConfig: {
    PROPOSED: { description: 'A mentor has been asked and has not answered yet.' },
    WAITING: { description: 'No mentor is available now; coordinators see the request and can propose one.' },
    MATCHED: { description: 'A mentor accepted: the match is active.' },
    CLOSED: { description: 'The match ended; a new request may be made.' },
  },
});

export const OPEN_REQUEST_STATUSES: readonly MentorRequestStatus[] = [
  MentorRequestStatus.PROPOSED,
  MentorRequestStatus.WAITING,
  MentorRequestStatus.MATCHED,
];

export enum UnmatchedReason {
  NO_ELIGIBLE_MENTOR = 'NO_ELIGIBLE_MENTOR',
  MENTORS_FULL = 'MENTORS_FULL',
}
registerEnumType(UnmatchedReason, {
  name: 'UnmatchedReason',
  description: 'Why a matching round left a request without a proposal.',
  valuesConfig: {
    NO_ELIGIBLE_MENTOR: {
      description: 'No approved, available mentor fits the request (language, blocks, earlier matches).',
    },
    MENTORS_FULL: { description: 'Every fitting mentor has their places taken by requests that fit them better.' },
  },
});

export enum ScorePart {
  FOCUS_AREAS = 'FOCUS_AREAS',
  LANGUAGE = 'LANGUAGE',
  AVAILABILITY = 'AVAILABILITY',
  TIME_ZONE = 'TIME_ZONE',
  SOBER_TIME = 'SOBER_TIME',
  CAPACITY = 'CAPACITY',
}
registerEnumType(ScorePart, {
  name: 'ScorePart',
  description: 'One named part of a match score.',
  valuesConfig: {
    FOCUS_AREAS: { description: 'Focus areas the mentor and the request share.' },
    LANGUAGE: { description: 'A language both speak.' },
    AVAILABILITY: { description: "Weekly hours when the mentor's availability meets the mentee's, across time zones." },
    TIME_ZONE: { description: 'How close their time zones are.' },
    SOBER_TIME: { description: "The mentor's time in recovery (shown to coordinators only)." },
    CAPACITY: { description: 'Places the mentor still has free.' },
  },
});

/**
 * Where a mentor stands, for the mentor and coordinators. To everyone else LAPSED looks
 * exactly like PAUSED: a member's sobriety reset is never told by their mentor status.
 */
export enum MentorStatus {
  NOT_APPROVED = 'NOT_APPROVED',
  ACCEPTING = 'ACCEPTING',
  PAUSED = 'PAUSED',
  LAPSED = 'LAPSED',
}
registerEnumType(MentorStatus, {
  name: 'MentorStatus',
  description:
    'Why a mentor is or is not taking new mentees. Shown to the mentor and coordinators only; to everyone else a LAPSED mentor looks exactly like a PAUSED one.',
  valuesConfig: {
    NOT_APPROVED: { description: 'A profile a coordinator has not approved yet.' },
    ACCEPTING: { description: 'Approved and taking new mentees.' },
    PAUSED: { description: 'Approved; the mentor paused taking new mentees themself (`setAcceptingMentees`).' },
    LAPSED: {
      description:
        "The approval lapsed after the mentor's sobriety date was reset: paused until a coordinator approves them again. Reading it as a coordinator is recorded in the mentor's sobriety access log.",
    },
  },
});
