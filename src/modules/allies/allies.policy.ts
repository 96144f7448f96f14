/** Live allies a member may have at once, invitations still open included. */
export const MAX_ALLIES = 3;
export const MAX_RELATIONSHIP_LENGTH = 60;

/** What the check needs of a tie. */
export interface TieState {
  allyId: string | null;
  removedAt: Date | null;
  invitationExpiresAt: Date;
}

/**
 * A tie counts while it stands: joined and not removed, or invited and the invitation still
 * open. `liveTieSql` (allies.queries.ts) is the same rule for counting.
 */
export function isLive(t: TieState, now: Date): boolean {
  if (t.removedAt) return false;
  return t.allyId !== null || t.invitationExpiresAt > now;
}

/** What the member shares with allies; both off until they choose. */
export interface Sharing {
  milestones: boolean;
  checkInStreak: boolean;
}

export const NOTHING_SHARED: Readonly<Sharing> = Object.freeze({ milestones: false, checkInStreak: false });
