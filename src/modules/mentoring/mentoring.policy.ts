import { isCoordinator, type AuthUser } from '../../core/auth';
import { MatchStatus, MENTEE_VISIBLE_STATUSES, MentorStatus } from './mentoring.enums';

type MatchLike = { mentorId: string; menteeId: string; status: MatchStatus | string };

/**
 * A block either way between mentor and mentee separates them: a match that is not ACTIVE
 * disappears from both parties' views (coordinators still see it), and a proposal between them
 * can never become active (see `activationRefusal`). An ACTIVE match stays in view so that
 * either side can end it.
 */
function separatedByBlock(m: MatchLike, blocked: boolean): boolean {
  return blocked && blockMatters(m.status);
}

/** Whether a block between the parties changes what they see of a match in this status (so it must be looked up). */
export function blockMatters(status: MatchStatus | string): boolean {
  return (status as MatchStatus) !== MatchStatus.ACTIVE;
}

/** `separatedByBlock` for SQL over `mentor_matches` aliased `alias`: true where the match stays in the parties' view. */
export function notSeparatedByBlockSql(alias: 'm' | 'x'): string {
  return `(${alias}.status = 'ACTIVE' OR NOT EXISTS (SELECT 1 FROM user_blocks sb
            WHERE (sb.blocker_id = ${alias}.mentor_id AND sb.blocked_id = ${alias}.mentee_id)
               OR (sb.blocker_id = ${alias}.mentee_id AND sb.blocked_id = ${alias}.mentor_id)))`;
}

/**
 * Coordinators and the mentor see every match; the mentee is not shown being declined or
 * passed over; and a block either way hides a match that is not active from both parties.
 * `blocked`: whether the mentor and the mentee are blocked either way (false when unknown
 * only for coordinators, who see regardless).
 */
export function canSeeMatch(viewer: AuthUser | null, m: MatchLike, blocked: boolean): boolean {
  if (!viewer) return false;
  if (isCoordinator(viewer)) return true;
  if (viewer.id !== m.mentorId && viewer.id !== m.menteeId) return false;
  if (separatedByBlock(m, blocked)) return false;
  return viewer.id === m.mentorId || MENTEE_VISIBLE_STATUSES.includes(m.status as MatchStatus);
}

/** Subscription events go to the two parties only, with the same rule as above. */
export function isPartyWhoSees(viewer: AuthUser | null, m: MatchLike, blocked: boolean): boolean {
  if (!viewer || (viewer.id !== m.mentorId && viewer.id !== m.menteeId)) return false;
  if (separatedByBlock(m, blocked)) return false;
  return viewer.id === m.mentorId || MENTEE_VISIBLE_STATUSES.includes(m.status as MatchStatus);
}

/** Why a proposal cannot become an active match now, or null when it can. */
export type ActivationRefusal = 'NOT_OPEN' | 'EXPIRED' | 'BLOCKED' | 'NOT_APPROVED' | 'AT_CAPACITY';

/**
 * The one rule for a proposal becoming an ACTIVE match, checked under the locks of the
 * mentor's profile, the match and the blocks: it must still be open and in time, neither may
 * have blocked the other, the mentor's approval must hold now (not as it was when their
 * session was read), and they must have a free place.
 */
export function activationRefusal(f: {
  status: MatchStatus | string;
  respondBy: Date;
  now: Date;
  blocked: boolean;
  mentorApproved: boolean;
  capacity: number | null;
  active: number;
}): ActivationRefusal | null {
  if ((f.status as MatchStatus) !== MatchStatus.PROPOSED) return 'NOT_OPEN';
  if (f.respondBy <= f.now) return 'EXPIRED';
  if (f.blocked) return 'BLOCKED';
  if (!f.mentorApproved) return 'NOT_APPROVED';
  if (f.capacity === null || f.active >= f.capacity) return 'AT_CAPACITY';
  return null;
}

/** Why a mentor declined, or how a match ended, stays with the mentor and coordinators. */
export function canSeeMentorNotes(viewer: AuthUser | null, m: MatchLike): boolean {
  return !!viewer && (isCoordinator(viewer) || viewer.id === m.mentorId);
}

/** Gender is for the mentor themself and coordinators. */
export function canSeeGender(viewer: AuthUser | null, ownerId: string): boolean {
  return !!viewer && (isCoordinator(viewer) || viewer.id === ownerId);
}

/** What tells a paused mentor from a lapsed one; `users.is_mentor` is the approval that holds now. */
export interface MentorStanding {
  isMentor: boolean;
}
export interface ProfileStanding {
  acceptingMentees: boolean;
  approvedAt: Date | null;
  lapsedAt: Date | null;
}

/**
 * Whether others are shown the member as a mentor (`User.isMentor`): while approved, and
 * also after the approval lapsed on a sobriety reset, which everyone but the mentor and
 * coordinators sees as a pause. (`AuthUser.isMentor`, what the member may do, stays strict:
 * it is the approval that holds now.) A lapse recorded before approvals were kept through a
 * lapse has no `approvedAt` and stays as it was shown then.
 */
export function shownAsMentor(user: MentorStanding, profile: ProfileStanding | null): boolean {
  return user.isMentor || (!!profile?.lapsedAt && !!profile.approvedAt);
}

/** A mentor profile is seen by its owner, coordinators, and everyone while its owner is shown as a mentor. */
export function canSeeProfile(
  viewer: AuthUser | null,
  owner: { id: string } & MentorStanding,
  profile: ProfileStanding | null,
): boolean {
  return !!viewer && (shownAsMentor(owner, profile) || isCoordinator(viewer) || viewer.id === owner.id);
}

/** Why a mentor is or is not taking mentees: for the mentor and coordinators (whose reads are recorded). */
export function canSeeMentorStatus(viewer: AuthUser | null, ownerId: string): boolean {
  return !!viewer && (isCoordinator(viewer) || viewer.id === ownerId);
}

export function mentorStatus(user: MentorStanding, profile: ProfileStanding): MentorStatus {
  if (profile.lapsedAt) return MentorStatus.LAPSED;
  if (!user.isMentor) return MentorStatus.NOT_APPROVED;
  return profile.acceptingMentees ? MentorStatus.ACCEPTING : MentorStatus.PAUSED;
}

/**
 * Sobriety-derived score parts are health data of the mentor: coordinators only, and only
 * when the mentor's own visibility reaches coordinators (`disclosed`, which the sobriety
 * module decides and records).
 */
export function canSeeSoberTimePart(viewer: AuthUser | null, disclosed: boolean): boolean {
  return isCoordinator(viewer) && disclosed;
}

export function canEndMatch(viewer: AuthUser, m: MatchLike): boolean {
  return isCoordinator(viewer) || viewer.id === m.mentorId || viewer.id === m.menteeId;
}
