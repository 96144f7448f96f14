import type { AuthUser, Role } from '../../core/auth';
import { DomainEvent } from '../../core/events';

/** A coordinator suspended someone; raised inside the suspension's transaction. */
export const UserSuspended = new DomainEvent<{ actorId: string; userId: string; until: Date; reason: string }>(
  'accounts.userSuspended',
);

/** A coordinator ended someone's suspension early; raised inside the lifting transaction. */
export const SuspensionLifted = new DomainEvent<{ actorId: string; userId: string; wasUntil: Date; reason: string }>(
  'accounts.suspensionLifted',
);

/** A coordinator or admin invited someone; raised inside the invitation's transaction. No email travels with it. */
export const InvitationCreated = new DomainEvent<{ actorId: string; invitationId: string; role: Role }>(
  'accounts.invitationCreated',
);

/**
 * A member is erasing their account; raised inside the erasure's transaction before their
 * rows go, so each module can undo what it holds (give up seats, end matches).
 */
export const AccountDeleted = new DomainEvent<{ user: AuthUser; now: Date }>('accounts.accountDeleted');

/** Someone joined with an invitation; raised inside the sign-up's transaction. */
export const InvitationAccepted = new DomainEvent<{ invitationId: string; userId: string; role: Role }>(
  'accounts.invitationAccepted',
);
