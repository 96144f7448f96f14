import { isCoordinator, Role, type AuthUser } from '../../core/auth';

const RANK: Record<Role, number> = { [Role.ALLY]: -1, [Role.MEMBER]: 0, [Role.COORDINATOR]: 1, [Role.ADMIN]: 2 };

/** Coordinators invite members; admins invite anyone but allies, whom only members invite (inviteAlly). */
export function canInvite(actor: AuthUser, role: Role): boolean {
  if (role === Role.ALLY) return false;
  if (actor.role === Role.ADMIN) return true;
  return actor.role === Role.COORDINATOR && role === Role.MEMBER;
}

/** An email is seen by its owner and by coordinators, no one else. */
export function canSeeEmail(viewer: AuthUser | null, owner: { id: string }): boolean {
  return !!viewer && (viewer.id === owner.id || isCoordinator(viewer));
}

/** Suspension goes strictly down the ladder: coordinators suspend members, admins suspend coordinators. */
export function canSuspend(actor: AuthUser, target: { id: string; role: Role }): boolean {
  return actor.id !== target.id && isCoordinator(actor) && RANK[actor.role] > RANK[target.role];
}

/** Lifting a suspension early follows the same ladder as imposing one. */
export function canLiftSuspension(actor: AuthUser, target: { id: string; role: Role }): boolean {
  return canSuspend(actor, target);
}

/** A suspension holds until its end; one that has ended lets the person back in. */
export function isSuspendedAt(suspendedUntil: Date | null, now = new Date()): boolean {
  return !!suspendedUntil && suspendedUntil > now;
}
