/** Events of the discussions module on the shared pub/sub. */
export const DiscussionTopic = {
  /** Routed by thread id; payload is a JSON post (see DiscussionsService.postEvent). */
  POST_ADDED: 'discussions.postAdded',
} as const;
