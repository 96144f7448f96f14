import { DataSource, In, IsNull } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { NotFoundError } from '../../core/errors';
import { paginate } from '../../core/pagination';
import type { DomainEvents } from '../../core/events';
import type { Transactor, Tx } from '../../core/outbox';
import { isUuid } from '../../core/ids';
import { rows, sql, type Sql } from '../../core/sql';
import { NotificationKind } from './notification-kind.enum';
import { Notification } from './notification.entity';
import { NotificationTopic } from './notification.topics';
import { NOTIFICATION_ADDED } from './notifications.events';

export { ACTOR } from './notifications.policy';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  /** Plain words, no health data: it may be shown on a lock screen. `{actor}` stands for the actor's name. */
  message: string;
  /** Who did what the message tells of; their name is rendered when the notification is read. */
  actorId?: string | null;
  subjectId?: string | null;
}

interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  message: string;
  actor_id: string | null;
  subject_id: string | null;
  created_at: Date;
}

/** The shared notification centre: every feature tells members things through here. */
export class NotificationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly events: DomainEvents,
  ) {}

  /** Stores a notification in the caller's transaction; it is delivered live after commit. */
  async add(tx: Tx, n: NewNotification): Promise<Notification> {
    const repo = tx.em.getRepository(Notification);
    const saved = await repo.save(
      repo.create({
        userId: n.userId,
        kind: n.kind,
        message: n.message,
        actorId: n.actorId ?? null,
        subjectId: n.subjectId ?? null,
        readAt: null,
      }),
    );
    tx.outbox.publish(NotificationTopic.ADDED, saved.userId, {
      id: saved.id,
      userId: saved.userId,
      kind: saved.kind,
      message: saved.message,
      actorId: saved.actorId,
      subjectId: saved.subjectId,
      createdAt: saved.createdAt.toISOString(),
      readAt: saved.readAt ? saved.readAt.toISOString() : null,
    });
    await this.events.emit(
      NOTIFICATION_ADDED,
      { id: saved.id, userId: saved.userId, kind: saved.kind, createdAt: saved.createdAt },
      tx,
    );
    return saved;
  }

  /**
   * Stores many notifications in one statement of the caller's transaction, each delivered live
   * after commit. `select` gives rows `(user_id, kind, message, actor_id, subject_id)`; `ctes`
   * (without the WITH) may precede it, data-modifying ones included, so that a sweep finds,
   * marks and notifies in one statement whatever the number of members.
   */
  async addSelected(tx: Tx, ctes: Sql, select: Sql): Promise<number> {
    const added = await rows<NotificationRow>(
      tx.em,
      sql`WITH ${ctes}
          INSERT INTO notifications (user_id, kind, message, actor_id, subject_id)
          SELECT s.user_id, s.kind::notification_kind, s.message, s.actor_id, s.subject_id FROM (${select}) s
          RETURNING id, user_id, kind::text AS kind, message, actor_id, subject_id, created_at`,
    );
    for (const n of added) {
      tx.outbox.publish(NotificationTopic.ADDED, n.user_id, {
        id: n.id,
        userId: n.user_id,
        kind: n.kind,
        message: n.message,
        actorId: n.actor_id,
        subjectId: n.subject_id,
        createdAt: new Date(n.created_at).toISOString(),
        readAt: null,
      });
      // E-mail and push learn of each one (nothing is asked of the database when neither is configured).
      await this.events.emit(
        NOTIFICATION_ADDED,
        { id: n.id, userId: n.user_id, kind: n.kind, createdAt: new Date(n.created_at) },
        tx,
      );
    }
    return added.length;
  }

  /** Stores and delivers in a transaction of its own. */
  notify(n: NewNotification): Promise<Notification> {
    return this.tx.run((tx) => this.add(tx, n));
  }

  list(viewer: AuthUser, args: { first: number; after?: string | null; unreadOnly: boolean }) {
    const qb = this.ds
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.user_id = :uid', { uid: viewer.id });
    if (args.unreadOnly) qb.andWhere('n.read_at IS NULL');
    return paginate(qb, args, [
      { column: 'n.created_at', direction: 'DESC', value: (n) => n.createdAt, cast: 'timestamptz' },
      { column: 'n.seq', direction: 'DESC', value: (n) => n.seq, cast: 'bigint' },
    ]);
  }

  unreadCount(viewer: AuthUser): Promise<number> {
    return this.ds.getRepository(Notification).count({ where: { userId: viewer.id, readAt: IsNull() } });
  }

  /** Marks the viewer's own notifications read. Anyone else's id fails the whole call. */
  async markRead(viewer: AuthUser, ids: string[]) {
    const unique = [...new Set(ids)];
    if (!unique.every(isUuid)) throw new NotFoundError('Notification');
    const repo = this.ds.getRepository(Notification);
    const owned = await repo.find({ where: { id: In(unique), userId: viewer.id } });
    if (owned.length !== unique.length) throw new NotFoundError('Notification');
    await repo.update({ id: In(unique), userId: viewer.id, readAt: IsNull() }, { readAt: new Date() });
    return {
      notifications: await repo.find({ where: { id: In(unique) }, order: { createdAt: 'DESC' } }),
      unreadCount: await this.unreadCount(viewer),
    };
  }
}
