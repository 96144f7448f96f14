import type { DataSource } from 'typeorm';
import { Role, type AuthUser } from '../../core/auth';
import { BadInputError, ForbiddenError, NotFoundError, RateLimitedError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor, Tx } from '../../core/outbox';
import { Category } from './category.entity';
import type { DiscussionSettings } from './discussions.config';
import { bypassesThreadLimits, canReplyTo } from './discussions.policy';
import {
  addToSupportCount,
  countPostsBy,
  deleteSupport,
  insertSupport,
  lockThreadRow,
  rewritePost,
  secondsSinceLastPost,
  threadOpenTo,
  touchThread,
} from './discussions.queries';
import { cleanText } from './discussions.text';
import { publishPost } from './discussions.topics';
import { ModerationCause } from './moderation.enums';
import { enqueue } from './moderation.queue';
import { PostEdit } from './post-edit.entity';
import { PostStatus } from './post-status.enum';
import { Post } from './post.entity';
import type { ReadingService } from './reading.service';
import { screenText, supportResources, type ScreenResult, type SupportResource } from './screening';
import { Thread } from './thread.entity';

export interface WriteResult {
  post: Post;
  supportResources: SupportResource[];
}

/** What screening puts in the queue: crisis language, and each reason to hold. */
function causesOf(screen: ScreenResult): ModerationCause[] {
  return [
    ...(screen.crisis ? [ModerationCause.CRISIS_LANGUAGE] : []),
    ...screen.holds.map((hold) => ModerationCause[hold]),
  ];
}

/** Starting threads, replying, editing and support marks; screening on every write. */
export class PostingService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly settings: DiscussionSettings,
    private readonly reading: ReadingService,
  ) {}

  private get rules() {
    return this.settings.rules;
  }

  screen(text: string): ScreenResult {
    const { onCall } = this.settings;
    return screenText(text, { allowedPhoneNumbers: [onCall.phone], allowedEmails: onCall.email ? [onCall.email] : [] });
  }

  private resourcesFor(screen: ScreenResult): SupportResource[] {
    const { name, contact, description } = this.settings.onCall;
    return screen.crisis ? supportResources({ name, contact, description }) : [];
  }

  /** Locks a thread the viewer may post in; NOT_FOUND when it is unknown or hidden from them. */
  private async lockOpenThread({ em }: Tx, viewer: AuthUser, threadId: string): Promise<Thread> {
    if (!isUuid(threadId)) throw new NotFoundError('Thread');
    const thread = await lockThreadRow(em, threadId);
    if (!thread || !(await threadOpenTo(em, viewer, threadId))) throw new NotFoundError('Thread');
    return thread;
  }

  /** Inserts a post, its status decided by screening and the author's history; queues it if needed. */
  private async insertPost(
    tx: Tx,
    viewer: AuthUser,
    fields: { threadId: string; body: string; parentPostId: string | null; isOpening: boolean },
    screen: ScreenResult,
  ): Promise<Post> {
    const causes = causesOf(screen);
    if (viewer.role === Role.MEMBER && this.rules.newMemberHeldPosts > 0) {
      if ((await countPostsBy(tx.em, viewer.id)) < this.rules.newMemberHeldPosts)
        causes.push(ModerationCause.NEW_MEMBER);
    }
    const held = screen.holds.length > 0 || causes.includes(ModerationCause.NEW_MEMBER);
    const repo = tx.em.getRepository(Post);
    const post = await repo.save(
      repo.create({
        ...fields,
        authorId: viewer.id,
        status: held ? PostStatus.PENDING_REVIEW : PostStatus.VISIBLE,
        supportCount: 0,
        editedAt: null,
      }),
    );
    if (post.status === PostStatus.VISIBLE) await touchThread(tx.em, fields.threadId, post.createdAt);
    if (causes.length) await enqueue(tx, post.id, causes);
    if (post.status === PostStatus.VISIBLE) publishPost(tx.outbox, post);
    return post;
  }

  async createThread(viewer: AuthUser, input: { categoryId?: string | null; title: string; body: string }) {
    const title = cleanText(input.title, 'title', this.rules.maxTitleLength).replace(/\s+/g, ' ');
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const categories = this.ds.getRepository(Category);
    let category: Category | null = null;
    if (input.categoryId == null)
      category = await categories.findOne({ where: { slug: this.rules.generalCategorySlug } });
    else if (isUuid(input.categoryId)) category = await categories.findOne({ where: { id: input.categoryId } });
    if (!category) throw new NotFoundError('Category');
    const categoryId = category.id;
    const screen = this.screen(`${title}\n${body}`);
    const { thread, post } = await this.tx.run(async (tx) => {
      const repo = tx.em.getRepository(Thread);
      const { id } = await repo.save(repo.create({ categoryId, authorId: viewer.id, title }));
      const post = await this.insertPost(
        tx,
        viewer,
        { threadId: id, body, parentPostId: null, isOpening: true },
        screen,
      );
      return { thread: await repo.findOneOrFail({ where: { id } }), post };
    });
    return { thread, post, supportResources: this.resourcesFor(screen) };
  }

  async replyToThread(
    viewer: AuthUser,
    input: { threadId: string; body: string; parentPostId?: string | null },
  ): Promise<WriteResult> {
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const screen = this.screen(body);
    const post = await this.tx.run(async (tx) => {
      // The row lock serialises posts in one thread, so slow mode holds under concurrency.
      const thread = await this.lockOpenThread(tx, viewer, input.threadId);
      if (thread.locked && !bypassesThreadLimits(viewer)) {
        throw new ForbiddenError('This thread is locked.', { reason: 'THREAD_LOCKED' });
      }
      if (thread.slowModeSeconds > 0 && !bypassesThreadLimits(viewer)) {
        const ago = await secondsSinceLastPost(tx.em, thread.id, viewer.id);
        if (ago !== null && ago < thread.slowModeSeconds) {
          throw new RateLimitedError(
            thread.slowModeSeconds - ago,
            'This thread is in slow mode. Please wait before posting again.',
          );
        }
      }
      let parentPostId: string | null = null;
      if (input.parentPostId != null) {
        const parent = await this.reading.findListablePost(viewer, input.parentPostId, tx.em);
        if (parent.threadId !== thread.id)
          throw new BadInputError('parentPostId', 'Reply to a post in the same thread.');
        if (!canReplyTo(viewer, parent)) throw new NotFoundError('Post');
        // One level of nesting: a reply to a reply attaches to the top-level post.
        parentPostId = parent.parentPostId ?? parent.id;
      }
      return this.insertPost(tx, viewer, { threadId: thread.id, body, parentPostId, isOpening: false }, screen);
    });
    return { post, supportResources: this.resourcesFor(screen) };
  }

  async editPost(viewer: AuthUser, input: { postId: string; body: string }): Promise<WriteResult> {
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const screen = this.screen(body);
    const post = await this.tx.run(async (tx) => {
      const post = await this.reading.findListablePost(viewer, input.postId, tx.em, true);
      if (post.authorId !== viewer.id) throw new ForbiddenError('Only the author can edit a post.');
      if (post.status === PostStatus.REMOVED)
        throw new ForbiddenError('A removed post cannot be edited.', { reason: 'POST_REMOVED' });
      const thread = await tx.em.getRepository(Thread).findOneOrFail({ where: { id: post.threadId } });
      if (thread.locked && !bypassesThreadLimits(viewer))
        throw new ForbiddenError('This thread is locked.', { reason: 'THREAD_LOCKED' });
      await tx.em.getRepository(PostEdit).insert({ postId: post.id, previousBody: post.body });
      const status =
        screen.holds.length && post.status === PostStatus.VISIBLE ? PostStatus.PENDING_REVIEW : post.status;
      await rewritePost(tx.em, post.id, body, status);
      const causes = causesOf(screen);
      if (causes.length) await enqueue(tx, post.id, causes);
      return tx.em.getRepository(Post).findOneOrFail({ where: { id: post.id } });
    });
    return { post, supportResources: this.resourcesFor(screen) };
  }

  async setSupport(viewer: AuthUser, postId: string, supported: boolean): Promise<{ post: Post; supported: boolean }> {
    const post = await this.tx.run(async ({ em }) => {
      const found = await this.reading.findListablePost(viewer, postId, em);
      if (found.status !== PostStatus.VISIBLE) throw new NotFoundError('Post');
      const changed = supported
        ? await insertSupport(em, found.id, viewer.id)
        : await deleteSupport(em, found.id, viewer.id);
      if (changed) await addToSupportCount(em, found.id, supported ? 1 : -1);
      return em.getRepository(Post).findOneOrFail({ where: { id: found.id } });
    });
    return { post, supported };
  }
}
