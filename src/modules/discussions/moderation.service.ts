import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import { NO_REASON, type AuditLog } from '../audit/audit.service';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import type { DiscussionSettings } from './discussions.config';
import { catchUpThread } from './discussions.queries';
import { publishPost } from './discussions.topics';
import type { ModerationItem } from './moderation-item.entity';
import { ModerationAction, ModerationItemStatus, type ReportReason } from './moderation.enums';
import { moderatedMessage, nextStatus, reportCauses } from './moderation.policy';
import {
  closeOpenReports,
  countReportersTowardHiding,
  queuePage,
  type QueuePage,
  reportsByItemIds,
  resolveOpenItem,
} from './moderation.queries';
import { enqueue } from './moderation.queue';
import { publishItem } from './moderation.topics';
import { PostStatus } from './post-status.enum';
import { Post } from './post.entity';
import type { ReadingService } from './reading.service';
import { PostReport } from './report.entity';
import { Thread } from './thread.entity';

/** Reports, the moderation queue, coordinators' decisions on posts and threads. */
export class ModerationService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly settings: DiscussionSettings,
    private readonly reading: ReadingService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
  ) {}

  private get rules() {
    return this.settings.rules;
  }

  private reason(raw: string, field = 'reason'): string {
    const reason = raw.trim();
    if (!reason) throw new BadInputError(field, 'Give a reason.');
    if (reason.length > this.rules.maxReasonLength)
      throw new BadInputError(field, `Use at most ${this.rules.maxReasonLength} characters.`);
    return reason;
  }

  async reportPost(
    viewer: AuthUser,
    input: { postId: string; reason: ReportReason; note?: string | null },
  ): Promise<{ report: PostReport }> {
    const note = input.note?.trim() || null;
    if (note && note.length > this.rules.maxReportNoteLength) throw new BadInputError('note', 'The note is too long.');
    try {
      return await this.tx.run(async (tx) => {
        // Locking the post serialises its reports: the threshold hides it exactly once.
        const post = await this.reading.findListablePost(viewer, input.postId, tx.em, true);
        if (post.authorId === viewer.id) throw new BadInputError('postId', 'You cannot report your own post.');
        const repo = tx.em.getRepository(PostReport);
        const report = await repo.save(
          repo.create({ postId: post.id, reporterId: viewer.id, reason: input.reason, note, resolvedAt: null }),
        );
        // A care report (concern for an author in crisis) raises a HIGH item and nothing else.
        const item = await enqueue(tx, post.id, reportCauses(input.reason));
        await repo.update(report.id, { itemId: item.id });
        const reporters = await countReportersTowardHiding(tx.em, post.id);
        if (reporters >= this.rules.reportsToHide && post.status === PostStatus.VISIBLE) {
          await tx.em
            .getRepository(Post)
            .update({ id: post.id, status: PostStatus.VISIBLE }, { status: PostStatus.HIDDEN });
          await this.audit.append(tx, {
            actorId: null,
            action: ModerationLogAction.AUTO_HIDE,
            targetType: ModerationTarget.POST,
            targetId: post.id,
            reason: `Reported by ${reporters} members; hidden until a coordinator reviews it.`,
          });
          await this.notifications.add(tx, {
            userId: post.authorId,
            kind: NotificationKind.POST_MODERATED,
            message: 'Your post is hidden while a coordinator reviews it.',
            subjectId: post.id,
          });
        }
        return { report: Object.assign(report, { itemId: item.id }) };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_post_reports_open')) {
        throw new ConflictError('You have already reported this post.', { reason: 'ALREADY_REPORTED' });
      }
      throw err;
    }
  }

  async moderatePost(
    actor: AuthUser,
    input: { postId: string; action: ModerationAction; reason: string },
  ): Promise<{ post: Post; item: ModerationItem | null }> {
    const reason = this.reason(input.reason);
    if (!isUuid(input.postId)) throw new NotFoundError('Post');
    return this.tx.run(async (tx) => {
      const posts = tx.em.getRepository(Post);
      const post = await posts
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id: input.postId })
        .getOne();
      if (!post) throw new NotFoundError('Post');
      const to = nextStatus(post.status, input.action);
      if (!to) {
        throw new ConflictError(
          `This action does not apply to a ${post.status.toLowerCase().replace('_', ' ')} post.`,
          {
            field: 'action',
            status: post.status,
          },
        );
      }
      await posts.update(post.id, { status: to });
      const item = await resolveOpenItem(tx.em, post.id, input.action, actor.id);
      const dismissed = await closeOpenReports(tx.em, post.id);
      await this.audit.append(tx, {
        actorId: actor.id,
        action: ModerationLogAction[input.action],
        targetType: ModerationTarget.POST,
        targetId: post.id,
        reason,
        detail: `${post.status} -> ${to}${dismissed ? `; ${dismissed} open report(s) closed` : ''}`,
      });
      if (item) publishItem(tx.outbox, item);
      if (post.authorId !== actor.id) {
        await this.notifications.add(tx, {
          userId: post.authorId,
          kind: NotificationKind.POST_MODERATED,
          message: moderatedMessage(input.action, reason),
          subjectId: post.id,
        });
      }
      const updated = await posts.findOneOrFail({ where: { id: post.id } });
      // Approving a waiting post publishes it to the thread's live subscribers. The thread's
      // activity moves after commit, as before: a thread lock here could deadlock with a reply.
      if (post.status === PostStatus.PENDING_REVIEW && updated.status === PostStatus.VISIBLE) {
        tx.outbox.after(() => catchUpThread(this.ds, updated.threadId, updated.createdAt).then(() => undefined));
        publishPost(tx.outbox, updated);
      }
      return { post: updated, item };
    });
  }

  private async updateThread(
    actor: AuthUser,
    threadId: string,
    patch: Partial<Pick<Thread, 'locked' | 'pinned' | 'slowModeSeconds'>>,
    log: { action: ModerationLogAction; reason: string; detail?: string },
  ): Promise<{ thread: Thread }> {
    if (!isUuid(threadId)) throw new NotFoundError('Thread');
    return this.tx.run(async (tx) => {
      const threads = tx.em.getRepository(Thread);
      const res = await threads.update(threadId, patch);
      if (!res.affected) throw new NotFoundError('Thread');
      await this.audit.append(tx, {
        actorId: actor.id,
        targetType: ModerationTarget.THREAD,
        targetId: threadId,
        ...log,
      });
      return { thread: await threads.findOneOrFail({ where: { id: threadId } }) };
    });
  }

  lockThread(actor: AuthUser, input: { threadId: string; locked: boolean; reason: string }) {
    const reason = this.reason(input.reason);
    return this.updateThread(
      actor,
      input.threadId,
      { locked: input.locked },
      {
        action: input.locked ? ModerationLogAction.LOCK : ModerationLogAction.UNLOCK,
        reason,
      },
    );
  }

  setSlowMode(actor: AuthUser, input: { threadId: string; seconds: number; reason: string }) {
    if (!Number.isInteger(input.seconds) || input.seconds < 0 || input.seconds > this.rules.maxSlowModeSeconds) {
      throw new BadInputError('seconds', `Use 0 to ${this.rules.maxSlowModeSeconds} seconds.`);
    }
    const reason = this.reason(input.reason);
    return this.updateThread(
      actor,
      input.threadId,
      { slowModeSeconds: input.seconds },
      {
        action: ModerationLogAction.SLOW_MODE,
        reason,
        detail: `${input.seconds} seconds`,
      },
    );
  }

  pinThread(actor: AuthUser, input: { threadId: string; pinned: boolean; reason?: string | null }) {
    return this.updateThread(
      actor,
      input.threadId,
      { pinned: input.pinned },
      {
        action: input.pinned ? ModerationLogAction.PIN : ModerationLogAction.UNPIN,
        reason: input.reason?.trim() || NO_REASON,
      },
    );
  }

  /** HIGH first (crisis, then privacy), then oldest. */
  queue(args: { first: number; after?: string | null; status: ModerationItemStatus }): Promise<QueuePage> {
    return queuePage(this.ds, args);
  }

  reportsByItemIds(ids: readonly string[]): Promise<PostReport[]> {
    return reportsByItemIds(this.ds, ids);
  }
}
