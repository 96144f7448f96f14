import type { Tx } from '../../core/outbox';

export const ReachOutTopic = {
  /** Routed by person: each event goes to the member and to each person the reach-out was sent to. */
  UPDATED: 'reachouts.updated',
} as const;

/**
 * A reach-out changed. Only its id travels (never what the member wrote): each subscriber's
 * filter re-checks that they may still see it and reads it fresh.
 */
export interface ReachOutUpdatedEvent {
  id: string;
}

/** Tells the member and these people, after commit, that the reach-out changed. */
export function announceReachOut(tx: Tx, reachOutId: string, memberId: string, recipients: readonly string[]): void {
  for (const userId of new Set([memberId, ...recipients])) {
    tx.outbox.publish(ReachOutTopic.UPDATED, userId, { id: reachOutId } satisfies ReachOutUpdatedEvent);
  }
}
