import type { Outbox } from '../../core/outbox';
import { Post } from './post.entity';
import type { PostStatus } from './post-status.enum';

/** Events of the discussions module on the shared pub/sub. */
export const DiscussionTopic = {
  /** Routed by thread id; payload is a PostEvent. */
  POST_ADDED: 'discussions.postAdded',
} as const;

/** JSON form of a post on the pub/sub (it may cross Redis). */
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

/** Tells the thread's live subscribers about a post once the transaction has committed. */
export function publishPost(outbox: Outbox, post: Post): void {
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
  outbox.publish(DiscussionTopic.POST_ADDED, post.threadId, e);
}

export function postFromEvent(e: PostEvent): Post {
  return Object.assign(new Post(), e, {
    createdAt: new Date(e.createdAt),
    editedAt: e.editedAt ? new Date(e.editedAt) : null,
  });
}
