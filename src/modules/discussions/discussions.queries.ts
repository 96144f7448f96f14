import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { exec, one, rows, sql, type Sql } from '../../core/sql';
import { listablePostSql, notBlockedSql, visibleThreadSql, type Block } from './discussions.policy';
import type { PostStatus } from './post-status.enum';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

type Db = DataSource | EntityManager;

// ---- rows and mappers

/** A `threads` row (without its search vector). */
export interface ThreadRow {
  id: string;
  category_id: string;
  author_id: string;
  title: string;
  locked: boolean;
  pinned: boolean;
  slow_mode_seconds: number;
  last_activity_at: Date;
  created_at: Date;
}

const threadColumns = (alias: string) => {
  const t = sql.ident(alias);
  return sql`${t}.id, ${t}.category_id, ${t}.author_id, ${t}.title, ${t}.locked, ${t}.pinned, ${t}.slow_mode_seconds, ${t}.last_activity_at, ${t}.created_at`;
};

export function toThread(row: ThreadRow): Thread {
  return Object.assign(new Thread(), {
    id: row.id,
    categoryId: row.category_id,
    authorId: row.author_id,
    title: row.title,
    locked: row.locked,
    pinned: row.pinned,
    slowModeSeconds: row.slow_mode_seconds,
    lastActivityAt: row.last_activity_at,
    createdAt: row.created_at,
  });
}

/** A `posts` row (without its search vector). */
export interface PostRow {
  id: string;
  thread_id: string;
  author_id: string;
  parent_post_id: string | null;
  body: string;
  status: PostStatus;
  is_opening: boolean;
  support_count: number;
  created_at: Date;
  edited_at: Date | null;
}

const postColumns = (alias: string) => {
  const p = sql.ident(alias);
  return sql`${p}.id, ${p}.thread_id, ${p}.author_id, ${p}.parent_post_id, ${p}.body, ${p}.status, ${p}.is_opening, ${p}.support_count, ${p}.created_at, ${p}.edited_at`;
};

export function toPost(row: PostRow): Post {
  return Object.assign(new Post(), {
    id: row.id,
    threadId: row.thread_id,
    authorId: row.author_id,
    parentPostId: row.parent_post_id,
    body: row.body,
    status: row.status,
    isOpening: row.is_opening,
    supportCount: row.support_count,
    createdAt: row.created_at,
    editedAt: row.edited_at,
  });
}

/** A thread's place in a list: what its cursor is made of. */
export interface RankedThreadRow {
  id: string;
  pinned: boolean;
  last_activity_at: Date;
  rank: number;
}

export interface BlockRow {
  blocker_id: string;
  blocked_id: string;
}

export function toBlock(row: BlockRow): Block {
  return { blockerId: row.blocker_id, blockedId: row.blocked_id };
}

interface CountRow {
  n: number;
}

interface OpenRow {
  open: boolean;
}

interface AgoRow {
  ago: number | null;
}

interface IdRow {
  id: string;
}

const viewerParam = (viewer: AuthUser): Sql => sql`${viewer.id}`;

// ---- threads

/** Threads by id, as stored: callers apply visibility. */
export async function threadsByIds(db: Db, ids: readonly string[]): Promise<Thread[]> {
  const found = await rows<ThreadRow>(
    db,
    sql`SELECT ${threadColumns('t')} FROM threads t WHERE t.id = ANY(${[...ids]}::uuid[])`,
  );
  return found.map(toThread);
}

/** Posts by id, as stored: callers apply visibility. */
export async function postsByIds(db: Db, ids: readonly string[]): Promise<Post[]> {
  const found = await rows<PostRow>(
    db,
    sql`SELECT ${postColumns('p')} FROM posts p WHERE p.id = ANY(${[...ids]}::uuid[])`,
  );
  return found.map(toPost);
}

/** A thread the viewer may see, or null. */
export async function findVisibleThread(db: Db, viewer: AuthUser, id: string): Promise<Thread | null> {
  const row = await one<ThreadRow>(
    db,
    sql`SELECT ${threadColumns('t')} FROM threads t WHERE t.id = ${id} AND ${visibleThreadSql(viewer, viewerParam(viewer), 't')}`,
  );
  return row && toThread(row);
}

/** Locks the thread row: posts in one thread are serialised by it (slow mode holds under concurrency). */
export async function lockThreadRow(em: EntityManager, id: string): Promise<Thread | null> {
  const row = await one<ThreadRow>(em, sql`SELECT ${threadColumns('t')} FROM threads t WHERE t.id = ${id} FOR UPDATE`);
  return row && toThread(row);
}

/** Whether the viewer may post in the thread: it is visible to them and its author has no block with them. */
export async function threadOpenTo(em: EntityManager, viewer: AuthUser, id: string): Promise<boolean> {
  const v = viewerParam(viewer);
  const row = await one<OpenRow>(
    em,
    sql`SELECT EXISTS (SELECT 1 FROM threads t WHERE t.id = ${id} AND ${visibleThreadSql(viewer, v, 't')} AND ${notBlockedSql(v, sql`t.author_id`)}) AS open`,
  );
  return row?.open ?? false;
}

export interface ThreadListFilter {
  viewer: AuthUser;
  categoryId: string | null;
  search: string | null;
}

/** Where the previous page ended: rank and id when searching, else pinned (1 or 0), last activity and id. */
export type ThreadCursor =
  { search: true; rank: number; id: string } | { search: false; pinned: number; at: string; id: string };

/** Visible threads with their rank: by relevance over visible text when searching, else 0. */
function rankedThreads(f: ThreadListFilter): Sql {
  const v = viewerParam(f.viewer);
  const where = [visibleThreadSql(f.viewer, v, 't'), notBlockedSql(v, sql`t.author_id`)];
  if (f.categoryId !== null) where.push(sql`t.category_id = ${f.categoryId}`);
  let rank = sql`0::float8`;
  if (f.search !== null) {
    const q = sql`websearch_to_tsquery('english', ${f.search})`;
    // A title counts only while the opening post is visible; posts count only when visible and not across a block.
    const titleCounts = sql`EXISTS (SELECT 1 FROM posts o WHERE o.thread_id = t.id AND o.is_opening AND o.status = 'VISIBLE')`;
    const postMatch = sql`SELECT max(ts_rank(sp.search_vector, ${q})) FROM posts sp WHERE sp.thread_id = t.id AND sp.status = 'VISIBLE' AND sp.search_vector @@ ${q} AND ${notBlockedSql(v, sql`sp.author_id`)}`;
    rank = sql`GREATEST(CASE WHEN t.search_vector @@ ${q} AND ${titleCounts} THEN ts_rank(t.search_vector, ${q}) ELSE 0 END, COALESCE((${postMatch}), 0))::float8`;
  }
  return sql`SELECT t.id, t.pinned, t.last_activity_at, ${rank} AS rank FROM threads t WHERE ${sql.join(where, ' AND ')}`;
}

/** One page of ranked threads (one row more than asked, to tell whether another page follows). */
export function rankedThreadPage(
  db: Db,
  f: ThreadListFilter,
  first: number,
  after: ThreadCursor | null,
): Promise<RankedThreadRow[]> {
  const where: Sql[] = f.search !== null ? [sql`s.rank > 0`] : [];
  if (after?.search) where.push(sql`(s.rank, s.id) < (${after.rank}::float8, ${after.id}::uuid)`);
  else if (after) {
    where.push(
      sql`((CASE WHEN s.pinned THEN 1 ELSE 0 END), s.last_activity_at, s.id) < (${after.pinned}::int, ${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const order =
    f.search !== null ? sql`s.rank DESC, s.id DESC` : sql`s.pinned DESC, s.last_activity_at DESC, s.id DESC`;
  const filter = where.length ? sql` WHERE ${sql.join(where, ' AND ')}` : sql.empty;
  return rows<RankedThreadRow>(
    db,
    sql`SELECT * FROM (${rankedThreads(f)}) s${filter} ORDER BY ${order} LIMIT ${first + 1}`,
  );
}

export async function countRankedThreads(db: Db, f: ThreadListFilter): Promise<number> {
  const filter = f.search !== null ? sql` WHERE s.rank > 0` : sql.empty;
  const row = await one<CountRow>(db, sql`SELECT count(*)::int AS n FROM (${rankedThreads(f)}) s${filter}`);
  return row?.n ?? 0;
}

export function touchThread(em: EntityManager, threadId: string, at: Date): Promise<number> {
  return exec(em, sql`UPDATE threads SET last_activity_at = ${at} WHERE id = ${threadId}`);
}

/** Moves activity forward only: an approved post may be older than the latest one. */
export function catchUpThread(db: Db, threadId: string, at: Date): Promise<number> {
  return exec(db, sql`UPDATE threads SET last_activity_at = greatest(last_activity_at, ${at}) WHERE id = ${threadId}`);
}

// ---- posts

/** A page of a thread's posts the viewer may list, oldest first (one row more than asked). */
export async function listablePostPage<A>(
  db: Db,
  viewer: AuthUser,
  threadId: string,
  first: number,
  after: { at: string; id: string } | null,
  author: (authorId: Sql) => Sql,
): Promise<Array<{ post: Post; author: A | null }>> {
  const cursor = after
    ? sql` AND ((p.created_at > CAST(${after.at} AS timestamptz)) OR (p.created_at = CAST(${after.at} AS timestamptz) AND p.id > CAST(${after.id} AS uuid)))`
    : sql.empty;
  const found = await rows<PostRow & { author: A | null }>(
    db,
    sql`SELECT ${postColumns('p')}, ${author(sql`p.author_id`)} AS author
          FROM posts p WHERE p.thread_id = ${threadId} AND ${listablePostSql(viewer, viewerParam(viewer), 'p')}${cursor}
        ORDER BY p.created_at ASC, p.id ASC LIMIT ${first + 1}`,
  );
  return found.map((r) => ({ post: toPost(r), author: r.author }));
}

export async function countListablePosts(db: Db, viewer: AuthUser, threadId: string): Promise<number> {
  const row = await one<CountRow>(
    db,
    sql`SELECT count(*)::int AS n FROM posts p WHERE p.thread_id = ${threadId} AND ${listablePostSql(viewer, viewerParam(viewer), 'p')}`,
  );
  return row?.n ?? 0;
}

/** A post the viewer may list, in a thread they may see; with `lock`, its row is locked for update. */
export async function findListablePost(db: Db, viewer: AuthUser, postId: string, lock: boolean): Promise<Post | null> {
  const v = viewerParam(viewer);
  const row = await one<PostRow>(
    db,
    sql`SELECT ${postColumns('p')} FROM posts p
        WHERE p.id = ${postId} AND ${listablePostSql(viewer, v, 'p')}
          AND EXISTS (SELECT 1 FROM threads t WHERE t.id = p.thread_id AND ${visibleThreadSql(viewer, v, 't')})${lock ? sql` FOR UPDATE OF p` : sql.empty}`,
  );
  return row && toPost(row);
}

export async function countPostsBy(em: EntityManager, authorId: string): Promise<number> {
  const row = await one<CountRow>(em, sql`SELECT count(*)::int AS n FROM posts WHERE author_id = ${authorId}`);
  return row?.n ?? 0;
}

/** Seconds since the author last posted in the thread; null if never. */
export async function secondsSinceLastPost(
  em: EntityManager,
  threadId: string,
  authorId: string,
): Promise<number | null> {
  const row = await one<AgoRow>(
    em,
    sql`SELECT extract(epoch FROM (now() - max(created_at)))::float8 AS ago FROM posts WHERE thread_id = ${threadId} AND author_id = ${authorId}`,
  );
  return row?.ago ?? null;
}

export function rewritePost(em: EntityManager, postId: string, body: string, status: PostStatus): Promise<number> {
  return exec(em, sql`UPDATE posts SET body = ${body}, status = ${status}, edited_at = now() WHERE id = ${postId}`);
}

// Conditional writes keep support_count equal to the rows even under concurrent clicks.

export function insertSupport(em: EntityManager, postId: string, userId: string): Promise<number> {
  return exec(
    em,
    sql`INSERT INTO post_supports (post_id, user_id) VALUES (${postId}, ${userId}) ON CONFLICT DO NOTHING`,
  );
}

export function deleteSupport(em: EntityManager, postId: string, userId: string): Promise<number> {
  return exec(em, sql`DELETE FROM post_supports WHERE post_id = ${postId} AND user_id = ${userId}`);
}

export function addToSupportCount(em: EntityManager, postId: string, delta: 1 | -1): Promise<number> {
  return exec(em, sql`UPDATE posts SET support_count = support_count + ${delta} WHERE id = ${postId}`);
}

// ---- live delivery and blocks

/**
 * Of these viewers (all of `role`'s kind: coordinators or not), those who may receive a
 * post by `authorId` in `threadId`: no block with the author, and the thread visible to them.
 */
export async function receiversAmong(
  db: Db,
  role: Pick<AuthUser, 'role'>,
  viewerIds: string[],
  authorId: string,
  threadId: string,
): Promise<string[]> {
  const v = sql`v.id`;
  const found = await rows<IdRow>(
    db,
    sql`SELECT v.id FROM unnest(${viewerIds}::uuid[]) AS v(id)
        WHERE ${notBlockedSql(v, sql`${authorId}::uuid`)}
          AND EXISTS (SELECT 1 FROM threads t WHERE t.id = ${threadId} AND ${visibleThreadSql(role, v, 't')})`,
  );
  return found.map((r) => r.id);
}

/** Blocks either way between the viewer and any of these people. */
export async function blocksBetween(db: Db, viewerId: string, others: readonly string[]): Promise<Block[]> {
  const found = await rows<BlockRow>(
    db,
    sql`SELECT blocker_id, blocked_id FROM user_blocks
        WHERE (blocker_id = ${viewerId} AND blocked_id = ANY(${others}::uuid[])) OR (blocked_id = ${viewerId} AND blocker_id = ANY(${others}::uuid[]))`,
  );
  return found.map(toBlock);
}
