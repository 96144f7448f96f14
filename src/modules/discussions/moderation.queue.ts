import type { Tx } from '../../core/outbox';
import type { ModerationItem } from './moderation-item.entity';
import { CAUSE_RANK, ModerationPriority, priorityOf, type ModerationCause } from './moderation.enums';
import { upsertOpenItem } from './moderation.queries';
import { publishItem } from './moderation.topics';

/**
 * Puts a post in the queue, or adds causes to its open item, in the caller's transaction;
 * coordinators' live queues hear of it after commit.
 */
export async function enqueue(tx: Tx, postId: string, causes: ModerationCause[]): Promise<ModerationItem> {
  const unique = [...new Set(causes)];
  const item = await upsertOpenItem(tx.em, {
    postId,
    causes: unique,
    priority: unique.some((c) => priorityOf(c) === ModerationPriority.HIGH)
      ? ModerationPriority.HIGH
      : ModerationPriority.NORMAL,
    sortRank: Math.min(...unique.map((c) => CAUSE_RANK[c])),
  });
  publishItem(tx.outbox, item);
  return item;
}
