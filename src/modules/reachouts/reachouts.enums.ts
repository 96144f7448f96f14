import { registerEnumType } from 'type-graphql';

/** Where a reach-out stands; the database enum is `reach_out_status`. */
export enum ReachOutStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ESCALATED = 'ESCALATED',
  CLOSED = 'CLOSED',
}
registerEnumType(ReachOutStatus, {
  name: 'ReachOutStatus',
  description: 'Where a reach-out stands.',
  valuesConfig: {
    OPEN: { description: 'Sent; nobody has acknowledged it yet.' },
    ACKNOWLEDGED: { description: 'Someone it was sent to acknowledged it and will be in touch.' },
    ESCALATED: {
      description: 'Nobody acknowledged it in time (REACH_OUT_ESCALATE_MINUTES), so every coordinator was told.',
    },
    CLOSED: { description: 'The member or a coordinator closed it.' },
  },
});

/** Why someone received a reach-out; the database enum is `reach_out_recipient_reason`. Not in the API. */
export enum RecipientReason {
  /** The member's mentor in an ACTIVE match. */
  MENTOR = 'MENTOR',
  /** Someone the member chose with setSupportCircle. */
  SUPPORT_CIRCLE = 'SUPPORT_CIRCLE',
  /** The on-call coordinator (or, with none matching, every coordinator). */
  ON_CALL = 'ON_CALL',
  /** Every coordinator, once the reach-out escalated. */
  ESCALATION = 'ESCALATION',
}
