export const SobrietyTopic = {
  /** Announced milestones; each subscriber's filter applies the visibility policy. */
  MILESTONE_REACHED: 'sobriety.milestoneReached',
} as const;

/** Travels through pub/sub (possibly Redis): JSON only. */
export interface MilestoneReachedEvent {
  id: string;
  journeyId: string;
  userId: string;
  label: string;
  position: number;
  reachedOn: string;
  createdAt: string;
}
