import { isCoordinator, type AuthUser } from '../../core/auth';
import { PostStatus } from './post-status.enum';

/** A HIDDEN, REMOVED or waiting post's text is read only by its author and coordinators. */
export function canReadBody(viewer: AuthUser | null, post: { authorId: string; status: PostStatus }): boolean {
  if (post.status === PostStatus.VISIBLE) return true;
  return !!viewer && (viewer.id === post.authorId || isCoordinator(viewer));
}

/** Waiting posts appear only to their author and coordinators; the others appear (maybe as tombstones). */
export function canListPost(viewer: AuthUser, post: { authorId: string; status: PostStatus }): boolean {
  return post.status !== PostStatus.PENDING_REVIEW || viewer.id === post.authorId || isCoordinator(viewer);
}

/** Coordinators may post in locked threads and are exempt from slow mode. */
export function bypassesThreadLimits(viewer: AuthUser): boolean {
  return isCoordinator(viewer);
}
