import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { inTransaction, isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { paginate } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isUuid } from '../../core/ids';
import type { DiscussionsService } from '../discussions/discussions.service';
import { PostStatus } from '../discussions/post-status.enum';
import { Post } from '../discussions/post.entity';
import { Thread } from '../discussions/thread.entity';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { Notification } from '../notifications/notification.entity';
import type { NotificationsService } from '../notifications/notification.service';
import { ModerationLogEntry } from './moderation-log.entity';
import { ModerationItem } from './moderation-item.entity';
import {
  ModerationAction,
  ModerationCause,
  ModerationItemStatus,
  ModerationLogAction,
  ModerationTarget,
  ReportReason,
} from './moderation.enums';
import { moderatedMessage, nextStatus } from './moderation.policy';
import { appendLog, enqueue, publishItem, resolveOpenItem } from './moderation.queue';
import { PostReport } from './report.entity';

const REPORT_CAUSE: Partial<Record<ReportReason, ModerationCause>> = {
  [ReportReason.SELF_HARM_CONCERN]: ModerationCause.SELF_HARM_REPORT,
  [ReportReason.PRIVACY_BREACH]: ModerationCause.PRIVACY_BREACH,
  [ReportReason.SUBSTANCE_PROMOTION]: ModerationCause.SUBSTANCE_PROMOTION,
};

/** Reports, the moderation queue, coordinators' decisions and the append-only log. */
export class ModerationService {
  constructor(
    private readonly ds: DataSource,
    private readonly pubsub: PubSub,
    private readonly notifications: NotificationsService,
    private readonly discussions: DiscussionsService,
  ) {}

  private get rules() {
    return this.discussions.settings.rules;
  }

  private reason(raw: string, field = 'reason'): string {
    const reason = raw.trim();
    if (!reason) throw new BadInputError(field, 'Give a reason.');
    if (reason.length > this.rules.maxReasonLength) throw new BadInputError(field, `Use at most ${this.rules.maxReasonLength} characters.`);
    return reason;
  }

  async reportPost(viewer: AuthUser, input: { postId: string; reason: ReportReason; note?: string | null }) {
    const note = input.note?.trim() || null;
    if (note && note.length > this.rules.maxReportNoteLength) throw new BadInputError('note', 'The note is too long.');
    let result: { report: PostReport; item: ModerationItem; hidden: Notification | null };
    try {
      result = await inTransaction(this.ds, async (em) => {
        // Locking the post serialises its reports: the threshold hides it exactly once.
        const post = await this.discussions.findListablePost(viewer, input.postId, em, true);
        if (post.authorId === viewer.id) throw new BadInputError('postId', 'You cannot report your own post.');
        const repo = em.getRepository(PostReport);
        const report = await repo.save(repo.create({ postId: post.id, reporterId: viewer.id, reason: input.reason, note, resolvedAt: null }));
        const item = await enqueue(em, post.id, [ModerationCause.REPORTED, ...(REPORT_CAUSE[input.reason] ? [REPORT_CAUSE[input.reason]!] : [])]);
        await repo.update(report.id, { itemId: item.id });
        let hidden: Notification | null = null;
        const [{ n }] = await em.query(
          `SELECT count(DISTINCT reporter_id)::int AS n FROM post_reports WHERE post_id = $1 AND resolved_at IS NULL`,
          [post.id],
        );
        if (n >= this.rules.reportsToHide && post.status === PostStatus.VISIBLE) {
          await em.getRepository(Post).update({ id: post.id, status: PostStatus.VISIBLE }, { status: PostStatus.HIDDEN });
          await appendLog(em, {
            actorId: null,
            action: ModerationLogAction.AUTO_HIDE,
            targetType: ModerationTarget.POST,
            targetId: post.id,
            reason: `Reported by ${n} members; hidden until a coordinator reviews it.`,
          });
          hidden = await this.notifications.create(em, {
            userId: post.authorId,
            kind: NotificationKind.POST_MODERATED,
            message: 'Your post is hidden while a coordinator reviews it.',
            subjectId: post.id,
          });
        }
        return { report: { ...report, itemId: item.id }, item, hidden };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_post_reports_open')) {
        throw new ConflictError('You have already reported this post.', { reason: 'ALREADY_REPORTED' });
      }
      throw err;
    }
    publishItem(this.pubsub, result.item);
    if (result.hidden) this.notifications.publish(result.hidden);
    return { report: result.report };
  }

  async moderatePost(actor: AuthUser, input: { postId: string; action: ModerationAction; reason: string }) {
    const reason = this.reason(input.reason);
    if (!isUuid(input.postId)) throw new NotFoundError('Post');
    const out = await inTransaction(this.ds, async (em) => {
      const post = await em
        .getRepository(Post)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id: input.postId })
        .getOne();
      if (!post) throw new NotFoundError('Post');
      const to = nextStatus(post.status, input.action);
      if (!to) {
        throw new ConflictError(`This action does not apply to a ${post.status.toLowerCase().replace('_', ' ')} post.`, {
          field: 'action',
          status: post.status,
        });
      }
      await em.getRepository(Post).update(post.id, { status: to });
      const item = await resolveOpenItem(em, post.id, input.action, actor.id);
      const [, dismissed] = await em.query(`UPDATE post_reports SET resolved_at = now() WHERE post_id = $1 AND resolved_at IS NULL`, [post.id]);
      await appendLog(em, {
        actorId: actor.id,
        action: ModerationLogAction[input.action],
        targetType: ModerationTarget.POST,
        targetId: post.id,
        reason,
        detail: `${post.status} -> ${to}${dismissed ? `; ${dismissed} open report(s) closed` : ''}`,
      });
      const note =
        post.authorId === actor.id
          ? null
          : await this.notifications.create(em, {
              userId: post.authorId,
              kind: NotificationKind.POST_MODERATED,
              message: moderatedMessage(input.action, reason),
              subjectId: post.id,
            });
      const updated = await em.getRepository(Post).findOneOrFail({ where: { id: post.id } });
      return { post: updated, before: post.status, item, note };
    });
    if (out.item) publishItem(this.pubsub, out.item);
    if (out.note) this.notifications.publish(out.note);
    // Approving a waiting post publishes it to the thread's live subscribers.
    if (out.before === PostStatus.PENDING_REVIEW && out.post.status === PostStatus.VISIBLE) {
      await this.ds.query(`UPDATE threads SET last_activity_at = greatest(last_activity_at, $2) WHERE id = $1`, [out.post.threadId, out.post.createdAt]);
      this.discussions.publishPost(out.post);
    }
    return { post: out.post, item: out.item };
  }

  private async updateThread(
    actor: AuthUser,
    threadId: string,
    patch: Partial<Pick<Thread, 'locked' | 'pinned' | 'slowModeSeconds'>>,
    log: { action: ModerationLogAction; reason: string; detail?: string },
  ) {
    if (!isUuid(threadId)) throw new NotFoundError('Thread');
    return inTransaction(this.ds, async (em) => {
      const res = await em.getRepository(Thread).update(threadId, patch);
      if (!res.affected) throw new NotFoundError('Thread');
      await appendLog(em, { actorId: actor.id, targetType: ModerationTarget.THREAD, targetId: threadId, ...log });
      return { thread: await em.getRepository(Thread).findOneOrFail({ where: { id: threadId } }) };
    });
  }

  lockThread(actor: AuthUser, input: { threadId: string; locked: boolean; reason: string }) {
    const reason = this.reason(input.reason);
    return this.updateThread(actor, input.threadId, { locked: input.locked }, {
      action: input.locked ? ModerationLogAction.LOCK : ModerationLogAction.UNLOCK,
      reason,
    });
  }

  setSlowMode(actor: AuthUser, input: { threadId: string; seconds: number; reason: string }) {
    if (!Number.isInteger(input.seconds) || input.seconds < 0 || input.seconds > this.rules.maxSlowModeSeconds) {
      throw new BadInputError('seconds', `Use 0 to ${this.rules.maxSlowModeSeconds} seconds.`);
    }
    const reason = this.reason(input.reason);
    return this.updateThread(actor, input.threadId, { slowModeSeconds: input.seconds }, {
      action: ModerationLogAction.SLOW_MODE,
      reason,
      detail: `${input.seconds} seconds`,
    });
  }

  pinThread(actor: AuthUser, input: { threadId: string; pinned: boolean; reason?: string | null }) {
    return this.updateThread(actor, input.threadId, { pinned: input.pinned }, {
      action: input.pinned ? ModerationLogAction.PIN : ModerationLogAction.UNPIN,
      reason: input.reason?.trim() || '(no reason given)',
    });
  }

  /** HIGH first (crisis, then privacy), then oldest. */
  queue(args: { first: number; after?: string | null; status: ModerationItemStatus }) {
    const qb = this.ds.getRepository(ModerationItem).createQueryBuilder('m').where('m.status = :status', { status: args.status });
    return paginate(qb, args, [
      { column: 'm.sort_rank', direction: 'ASC', value: (m) => m.sortRank, cast: 'int' },
      { column: 'm.created_at', direction: 'ASC', value: (m) => m.createdAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'ASC', value: (m) => m.id, cast: 'uuid' },
    ]);
  }

  log(args: { first: number; after?: string | null }) {
    const qb = this.ds.getRepository(ModerationLogEntry).createQueryBuilder('l');
    return paginate(qb, args, [
      { column: 'l.created_at', direction: 'DESC', value: (l) => l.createdAt, cast: 'timestamptz' },
      { column: 'l.id', direction: 'DESC', value: (l) => l.id, cast: 'uuid' },
    ]);
  }

  reportsByItemIds(ids: readonly string[]): Promise<PostReport[]> {
    return this.ds.getRepository(PostReport).find({ where: { itemId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
