import { isCoordinator, type AuthUser } from '../../core/auth';
import { MatchStatus, MENTEE_VISIBLE_STATUSES } from './mentoring.enums';

type MatchLike = { mentorId: string; menteeId: string; status: MatchStatus | string };

/** Coordinators and the mentor see every match; the mentee is not shown being declined or passed over. */
export function canSeeMatch(viewer: AuthUser | null, m: MatchLike): boolean {
  if (!viewer) return false;
  if (isCoordinator(viewer) || viewer.id === m.mentorId) return true;
  return viewer.id === m.menteeId && MENTEE_VISIBLE_STATUSES.includes(m.status as MatchStatus);
}

/** Subscription events go to the two parties only, with the same rule as above. */
export function isPartyWhoSees(viewer: AuthUser | null, m: MatchLike): boolean {
  if (!viewer) return false;
  if (viewer.id === m.mentorId) return true;
  return viewer.id === m.menteeId && MENTEE_VISIBLE_STATUSES.includes(m.status as MatchStatus);
}

/** Why a mentor declined, or how a match ended, stays with the mentor and coordinators. */
export function canSeeMentorNotes(viewer: AuthUser | null, m: MatchLike): boolean {
  return !!viewer && (isCoordinator(viewer) || viewer.id === m.mentorId);
}

/** Gender is for the mentor themself and coordinators. */
export function canSeeGender(viewer: AuthUser | null, ownerId: string): boolean {
  return !!viewer && (isCoordinator(viewer) || viewer.id === ownerId);
}

/** A mentor profile is seen by its owner, coordinators, and everyone once approved. */
export function canSeeProfile(viewer: AuthUser | null, owner: { id: string; isMentor: boolean }): boolean {
  return !!viewer && (owner.isMentor || isCoordinator(viewer) || viewer.id === owner.id);
}

/** Sobriety-derived score parts are health data of the mentor: coordinators only. */
export function canSeeSoberTimePart(viewer: AuthUser | null): boolean {
  return isCoordinator(viewer);
}

export function canEndMatch(viewer: AuthUser, m: MatchLike): boolean {
  return isCoordinator(viewer) || viewer.id === m.mentorId || viewer.id === m.menteeId;
}
