export const NotificationTopic = {
  /** Routed by the owner's user id: only that user's sockets subscribe to it. */
  ADDED: 'notifications.added',
} as const;
