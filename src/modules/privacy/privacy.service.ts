import { DataSource } from 'typeorm';
import { newSecret, type AuthUser } from '../../core/auth';
import { inTransaction } from '../../core/db';
import { BadInputError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { PubSub } from '../../core/pubsub';
import { AccountTopic } from '../accounts/accounts.topics';
import { verifyPassword } from '../accounts/password';
import { User } from '../accounts/user.entity';
import type { MeetingsService } from '../meetings/meetings.service';
import { DATA_MAP } from './data-map';

export const FORMER_MEMBER = 'Former member';

/** Things other modules must undo before an account goes, such as ending mentoring matches. */
export type AccountDeletionStep = (user: AuthUser) => Promise<void>;

/** A member's own data: all of it, as one document; and its erasure. */
export class PrivacyService {
  readonly deletionSteps: AccountDeletionStep[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly meetings: MeetingsService,
    private readonly pubsub: PubSub,
    private readonly log: Logger,
  ) {}

  async exportData(viewer: AuthUser): Promise<Record<string, unknown>> {
    // to_jsonb keeps PostgreSQL's own spelling: dates stay YYYY-MM-DD, times carry their offset.
    const rowsOf = async (table: string, column: string, omit: string[]) =>
      (await this.ds.query(`SELECT to_jsonb(x) - $2::text[] AS row FROM "${table}" x WHERE "${column}" = $1`, [viewer.id, omit])).map(
        (r: { row: Record<string, unknown> }) => r.row,
      );
    const [profile] = await rowsOf('users', 'id', ['password_hash', 'suspension_reason', 'deleted_at']);
    const doc: Record<string, unknown> = { profile };
    for (const place of DATA_MAP) {
      if (place.exportAs) doc[place.exportAs] = await rowsOf(place.table, place.column, place.omit ?? []);
    }
    return doc;
  }

  /**
   * Erases the member: personal data and sobriety history go; seats are given up (waitlists
   * promoted); posts stay, signed "Former member"; the email may sign up again.
   */
  async deleteAccount(viewer: AuthUser, password: string, now = new Date()): Promise<void> {
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: viewer.id });
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new BadInputError('password', 'The password is not right. Nothing was deleted.');
    }
    // Seats first, through the meetings rules, so that the people waiting are promoted.
    const upcoming: Array<{ meeting_id: string }> = await this.ds.query(
      `SELECT r.meeting_id FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id
        WHERE r.user_id = $1 AND r.status <> 'CANCELLED' AND m.starts_at > $2`,
      [viewer.id, now],
    );
    for (const { meeting_id } of upcoming) await this.meetings.cancelRsvp(viewer, meeting_id, now);
    for (const step of this.deletionSteps) await step(viewer);

    await inTransaction(this.ds, async (em) => {
      for (const place of DATA_MAP) {
        if (place.onDelete === 'delete') await em.query(`DELETE FROM "${place.table}" WHERE "${place.column}" = $1`, [viewer.id]);
      }
      await em.getRepository(User).update(viewer.id, {
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
    });
    this.pubsub.publish(AccountTopic.SESSIONS_REVOKED, { userId: viewer.id });
    this.log.info({ userId: viewer.id }, 'account deleted');
  }
}
