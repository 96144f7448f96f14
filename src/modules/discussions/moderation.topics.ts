import type { Outbox } from '../../core/outbox';
import { ModerationItem } from './moderation-item.entity';
import type { ModerationAction, ModerationCause, ModerationItemStatus, ModerationPriority } from './moderation.enums';

export const ModerationTopic = {
  /** Every change to the queue; only coordinators may subscribe. */
  QUEUE_UPDATED: 'moderation.queueUpdated',
} as const;

/** JSON form of a queue item on the pub/sub (it may cross Redis). */
export interface ModerationItemEvent {
  id: string;
  postId: string;
  priority: ModerationPriority;
  causes: ModerationCause[];
  sortRank: number;
  status: ModerationItemStatus;
  resolution: ModerationAction | null;
  resolvedById: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** Tells coordinators' open queues about an item once the transaction has committed. */
export function publishItem(outbox: Outbox, item: ModerationItem): void {
  const e: ModerationItemEvent = {
    id: item.id,
    postId: item.postId,
    priority: item.priority,
    causes: item.causes,
    sortRank: item.sortRank,
    status: item.status,
    resolution: item.resolution,
    resolvedById: item.resolvedById,
    resolvedAt: item.resolvedAt ? new Date(item.resolvedAt).toISOString() : null,
    createdAt: new Date(item.createdAt).toISOString(),
  };
  outbox.publish(ModerationTopic.QUEUE_UPDATED, e);
}

export function itemFromEvent(e: ModerationItemEvent): ModerationItem {
  return Object.assign(new ModerationItem(), e, {
    createdAt: new Date(e.createdAt),
    resolvedAt: e.resolvedAt ? new Date(e.resolvedAt) : null,
  });
}
