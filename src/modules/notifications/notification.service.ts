import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { NotFoundError } from '../../core/errors';
import { paginate } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isUuid } from '../../core/ids';
import { NotificationKind } from './notification-kind.enum';
import { Notification } from './notification.entity';
import { NotificationTopic } from './notification.topics';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  /** Plain words, no health data: it may be shown on a lock screen. */
  message: string;
  subjectId?: string | null;
}

/** The shared notification centre: every feature tells members things through here. */
export class NotificationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly pubsub: PubSub,
  ) {}

  /** Stores a notification inside the caller's transaction; call `publish` after it commits. */
  async create(em: EntityManager, n: NewNotification): Promise<Notification> {
    const repo = em.getRepository(Notification);
    return repo.save(repo.create({ userId: n.userId, kind: n.kind, message: n.message, subjectId: n.subjectId ?? null, readAt: null }));
  }

  publish(...notifications: Notification[]): void {
    for (const n of notifications) {
      this.pubsub.publish(NotificationTopic.ADDED, n.userId, {
        id: n.id,
        userId: n.userId,
        kind: n.kind,
        message: n.message,
        subjectId: n.subjectId,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt ? n.readAt.toISOString() : null,
      });
    }
  }

  /** Stores and delivers at once, outside any other transaction. */
  async notify(n: NewNotification): Promise<Notification> {
    const saved = await this.create(this.ds.manager, n);
    this.publish(saved);
    return saved;
  }

  list(viewer: AuthUser, args: { first: number; after?: string | null; unreadOnly: boolean }) {
    const qb = this.ds.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :uid', { uid: viewer.id });
    if (args.unreadOnly) qb.andWhere('n.read_at IS NULL');
    return paginate(qb, args, [
      { column: 'n.created_at', direction: 'DESC', value: (n) => n.createdAt, cast: 'timestamptz' },
      { column: 'n.id', direction: 'DESC', value: (n) => n.id, cast: 'uuid' },
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
