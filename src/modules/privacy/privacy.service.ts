import { DataSource } from 'typeorm';
import { newSecret, type AuthUser } from '../../core/auth';
import type { DomainEvents } from '../../core/events';
import { BadInputError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { DataLocation } from '../../core/module';
import type { Transactor, Tx } from '../../core/outbox';
import { AccountDeleted } from '../accounts/accounts.events';
import { AccountTopic, type SessionsRevokedEvent } from '../accounts/accounts.topics';
import { verifyPassword } from '../accounts/password';
import { User } from '../accounts/user.entity';
import { deleteRows, exportRows } from './privacy.queries';

export const FORMER_MEMBER = 'Former member';

/** A member's own data: all of it, as one document; and its erasure. */
export class PrivacyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly events: DomainEvents,
    /** Every module's data-map rows. */
    private readonly dataMap: readonly DataLocation[],
    private readonly log: Logger,
  ) {}

  async exportData(viewer: AuthUser): Promise<Record<string, unknown>> {
    const [profile] = await exportRows(
      this.ds,
      { table: 'users', column: 'id', omit: ['password_hash', 'suspension_reason', 'deleted_at'] },
      viewer.id,
    );
    const doc: Record<string, unknown> = { profile };
    for (const place of this.dataMap) {
      if (place.exportAs) doc[place.exportAs] = await exportRows(this.ds, place, viewer.id);
    }
    return doc;
  }

  /**
   * Erases the member in one transaction: modules undo what they hold first (seats go to
   * those waiting, matches end), then personal data and sobriety history go; posts stay,
   * signed "Former member"; the email may sign up again.
   */
  async deleteAccount(viewer: AuthUser, password: string, now = new Date()): Promise<void> {
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: viewer.id });
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new BadInputError('password', 'The password is not right. Nothing was deleted.');
    }
    await this.tx.run((tx) => this.erase(tx, viewer, now));
    this.log.info({ userId: viewer.id }, 'account deleted');
  }

  /**
   * The erasure itself, inside the caller's transaction, with no password: for an account
   * that exists only for another's sake (an ally, when their tie ends).
   */
  async erase(tx: Tx, viewer: AuthUser, now = new Date()): Promise<void> {
    await this.events.emit(AccountDeleted, { user: viewer, now }, tx);
    for (const place of this.dataMap) {
      if (place.onDelete === 'delete') await deleteRows(tx.em, place, viewer.id);
    }
    await tx.em.getRepository(User).update(viewer.id, {
      email: `deleted-${viewer.id}@deleted.invalid`,
      displayName: FORMER_MEMBER,
      // No password can match this: the account can never sign in again.
      passwordHash: `!deleted!${newSecret(16)}`,
      timeZone: 'UTC',
      isMentor: false,
      suspendedUntil: null,
      suspensionReason: null,
      deletedAt: now,
    });
    tx.outbox.publish(AccountTopic.SESSIONS_REVOKED, { userId: viewer.id } satisfies SessionsRevokedEvent);
  }
}
