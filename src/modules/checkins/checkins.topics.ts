export const CheckInTopic = {
  /** Not routed: each subscriber's filter applies the consent check to this event. */
  SHARED: 'checkins.shared',
} as const;

/** Travels through pub/sub (possibly Redis): ids only, never a mood or a note. */
export interface CheckInSharedEvent {
  id: string;
  memberId: string;
}
