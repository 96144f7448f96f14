export const MeetingTopic = {
  /** Routed by meeting id; the payload is `{ id }` and subscribers load the meeting fresh. */
  UPDATED: 'meetings.updated',
} as const;

export interface MeetingUpdatedEvent {
  id: string;
}
