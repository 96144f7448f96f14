import { registerEnumType } from 'type-graphql';

/** Who a consent shares with. MENTOR is a role, not a person: it follows the member's active match. */
export enum ConsentRecipientKind {
  MENTOR = 'MENTOR',
  COORDINATORS = 'COORDINATORS',
  USER = 'USER',
}
registerEnumType(ConsentRecipientKind, {
  name: 'ConsentRecipientKind',
  description: 'Who a consent shares with.',
  valuesConfig: {
    MENTOR: {
      description:
        "Whoever is the member's mentor in an ACTIVE match, now or later; a mentor's access ends the moment their match ends.",
    },
    COORDINATORS: { description: "The program's coordinators (and admins)." },
    USER: { description: 'One named person of the network.' },
  },
});

/** What a consent shares. */
export enum ConsentScope {
  CHECK_INS = 'CHECK_INS',
  CHECK_IN_NOTES = 'CHECK_IN_NOTES',
  ATTENDANCE = 'ATTENDANCE',
  MILESTONES = 'MILESTONES',
  DISENGAGEMENT = 'DISENGAGEMENT',
}
registerEnumType(ConsentScope, {
  name: 'ConsentScope',
  description: 'What a consent shares.',
  valuesConfig: {
    CHECK_INS: {
      description: 'Daily check-ins: the day, mood, craving and whether a meeting was attended, and the streak.',
    },
    CHECK_IN_NOTES: { description: 'The notes written with daily check-ins; only together with CHECK_INS.' },
    ATTENDANCE: { description: 'Meetings the member was checked in to.' },
    MILESTONES: { description: 'Sobriety milestones.' },
    DISENGAGEMENT: { description: 'Being told when the member has gone quiet (an opt-in alert).' },
  },
});

/** Where a consent stands now. */
export enum ConsentStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ConsentStatus, {
  name: 'ConsentStatus',
  description: 'Where a consent stands now.',
  valuesConfig: {
    ACTIVE: { description: 'In effect: given, not revoked, not expired.' },
    EXPIRED: { description: 'Its end date has passed.' },
    REVOKED: { description: 'The member revoked it.' },
  },
});
