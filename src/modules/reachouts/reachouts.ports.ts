import { Port } from '../../core/module';
import type { Sql } from '../../core/sql';
import type { ReachOutsService } from './reachouts.service';

/** Reaching out and support circles, for scripts and tests that drive the escalation by hand. */
export const REACH_OUTS = new Port<ReachOutsService>('reachouts');

/** What the coordinators' view of members needing attention may know of reach-outs. */
export interface OpenReachOuts {
  /**
   * SQL giving rows `(member_id uuid, escalated boolean, since timestamptz)`: for each member
   * with a reach-out still OPEN or ESCALATED, whether one escalated and when the oldest was sent.
   * Nothing of what a reach-out says.
   */
  readonly sql: Sql;
}

export const OPEN_REACH_OUTS = new Port<OpenReachOuts>('reachouts.open');
