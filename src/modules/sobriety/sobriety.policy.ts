import { isAlly, isCoordinator, type AuthUser } from '../../core/auth';
import { SobrietyAccessReason, Visibility } from './sobriety.enums';

const RANK: Record<Visibility, number> = {
  [Visibility.PRIVATE]: 0,
  [Visibility.MENTOR]: 1,
  [Visibility.COORDINATORS]: 2,
  [Visibility.NETWORK]: 3,
};

/** How the viewer stands to the member, looked up by the service. */
export interface SobrietyRelation {
  /** Either has blocked the other. */
  blocked: boolean;
  /** The viewer is the member's mentor in an ACTIVE match. */
  isActiveMentor: boolean;
}

/**
 * Whether `viewer` may see the sobriety data of `memberId`, shared with `visibility`.
 * PRIVATE: the member alone; MENTOR adds their active mentor; COORDINATORS adds
 * coordinators; NETWORK adds every signed-in member. A block either way always hides it.
 * Allies are reached by no tier.
 */
export function canSeeSobriety(
  viewer: AuthUser | null,
  memberId: string,
  visibility: Visibility,
  rel: SobrietyRelation,
): boolean {
  if (!viewer) return false;
  if (viewer.id === memberId) return true;
  // Allies see their member's sobriety only through what the member shares with allies, never by a tier.
  if (isAlly(viewer)) return false;
  if (rel.blocked) return false;
  const rank = RANK[visibility];
  if (rank >= RANK.MENTOR && rel.isActiveMentor) return true;
  if (rank >= RANK.COORDINATORS && isCoordinator(viewer)) return true;
  return rank >= RANK.NETWORK;
}

/** Reads of someone else's data by a coordinator or their mentor are recorded for the member. */
export function auditReason(viewer: AuthUser, memberId: string, rel: SobrietyRelation): SobrietyAccessReason | null {
  if (viewer.id === memberId) return null;
  if (isCoordinator(viewer)) return SobrietyAccessReason.COORDINATOR;
  if (rel.isActiveMentor) return SobrietyAccessReason.MENTOR;
  return null;
}
