import { registerEnumType } from 'type-graphql';

export enum MeetingFormat {
  IN_PERSON = 'IN_PERSON',
  ONLINE = 'ONLINE',
  HYBRID = 'HYBRID',
}
registerEnumType(MeetingFormat, {
  name: 'MeetingFormat',
  description: 'How people attend a meeting.',
  valuesConfig: {
    IN_PERSON: { description: 'At a place.' },
    ONLINE: { description: 'Over a video call.' },
    HYBRID: { description: 'At a place and over a video call.' },
  },
});

export enum MeetingStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'Whether a meeting will take place.',
  valuesConfig: {
    SCHEDULED: { description: 'It takes place as planned.' },
    CANCELLED: { description: 'It was cancelled.' },
  },
});

export enum RsvpStatus {
  GOING = 'GOING',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RsvpStatus, {
  name: 'RsvpStatus',
  description: "Where a member's RSVP stands.",
  valuesConfig: {
    GOING: { description: 'Has a seat.' },
    WAITLISTED: { description: 'Waits for a seat; promoted in order when one frees up.' },
    CANCELLED: { description: 'Withdrew; RSVP again to come back.' },
  },
});

export enum EditScope {
  THIS = 'THIS',
  FUTURE = 'FUTURE',
}
registerEnumType(EditScope, {
  name: 'MeetingEditScope',
  description: 'Which meetings of a recurring series an edit applies to.',
  valuesConfig: {
    THIS: { description: 'Only this meeting.' },
    FUTURE: { description: 'This meeting and the later ones of its series (and the series itself).' },
  },
});

export enum ReminderKind {
  DAY = 'DAY',
  HOUR = 'HOUR',
}

/** Who a meeting is for: alumni only, or also the families and friends members invite. */
export enum MeetingAudience {
  ALUMNI = 'ALUMNI',
  FAMILY = 'FAMILY',
  OPEN = 'OPEN',
}
registerEnumType(MeetingAudience, {
  name: 'MeetingAudience',
  description: 'Who a meeting is for. Allies see and may RSVP to FAMILY and OPEN meetings only.',
  valuesConfig: {
    ALUMNI: { description: 'Program alumni (members) only: the default.' },
    FAMILY: { description: "For families and friends: members' allies may come." },
    OPEN: { description: "Open meetings: members' allies may come too." },
  },
});
