import type { EntityManager } from 'typeorm';
import type { PubSub } from '../../core/pubsub';
import { ModerationLogEntry } from './moderation-log.entity';
import { ModerationItem } from './moderation-item.entity';
import { CAUSE_RANK, ModerationCause, priorityOf, type ModerationLogAction, type ModerationTarget } from './moderation.enums';
import { ModerationTopic } from './moderation.topics';

function rowToItem(row: Record<string, any>): ModerationItem {
  return Object.assign(new ModerationItem(), {
    id: row.id,
    postId: row.post_id,
    priority: row.priority,
    causes: Array.isArray(row.causes) ? row.causes : String(row.causes).replace(/[{}]/g, '').split(',').filter(Boolean),
    sortRank: row.sort_rank,
    status: row.status,
    resolution: row.resolution,
    resolvedById: row.resolved_by_id,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
  });
}

/**
 * Puts a post in the queue, or adds causes to its open item (one open item per post, held
 * by a partial unique index). Runs in the caller's transaction; publish after commit.
 */
export async function enqueue(em: EntityManager, postId: string, causes: ModerationCause[]): Promise<ModerationItem> {
  const unique = [...new Set(causes)];
  const rank = Math.min(...unique.map((c) => CAUSE_RANK[c]));
  const priority = unique.map(priorityOf).includes('HIGH' as never) ? 'HIGH' : 'NORMAL';
  const rows = await em.query(
    `INSERT INTO moderation_items (post_id, causes, priority, sort_rank)
     VALUES ($1, $2::moderation_cause[], $3, $4)
     ON CONFLICT (post_id) WHERE status = 'OPEN' DO UPDATE SET
       causes = ARRAY(SELECT DISTINCT c FROM unnest(moderation_items.causes || EXCLUDED.causes) AS c ORDER BY c),
       priority = CASE WHEN moderation_items.priority = 'HIGH' OR EXCLUDED.priority = 'HIGH' THEN 'HIGH'::moderation_priority ELSE 'NORMAL'::moderation_priority END,
       sort_rank = LEAST(moderation_items.sort_rank, EXCLUDED.sort_rank)
     RETURNING *`,
    [postId, unique, priority, rank],
  );
  return rowToItem(rows[0]);
}

/** Closes the open item of a post, if any, with the decision taken. */
export async function resolveOpenItem(em: EntityManager, postId: string, resolution: string, actorId: string): Promise<ModerationItem | null> {
  const rows = await em.query(
    `UPDATE moderation_items SET status = 'RESOLVED', resolution = $2, resolved_by_id = $3, resolved_at = now()
     WHERE post_id = $1 AND status = 'OPEN' RETURNING *`,
    [postId, resolution, actorId],
  );
  const list = Array.isArray(rows[0]) ? rows[0] : rows;
  return list.length ? rowToItem(list[0]) : null;
}

export interface LogInput {
  actorId: string | null;
  action: ModerationLogAction;
  targetType: ModerationTarget;
  targetId: string;
  reason: string;
  detail?: string | null;
}

export async function appendLog(em: EntityManager, entry: LogInput): Promise<ModerationLogEntry> {
  const repo = em.getRepository(ModerationLogEntry);
  return repo.save(repo.create({ ...entry, detail: entry.detail ?? null }));
}

/** Queue events travel as JSON (they may cross Redis). */
export function publishItem(pubsub: PubSub, item: ModerationItem): void {
  pubsub.publish(ModerationTopic.QUEUE_UPDATED, {
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
  });
}
