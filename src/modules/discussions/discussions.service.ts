import { DataSource, In, type EntityManager } from 'typeorm';
import { isCoordinator, Role, type AuthUser } from '../../core/auth';
import { inTransaction, isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError } from '../../core/errors';
import { encodeCursor, decodeCursor, paginate, type ConnectionResult } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isUuid } from '../../core/ids';
import { User } from '../accounts/user.entity';
import { ModerationCause } from '../moderation/moderation.enums';
import type { ModerationItem } from '../moderation/moderation-item.entity';
import { enqueue, publishItem } from '../moderation/moderation.queue';
import { Category } from './category.entity';
import type { DiscussionSettings } from './discussions.config';
import { bypassesThreadLimits, canListPost } from './discussions.policy';
import { DiscussionTopic } from './discussions.topics';
import { PostEdit } from './post-edit.entity';
import { PostStatus } from './post-status.enum';
import { Post } from './post.entity';
import { screenText, supportResources, type ScreenResult, type SupportResource } from './screening';
import { Thread } from './thread.entity';

/** JSON form of a post on the pub/sub. */
export interface PostEvent {
  id: string;
  threadId: string;
  authorId: string;
  parentPostId: string | null;
  body: string;
  status: PostStatus;
  isOpening: boolean;
  supportCount: number;
  createdAt: string;
  editedAt: string | null;
}

export function postFromEvent(e: PostEvent): Post {
  return Object.assign(new Post(), e, { createdAt: new Date(e.createdAt), editedAt: e.editedAt ? new Date(e.editedAt) : null });
}

/** `NOT EXISTS` a block either way between the viewer (`$v`) and an author column. */
function notBlocked(viewerParam: string, authorCol: string): string {
  return `NOT EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = ${viewerParam} AND b.blocked_id = ${authorCol}) OR (b.blocker_id = ${authorCol} AND b.blocked_id = ${viewerParam}))`;
}

/** Posts the viewer may list: waiting ones only for their author and coordinators; none across a block. */
function postListable(viewer: AuthUser, alias: string, viewerParam: string): string {
  const pending = isCoordinator(viewer) ? 'TRUE' : `(${alias}.status <> 'PENDING_REVIEW' OR ${alias}.author_id = ${viewerParam})`;
  return `${pending} AND ${notBlocked(viewerParam, `${alias}.author_id`)}`;
}

/** Threads the viewer may see: their opening post is listable to them. */
function threadVisible(viewer: AuthUser, alias: string, viewerParam: string): string {
  return `EXISTS (SELECT 1 FROM posts op WHERE op.thread_id = ${alias}.id AND op.is_opening AND ${postListable(viewer, 'op', viewerParam)})`;
}

function cleanText(raw: string, field: string, max: number): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new BadInputError(field, 'Write something first.', { reason: 'EMPTY' });
  if (text.length > max) throw new BadInputError(field, `Use at most ${max} characters.`, { reason: 'TOO_LONG', max });
  // NUL and other control characters cannot be stored and are never meant.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw new BadInputError(field, 'Remove the control characters from the text.', { reason: 'CONTROL_CHARACTERS' });
  }
  return text;
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

interface ReceiverBatch {
  viewerIds: string[];
  visible: Promise<Set<string>>;
}

/** Subscribers checked by one statement at most. */
const RECEIVER_BATCH = 5000;

export interface WriteResult {
  post: Post;
  supportResources: SupportResource[];
}

/** Categories, threads, posts and support marks; screening on every write. */
export class DiscussionsService {
  private readonly receivers = new Map<string, ReceiverBatch>();
  private readonly eventAuthors = new Map<string, Promise<User | null>>();

  constructor(
    private readonly ds: DataSource,
    private readonly pubsub: PubSub,
    readonly settings: DiscussionSettings,
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

  // ---- categories

  listCategories(): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  categoriesByIds(ids: readonly string[]): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ where: { id: In([...ids]) } });
  }

  async createCategory(input: { name: string; slug?: string | null }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    const slug = input.slug != null ? input.slug.trim().toLowerCase() : slugify(name);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 60) {
      throw new BadInputError('slug', 'Use lower-case letters, digits and dashes.');
    }
    try {
      const repo = this.ds.getRepository(Category);
      return { category: await repo.save(repo.create({ name, slug })) };
    } catch (err) {
      if (isUniqueViolation(err, 'uq_categories_slug')) throw new ConflictError('A category with this slug exists.', { field: 'slug' });
      throw err;
    }
  }

  async renameCategory(input: { categoryId: string; name: string }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    const repo = this.ds.getRepository(Category);
    const category = isUuid(input.categoryId) ? await repo.findOne({ where: { id: input.categoryId } }) : null;
    if (!category) throw new NotFoundError('Category');
    await repo.update(category.id, { name });
    return { category: { ...category, name } };
  }

  // ---- reading

  async findThread(viewer: AuthUser, id: string): Promise<Thread | null> {
    if (!isUuid(id)) return null;
    return this.ds
      .getRepository(Thread)
      .createQueryBuilder('t')
      .where('t.id = :id', { id })
      .andWhere(threadVisible(viewer, 't', ':viewer'), { viewer: viewer.id })
      .getOne();
  }

  threadsByIds(ids: readonly string[]): Promise<Thread[]> {
    return this.ds.getRepository(Thread).find({ where: { id: In([...ids]) } });
  }

  postsByIds(ids: readonly string[]): Promise<Post[]> {
    return this.ds.getRepository(Post).find({ where: { id: In([...ids]) } });
  }

  editsByPostIds(ids: readonly string[]): Promise<PostEdit[]> {
    return this.ds.getRepository(PostEdit).find({ where: { postId: In([...ids]) }, order: { editedAt: 'ASC', id: 'ASC' } });
  }

  /** Pinned first, then latest activity; with `search`, by relevance over visible text only. */
  async listThreads(
    viewer: AuthUser,
    args: { first: number; after?: string | null; categoryId?: string | null; search?: string | null },
  ): Promise<ConnectionResult<Thread>> {
    const params: unknown[] = [viewer.id];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [threadVisible(viewer, 't', '$1'), notBlocked('$1', 't.author_id')];
    if (args.categoryId != null) {
      if (!isUuid(args.categoryId)) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
      where.push(`t.category_id = ${p(args.categoryId)}`);
    }
    const search = args.search?.trim();
    let rank = '0::float8';
    if (search) {
      const q = `websearch_to_tsquery('english', ${p(search)})`;
      const titleCounts = `EXISTS (SELECT 1 FROM posts o WHERE o.thread_id = t.id AND o.is_opening AND o.status = 'VISIBLE')`;
      const postMatch = `SELECT max(ts_rank(sp.search_vector, ${q})) FROM posts sp WHERE sp.thread_id = t.id AND sp.status = 'VISIBLE' AND sp.search_vector @@ ${q} AND ${notBlocked('$1', 'sp.author_id')}`;
      rank = `GREATEST(CASE WHEN t.search_vector @@ ${q} AND ${titleCounts} THEN ts_rank(t.search_vector, ${q}) ELSE 0 END, COALESCE((${postMatch}), 0))::float8`;
    }
    const inner = `SELECT t.id, t.pinned, t.last_activity_at, ${rank} AS rank FROM threads t WHERE ${where.join(' AND ')}`;
    const outerWhere = search ? ['s.rank > 0'] : [];
    const countSql = `SELECT count(*)::int AS n FROM (${inner}) s${outerWhere.length ? ` WHERE ${outerWhere.join(' AND ')}` : ''}`;
    const countParams = [...params];
    if (args.after) {
      if (search) {
        const [r, id] = decodeCursor(args.after, 2);
        outerWhere.push(`(s.rank, s.id) < (${p(r)}::float8, ${p(id)}::uuid)`);
      } else {
        const [pin, at, id] = decodeCursor(args.after, 3);
        outerWhere.push(`((CASE WHEN s.pinned THEN 1 ELSE 0 END), s.last_activity_at, s.id) < (${p(pin)}::int, ${p(at)}::timestamptz, ${p(id)}::uuid)`);
      }
    }
    const order = search ? 's.rank DESC, s.id DESC' : 's.pinned DESC, s.last_activity_at DESC, s.id DESC';
    const rows: Array<{ id: string; pinned: boolean; last_activity_at: Date; rank: number }> = await this.ds.query(
      `SELECT * FROM (${inner}) s${outerWhere.length ? ` WHERE ${outerWhere.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${args.first + 1}`,
      params,
    );
    const hasNextPage = rows.length > args.first;
    const page = rows.slice(0, args.first);
    const ds = this.ds;
    const threads = page.length ? await this.threadsByIds(page.map((r) => r.id)) : [];
    const byId = new Map(threads.map((t) => [t.id, t]));
    const edges = page
      .filter((r) => byId.has(r.id))
      .map((r) => ({
        node: byId.get(r.id)!,
        cursor: encodeCursor(search ? [Number(r.rank), r.id] : [r.pinned ? 1 : 0, new Date(r.last_activity_at), r.id]),
      }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      get totalCount(): Promise<number> {
        return ds.query(countSql, countParams).then((r: Array<{ n: number }>) => r[0].n);
      },
    };
  }

  /** A thread's posts in order, as the viewer may see them. */
  listPosts(viewer: AuthUser, threadId: string, args: { first: number; after?: string | null }) {
    const qb = this.ds
      .getRepository(Post)
      .createQueryBuilder('p')
      .where('p.thread_id = :threadId', { threadId })
      .andWhere(postListable(viewer, 'p', ':viewer'), { viewer: viewer.id });
    return paginate(qb, args, [
      { column: 'p.created_at', direction: 'ASC', value: (x) => x.createdAt, cast: 'timestamptz' },
      { column: 'p.id', direction: 'ASC', value: (x) => x.id, cast: 'uuid' },
    ]);
  }

  /** A post the viewer may see and act on (support, report, reply to); NOT_FOUND otherwise. */
  async findListablePost(viewer: AuthUser, postId: string, em: EntityManager = this.ds.manager, lock = false): Promise<Post> {
    if (!isUuid(postId)) throw new NotFoundError('Post');
    const qb = em
      .getRepository(Post)
      .createQueryBuilder('p')
      .where('p.id = :id', { id: postId })
      .andWhere(postListable(viewer, 'p', ':viewer'), { viewer: viewer.id })
      .andWhere(`EXISTS (SELECT 1 FROM threads t WHERE t.id = p.thread_id AND ${threadVisible(viewer, 't', ':viewer')})`);
    if (lock) qb.setLock('pessimistic_write', undefined, ['p']);
    const post = await qb.getOne();
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  /** Whether a subscriber of postAdded may receive this post. */
  async canReceive(viewer: AuthUser, e: PostEvent): Promise<boolean> {
    if (e.status !== PostStatus.VISIBLE) return false;
    if (e.authorId === viewer.id) return true;
    // Every subscriber of a thread checks the same event at once: one statement for all of them.
    const key = `${e.id}:${isCoordinator(viewer) ? 'c' : 'm'}`;
    let batch = this.receivers.get(key);
    if (!batch || batch.viewerIds.length >= RECEIVER_BATCH) {
      const viewerIds: string[] = [];
      const created: ReceiverBatch = {
        viewerIds,
        visible: new Promise<Set<string>>((resolve, reject) => {
          setImmediate(() => {
            if (this.receivers.get(key) === created) this.receivers.delete(key);
            this.visibleAmong(viewer, e, viewerIds).then(resolve, reject);
          });
        }),
      };
      this.receivers.set(key, created);
      batch = created;
    }
    batch.viewerIds.push(viewer.id);
    return (await batch.visible).has(viewer.id);
  }

  /** Of these viewers (all coordinators or all not), those who see the post: no block with its author, thread visible. */
  private async visibleAmong(role: AuthUser, e: PostEvent, viewerIds: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT v.id FROM unnest($1::uuid[]) AS v(id)
        WHERE ${notBlocked('v.id', '$2::uuid')}
          AND EXISTS (SELECT 1 FROM threads t WHERE t.id = $3 AND ${threadVisible(role, 't', 'v.id')})`,
      [viewerIds, e.authorId, e.threadId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The author of a published post, loaded once per event however many subscribers render it. */
  authorOfEvent(e: PostEvent): Promise<User | null> {
    let author = this.eventAuthors.get(e.id);
    if (!author) {
      author = this.ds.getRepository(User).findOne({ where: { id: e.authorId } });
      this.eventAuthors.set(e.id, author);
      setTimeout(() => this.eventAuthors.delete(e.id), 10_000).unref();
    }
    return author;
  }

  // ---- writing

  private async lockThread(em: EntityManager, viewer: AuthUser, threadId: string): Promise<Thread> {
    if (!isUuid(threadId)) throw new NotFoundError('Thread');
    const thread = await em
      .getRepository(Thread)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id: threadId })
      .getOne();
    if (!thread) throw new NotFoundError('Thread');
    const visible = await em
      .getRepository(Thread)
      .createQueryBuilder('t')
      .where('t.id = :id', { id: threadId })
      .andWhere(threadVisible(viewer, 't', ':viewer'), { viewer: viewer.id })
      .andWhere(notBlocked(':viewer', 't.author_id'))
      .getExists();
    if (!visible) throw new NotFoundError('Thread');
    return thread;
  }

  /** Inserts a post, deciding its status from screening and the author's history; queues it if needed. */
  private async insertPost(
    em: EntityManager,
    viewer: AuthUser,
    fields: { threadId: string; body: string; parentPostId: string | null; isOpening: boolean },
    screen: ScreenResult,
  ): Promise<{ post: Post; item: ModerationItem | null }> {
    const causes: ModerationCause[] = [];
    if (screen.crisis) causes.push(ModerationCause.CRISIS_LANGUAGE);
    for (const hold of screen.holds) causes.push(ModerationCause[hold]);
    if (viewer.role === Role.MEMBER && this.rules.newMemberHeldPosts > 0) {
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM posts WHERE author_id = $1`, [viewer.id]);
      if (n < this.rules.newMemberHeldPosts) causes.push(ModerationCause.NEW_MEMBER);
    }
    const held = screen.holds.length > 0 || causes.includes(ModerationCause.NEW_MEMBER);
    const repo = em.getRepository(Post);
    const post = await repo.save(
      repo.create({ ...fields, authorId: viewer.id, status: held ? PostStatus.PENDING_REVIEW : PostStatus.VISIBLE, supportCount: 0, editedAt: null }),
    );
    if (post.status === PostStatus.VISIBLE) {
      await em.query(`UPDATE threads SET last_activity_at = $2 WHERE id = $1`, [fields.threadId, post.createdAt]);
    }
    const item = causes.length ? await enqueue(em, post.id, causes) : null;
    return { post, item };
  }

  private afterWrite(post: Post, item: ModerationItem | null): void {
    if (item) publishItem(this.pubsub, item);
    if (post.status === PostStatus.VISIBLE) this.publishPost(post);
  }

  publishPost(post: Post): void {
    const e: PostEvent = {
      id: post.id,
      threadId: post.threadId,
      authorId: post.authorId,
      parentPostId: post.parentPostId,
      body: post.body,
      status: post.status,
      isOpening: post.isOpening,
      supportCount: post.supportCount,
      createdAt: new Date(post.createdAt).toISOString(),
      editedAt: post.editedAt ? new Date(post.editedAt).toISOString() : null,
    };
    this.pubsub.publish(DiscussionTopic.POST_ADDED, post.threadId, e);
  }

  async createThread(viewer: AuthUser, input: { categoryId?: string | null; title: string; body: string }) {
    const title = cleanText(input.title, 'title', this.rules.maxTitleLength).replace(/\s+/g, ' ');
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const categories = this.ds.getRepository(Category);
    const category =
      input.categoryId != null
        ? isUuid(input.categoryId)
          ? await categories.findOne({ where: { id: input.categoryId } })
          : null
        : await categories.findOne({ where: { slug: this.rules.generalCategorySlug } });
    if (!category) throw new NotFoundError('Category');
    const screen = this.screen(`${title}\n${body}`);
    const { thread, post, item } = await inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Thread);
      const thread = await repo.save(repo.create({ categoryId: category.id, authorId: viewer.id, title }));
      const { post, item } = await this.insertPost(em, viewer, { threadId: thread.id, body, parentPostId: null, isOpening: true }, screen);
      return { thread: (await repo.findOne({ where: { id: thread.id } }))!, post, item };
    });
    this.afterWrite(post, item);
    return { thread, post, supportResources: this.resourcesFor(screen) };
  }

  async replyToThread(viewer: AuthUser, input: { threadId: string; body: string; parentPostId?: string | null }): Promise<WriteResult> {
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const screen = this.screen(body);
    const { post, item } = await inTransaction(this.ds, async (em) => {
      // The row lock serialises posts in one thread, so slow mode holds under concurrency.
      const thread = await this.lockThread(em, viewer, input.threadId);
      if (thread.locked && !bypassesThreadLimits(viewer)) {
        throw new ForbiddenError('This thread is locked.', { reason: 'THREAD_LOCKED' });
      }
      if (thread.slowModeSeconds > 0 && !bypassesThreadLimits(viewer)) {
        const [{ ago }] = await em.query(
          `SELECT extract(epoch FROM (now() - max(created_at)))::float8 AS ago FROM posts WHERE thread_id = $1 AND author_id = $2`,
          [thread.id, viewer.id],
        );
        if (ago !== null && ago < thread.slowModeSeconds) {
          throw new RateLimitedError(thread.slowModeSeconds - ago, 'This thread is in slow mode. Please wait before posting again.');
        }
      }
      let parentPostId: string | null = null;
      if (input.parentPostId != null) {
        let parent: Post;
        try {
          parent = await this.findListablePost(viewer, input.parentPostId, em);
        } catch {
          throw new NotFoundError('Post');
        }
        if (parent.threadId !== thread.id) throw new BadInputError('parentPostId', 'Reply to a post in the same thread.');
        if (parent.status !== PostStatus.VISIBLE && !isCoordinator(viewer)) throw new NotFoundError('Post');
        // One level of nesting: a reply to a reply attaches to the top-level post.
        parentPostId = parent.parentPostId ?? parent.id;
      }
      return this.insertPost(em, viewer, { threadId: thread.id, body, parentPostId, isOpening: false }, screen);
    });
    this.afterWrite(post, item);
    return { post, supportResources: this.resourcesFor(screen) };
  }

  async editPost(viewer: AuthUser, input: { postId: string; body: string }): Promise<WriteResult> {
    const body = cleanText(input.body, 'body', this.rules.maxBodyLength);
    const screen = this.screen(body);
    const { post, item } = await inTransaction(this.ds, async (em) => {
      const post = await this.findListablePost(viewer, input.postId, em, true);
      if (post.authorId !== viewer.id) throw new ForbiddenError('Only the author can edit a post.');
      if (post.status === PostStatus.REMOVED) throw new ForbiddenError('A removed post cannot be edited.', { reason: 'POST_REMOVED' });
      const thread = await em.getRepository(Thread).findOneOrFail({ where: { id: post.threadId } });
      if (thread.locked && !bypassesThreadLimits(viewer)) throw new ForbiddenError('This thread is locked.', { reason: 'THREAD_LOCKED' });
      await em.getRepository(PostEdit).insert({ postId: post.id, previousBody: post.body });
      const status = screen.holds.length && post.status === PostStatus.VISIBLE ? PostStatus.PENDING_REVIEW : post.status;
      await em.query(`UPDATE posts SET body = $2, status = $3, edited_at = now() WHERE id = $1`, [post.id, body, status]);
      const causes: ModerationCause[] = [];
      if (screen.crisis) causes.push(ModerationCause.CRISIS_LANGUAGE);
      for (const hold of screen.holds) causes.push(ModerationCause[hold]);
      const item = causes.length ? await enqueue(em, post.id, causes) : null;
      return { post: (await em.getRepository(Post).findOneOrFail({ where: { id: post.id } })), item };
    });
    if (item) publishItem(this.pubsub, item);
    return { post, supportResources: this.resourcesFor(screen) };
  }

  async setSupport(viewer: AuthUser, postId: string, supported: boolean): Promise<{ post: Post; supported: boolean }> {
    const post = await inTransaction(this.ds, async (em) => {
      const found = await this.findListablePost(viewer, postId, em);
      if (found.status !== PostStatus.VISIBLE) throw new NotFoundError('Post');
      // Conditional writes keep support_count equal to the rows even under concurrent clicks.
      if (supported) {
        const rows = await em.query(
          `INSERT INTO post_supports (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING post_id`,
          [found.id, viewer.id],
        );
        if (rows.length) await em.query(`UPDATE posts SET support_count = support_count + 1 WHERE id = $1`, [found.id]);
      } else {
        const [rows] = await em.query(`DELETE FROM post_supports WHERE post_id = $1 AND user_id = $2 RETURNING post_id`, [found.id, viewer.id]);
        if (rows.length) await em.query(`UPDATE posts SET support_count = support_count - 1 WHERE id = $1`, [found.id]);
      }
      return em.getRepository(Post).findOneOrFail({ where: { id: found.id } });
    });
    return { post, supported };
  }
}
