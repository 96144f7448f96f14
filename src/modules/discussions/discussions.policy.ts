import { isCoordinator, type AuthUser } from '../../core/auth';
import { sharedDelivery } from '../../core/shared-delivery';
import { sql, type Sql } from '../../core/sql';
import type { PostEvent } from './discussions.topics';
import { PostStatus } from './post-status.enum';

// Each visibility rule is written twice, in TypeScript for an object at hand and in SQL for
// list queries; tests/discussions.policy.test.ts checks that the two agree on every case.

/** One row of `user_blocks`: `blockerId` blocked `blockedId`. */
export interface Block {
  blockerId: string;
  blockedId: string;
}

/** Either of the two has blocked the other: they stop seeing each other's posts. */
export function blockedEitherWay(a: string, b: string, blocks: readonly Block[]): boolean {
  return blocks.some((x) => (x.blockerId === a && x.blockedId === b) || (x.blockerId === b && x.blockedId === a));
}

/** SQL for `!blockedEitherWay(viewer, author)`; both are SQL expressions (a parameter or a column). */
export function notBlockedSql(viewer: Sql, author: Sql): Sql {
  return sql`NOT EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = ${viewer} AND b.blocked_id = ${author}) OR (b.blocker_id = ${author} AND b.blocked_id = ${viewer}))`;
}

/** A HIDDEN, REMOVED or waiting post's text is read only by its author and coordinators. */
export function canReadBody(viewer: AuthUser | null, post: { authorId: string; status: PostStatus }): boolean {
  if (post.status === PostStatus.VISIBLE) return true;
  return !!viewer && (viewer.id === post.authorId || isCoordinator(viewer));
}

/**
 * One postAdded event rendered once for many receivers: every receiver passed `canReceive`, and
 * of the fields listed only `body` could differ (`canReadBody`), by authorship and role alone.
 */
export const POST_ADDED_SHARING = sharedDelivery<PostEvent>({
  key: (viewer, e) =>
    `${isCoordinator(viewer) ? 'coordinator' : 'member'}:${viewer.id === e.authorId ? 'author' : 'reader'}`,
  fields: {
    Post: ['id', 'body', 'createdAt', 'editedAt', 'status', 'supportCount', 'author'],
    User: ['id', 'displayName'],
  },
});

/**
 * Waiting posts appear only to their author and coordinators; the others appear (maybe as
 * tombstones); nothing appears across a block. `blocks` holds at least those between the two.
 */
export function canListPost(
  viewer: AuthUser,
  post: { authorId: string; status: PostStatus },
  blocks: readonly Block[],
): boolean {
  if (blockedEitherWay(viewer.id, post.authorId, blocks)) return false;
  return post.status !== PostStatus.PENDING_REVIEW || viewer.id === post.authorId || isCoordinator(viewer);
}

/**
 * SQL for `canListPost` on the `posts` row aliased `post`. The viewer's id is an SQL
 * expression, so that one statement can check many viewers; they must share `viewer`'s role.
 */
export function listablePostSql(viewer: Pick<AuthUser, 'role'>, viewerId: Sql, post: string): Sql {
  const p = sql.ident(post);
  const pending = isCoordinator(viewer)
    ? sql`TRUE`
    : sql`(${p}.status <> 'PENDING_REVIEW' OR ${p}.author_id = ${viewerId})`;
  return sql`${pending} AND ${notBlockedSql(viewerId, sql`${p}.author_id`)}`;
}

/** A thread is seen by whoever may list its opening post: SQL on the `threads` row aliased `thread`. */
export function visibleThreadSql(viewer: Pick<AuthUser, 'role'>, viewerId: Sql, thread: string): Sql {
  const t = sql.ident(thread);
  return sql`EXISTS (SELECT 1 FROM posts op WHERE op.thread_id = ${t}.id AND op.is_opening AND ${listablePostSql(viewer, viewerId, 'op')})`;
}

/** Coordinators may post in locked threads and are exempt from slow mode. */
export function bypassesThreadLimits(viewer: AuthUser): boolean {
  return isCoordinator(viewer);
}

/** Replies go to visible posts; coordinators may also answer one waiting or hidden. */
export function canReplyTo(viewer: AuthUser, parent: { status: PostStatus }): boolean {
  return parent.status === PostStatus.VISIBLE || isCoordinator(viewer);
}
