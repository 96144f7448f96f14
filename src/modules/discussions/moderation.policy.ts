import { ModerationAction } from './moderation.enums';
import { PostStatus } from './post-status.enum';

const TARGET: Record<ModerationAction, PostStatus> = {
  [ModerationAction.APPROVE]: PostStatus.VISIBLE,
  [ModerationAction.HIDE]: PostStatus.HIDDEN,
  [ModerationAction.REMOVE]: PostStatus.REMOVED,
  [ModerationAction.RESTORE]: PostStatus.VISIBLE,
};

/** The status an action leads to, or null when it makes no sense from `from`. */
export function nextStatus(from: PostStatus, action: ModerationAction): PostStatus | null {
  if (action === ModerationAction.APPROVE && from === PostStatus.REMOVED) return null; // use RESTORE
  if (action === ModerationAction.RESTORE && from !== PostStatus.HIDDEN && from !== PostStatus.REMOVED) return null;
  return TARGET[action];
}

/** Plain words for the author's notification; no health data beyond what the coordinator wrote. */
export function moderatedMessage(action: ModerationAction, reason: string): string {
  const verb = { APPROVE: 'approved', HIDE: 'hid', REMOVE: 'removed', RESTORE: 'restored' }[action];
  return `A coordinator ${verb} your post. Reason: ${reason}`;
}
