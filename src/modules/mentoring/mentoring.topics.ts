import type { Tx } from '../../core/outbox';
import type { MentorMatch } from './mentor-match.entity';

export const MentoringTopic = {
  /** Not routed: each subscriber's filter keeps the matches they are party to. */
  MATCH_UPDATED: 'mentoring.matchUpdated',
} as const;

/** A match as it now stands; dates as ISO strings, the decline reason never included. */
export interface MatchUpdatedEvent {
  id: string;
  requestId: string;
  mentorId: string;
  menteeId: string;
  status: string;
  score: number;
  proposedAt: string;
  respondBy: string;
  respondedAt: string | null;
  endedAt: string | null;
}

export function matchEvent(m: MentorMatch): MatchUpdatedEvent {
  return {
    id: m.id,
    requestId: m.requestId,
    mentorId: m.mentorId,
    menteeId: m.menteeId,
    status: m.status,
    score: m.score,
    proposedAt: m.proposedAt.toISOString(),
    respondBy: m.respondBy.toISOString(),
    respondedAt: m.respondedAt ? m.respondedAt.toISOString() : null,
    endedAt: m.endedAt ? m.endedAt.toISOString() : null,
  };
}

/** Tells the two parties how the match now stands, once the transaction commits. Call after its last change. */
export function announceMatch(tx: Tx, m: MentorMatch): void {
  tx.outbox.publish(MentoringTopic.MATCH_UPDATED, matchEvent(m));
}
