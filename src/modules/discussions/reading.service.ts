import { DataSource, In, type EntityManager } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import { NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { decodeCursor, lazyEdge, type ConnectionResult } from '../../core/pagination';
import type { AccountsService } from '../accounts/accounts.service';
import type { UserJson } from '../accounts/accounts.queries';
import type { User } from '../accounts/user.entity';
import type { Block } from './discussions.policy';
import {
  blocksBetween,
  countListablePosts,
  countRankedThreads,
  findListablePost,
  findVisibleThread,
  listablePostPage,
  postsByIds,
  rankedThreadPage,
  receiversAmong,
  threadsByIds,
  type ThreadCursor,
  type ThreadListFilter,
} from './discussions.queries';
import type { PostEvent } from './discussions.topics';
import { PostEdit } from './post-edit.entity';
import { PostStatus } from './post-status.enum';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

interface ReceiverBatch {
  viewerIds: string[];
  visible: Promise<Set<string>>;
}

/** Subscribers checked by one statement at most. */
const RECEIVER_BATCH = 5000;

const EMPTY_PAGE = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

/** Threads and posts as a viewer may see them: lists, search, single lookups and live delivery. */
export class ReadingService {
  private readonly receivers = new Map<string, ReceiverBatch>();
  private readonly eventAuthors = new Map<string, Promise<User | null>>();

  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  findThread(viewer: AuthUser, id: string): Promise<Thread | null> {
    return isUuid(id) ? findVisibleThread(this.ds, viewer, id) : Promise.resolve(null);
  }

  // Raw lookups by id, for loaders: callers apply visibility.

  threadsByIds(ids: readonly string[]): Promise<Thread[]> {
    return threadsByIds(this.ds, ids);
  }

  postsByIds(ids: readonly string[]): Promise<Post[]> {
    return postsByIds(this.ds, ids);
  }

  editsByPostIds(ids: readonly string[]): Promise<PostEdit[]> {
    return this.ds
      .getRepository(PostEdit)
      .find({ where: { postId: In([...ids]) }, order: { editedAt: 'ASC', id: 'ASC' } });
  }

  blocksBetween(viewerId: string, others: readonly string[]): Promise<Block[]> {
    return blocksBetween(this.ds, viewerId, others);
  }

  /** Pinned first, then latest activity; with `search`, by relevance over visible text only. */
  async listThreads(
    viewer: AuthUser,
    args: { first: number; after?: string | null; categoryId?: string | null; search?: string | null },
  ): Promise<ConnectionResult<Thread>> {
    if (args.categoryId != null && !isUuid(args.categoryId)) return EMPTY_PAGE;
    const filter: ThreadListFilter = {
      viewer,
      categoryId: args.categoryId ?? null,
      search: args.search?.trim() || null,
    };
    let after: ThreadCursor | null = null;
    if (args.after) {
      if (filter.search !== null) {
        // decodeCursor checks each value's kind, so the casts below hold.
        const [rank, id] = decodeCursor(args.after, ['number', 'uuid']) as [number, string];
        after = { search: true, rank, id };
      } else {
        const [pinned, at, id] = decodeCursor(args.after, ['int', 'timestamptz', 'uuid']) as [number, string, string];
        after = { search: false, pinned, at, id };
      }
    }
    const rows = await rankedThreadPage(this.ds, filter, args.first, after);
    const hasNextPage = rows.length > args.first;
    const page = rows.slice(0, args.first);
    const threads = page.length ? await this.threadsByIds(page.map((r) => r.id)) : [];
    const byId = new Map(threads.map((t) => [t.id, t]));
    const edges = page.flatMap((r) => {
      const node = byId.get(r.id);
      if (!node) return [];
      return [
        lazyEdge(node, () =>
          filter.search !== null ? [Number(r.rank), r.id] : [r.pinned ? 1 : 0, new Date(r.last_activity_at), r.id],
        ),
      ];
    });
    const ds = this.ds;
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      // A getter: the count runs only when a client asks for totalCount.
      get totalCount(): Promise<number> {
        return countRankedThreads(ds, filter);
      },
    };
  }

  /** A thread's posts in order, as the viewer may see them, with their authors (read in the same statement). */
  async listPosts(
    viewer: AuthUser,
    threadId: string,
    args: { first: number; after?: string | null },
  ): Promise<{ page: ConnectionResult<Post>; authors: User[] }> {
    let after: { at: string; id: string } | null = null;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, ['timestamptz', 'uuid']) as [string, string];
      after = { at, id };
    }
    const rows = await listablePostPage<UserJson>(this.ds, viewer, threadId, args.first, after, (id) =>
      this.accounts.userJsonSql(id),
    );
    const hasNextPage = rows.length > args.first;
    const shown = rows.slice(0, args.first);
    const edges = shown.map(({ post }) => lazyEdge(post, () => [post.createdAt, post.id]));
    const authors = new Map<string, User>();
    for (const { author } of shown)
      if (author && !authors.has(author.id)) authors.set(author.id, this.accounts.userFromJson(author));
    const ds = this.ds;
    const page: ConnectionResult<Post> = {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      get totalCount(): Promise<number> {
        return countListablePosts(ds, viewer, threadId);
      },
    };
    return { page, authors: [...authors.values()] };
  }

  /** A post the viewer may see and act on (support, report, reply to); NOT_FOUND otherwise. */
  async findListablePost(
    viewer: AuthUser,
    postId: string,
    em: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<Post> {
    const post = isUuid(postId) ? await findListablePost(em, viewer, postId, lock) : null;
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
            receiversAmong(this.ds, viewer, viewerIds, e.authorId, e.threadId).then(
              (ids) => resolve(new Set(ids)),
              reject,
            );
          });
        }),
      };
      this.receivers.set(key, created);
      batch = created;
    }
    batch.viewerIds.push(viewer.id);
    return (await batch.visible).has(viewer.id);
  }

  /** The author of a published post, loaded once per event however many subscribers render it. */
  authorOfEvent(e: PostEvent): Promise<User | null> {
    let author = this.eventAuthors.get(e.id);
    if (!author) {
      author = this.accounts.usersByIds([e.authorId]).then((users) => users[0] ?? null);
      this.eventAuthors.set(e.id, author);
      setTimeout(() => this.eventAuthors.delete(e.id), 10_000).unref();
    }
    return author;
  }
}
