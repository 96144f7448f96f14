export const ModerationTopic = {
  /** Every change to the queue; only coordinators may subscribe. */
  QUEUE_UPDATED: 'moderation.queueUpdated',
} as const;
