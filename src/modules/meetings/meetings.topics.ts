import type { Outbox } from '../../core/outbox';

export const MeetingTopic = {
  /** Routed by meeting id; the payload is `{ id }` and subscribers load the meeting fresh. */
  UPDATED: 'meetings.updated',
} as const;

export interface MeetingUpdatedEvent {
  id: string;
}

/** Tells followers of the meeting, once the transaction has committed, that it changed. */
export function announceMeeting(outbox: Outbox, id: string): void {
  const event: MeetingUpdatedEvent = { id };
  outbox.publish(MeetingTopic.UPDATED, id, event);
}
