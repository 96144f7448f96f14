import type { AuthUser } from '../../core/auth';
import { DomainEvent } from '../../core/events';

/** A coordinator suspended someone; raised inside the suspension's transaction. */
export const UserSuspended = new DomainEvent<{ actorId: string; userId: string; until: Date; reason: string }>(
  'accounts.userSuspended',
);

/**
 * A member is erasing their account; raised inside the erasure's transaction before their
 * rows go, so each module can undo what it holds (give up seats, end matches).
 */
export const AccountDeleted = new DomainEvent<{ user: AuthUser; now: Date }>('accounts.accountDeleted');
