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
