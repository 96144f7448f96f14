import type { DataSource, EntityManager } from 'typeorm';
import { paginateRows, type ConnectionResult } from '../../core/pagination';
import { exec, one, rows, sql } from '../../core/sql';
import { ModerationItem } from './moderation-item.entity';
import { countsTowardHidingSql } from './moderation.policy';
import type {
  ModerationAction,
  ModerationCause,
  ModerationItemStatus,
  ModerationPriority,
  ReportReason,
} from './moderation.enums';
import { toPost } from './discussions.queries';
import type { PostStatus } from './post-status.enum';
import type { Post } from './post.entity';
import { PostReport } from './report.entity';

/** A `moderation_items` row; `causes` is read as text[] so that the driver parses the array. */
export interface ModerationItemRow {
  id: string;
  post_id: string;
  priority: ModerationPriority;
  causes: ModerationCause[];
  sort_rank: number;
  status: ModerationItemStatus;
  resolution: ModerationAction | null;
  resolved_by_id: string | null;
  resolved_at: Date | null;
  created_at: Date;
}

const ITEM_COLUMNS = sql`id, post_id, priority, causes::text[] AS causes, sort_rank, status, resolution, resolved_by_id, resolved_at, created_at`;

export function toModerationItem(row: ModerationItemRow): ModerationItem {
  return Object.assign(new ModerationItem(), {
    id: row.id,
    postId: row.post_id,
    priority: row.priority,
    causes: row.causes,
    sortRank: row.sort_rank,
    status: row.status,
    resolution: row.resolution,
    resolvedById: row.resolved_by_id,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
  });
}

interface CountRow {
  n: number;
}

/**
 * Opens an item for the post, or merges causes into its open one: the partial unique index
 * keeps one open item per post, and the merge keeps the highest priority and rank.
 */
export async function upsertOpenItem(
  em: EntityManager,
  item: { postId: string; causes: ModerationCause[]; priority: ModerationPriority; sortRank: number },
): Promise<ModerationItem> {
  const row = await one<ModerationItemRow>(
    em,
    sql`INSERT INTO moderation_items (post_id, causes, priority, sort_rank)
        VALUES (${item.postId}, ${item.causes}::moderation_cause[], ${item.priority}, ${item.sortRank})
        ON CONFLICT (post_id) WHERE status = 'OPEN' DO UPDATE SET
          causes = ARRAY(SELECT DISTINCT c FROM unnest(moderation_items.causes || EXCLUDED.causes) AS c ORDER BY c),
          priority = CASE WHEN moderation_items.priority = 'HIGH' OR EXCLUDED.priority = 'HIGH' THEN 'HIGH'::moderation_priority ELSE 'NORMAL'::moderation_priority END,
          sort_rank = LEAST(moderation_items.sort_rank, EXCLUDED.sort_rank)
        RETURNING ${ITEM_COLUMNS}`,
  );
  if (!row) throw new Error('moderation_items upsert returned no row');
  return toModerationItem(row);
}

/** Closes the post's open item, if any, with the decision taken. */
export async function resolveOpenItem(
  em: EntityManager,
  postId: string,
  resolution: ModerationAction,
  actorId: string,
): Promise<ModerationItem | null> {
  const row = await one<ModerationItemRow>(
    em,
    sql`UPDATE moderation_items SET status = 'RESOLVED', resolution = ${resolution}, resolved_by_id = ${actorId}, resolved_at = now()
        WHERE post_id = ${postId} AND status = 'OPEN' RETURNING ${ITEM_COLUMNS}`,
  );
  return row && toModerationItem(row);
}

/** Distinct members with an open report on the post that counts toward hiding it (care reports never do). */
export async function countReportersTowardHiding(em: EntityManager, postId: string): Promise<number> {
  const row = await one<CountRow>(
    em,
    sql`SELECT count(DISTINCT r.reporter_id)::int AS n FROM post_reports r
        WHERE r.post_id = ${postId} AND r.resolved_at IS NULL AND ${countsTowardHidingSql('r')}`,
  );
  return row?.n ?? 0;
}

/** Closes the post's open reports; returns how many. */
export function closeOpenReports(em: EntityManager, postId: string): Promise<number> {
  return exec(em, sql`UPDATE post_reports SET resolved_at = now() WHERE post_id = ${postId} AND resolved_at IS NULL`);
}

/**
 * A queue item with its post (joined, columns prefixed `post_`) and its reports (JSON, timestamps
 * as text, usually none). Building the post as JSON cost PostgreSQL 40% more per page than the join.
 */
interface QueueRow extends ModerationItemRow {
  post_thread_id: string;
  post_author_id: string;
  post_parent_post_id: string | null;
  post_body: string;
  post_status: PostStatus;
  post_is_opening: boolean;
  post_support_count: number;
  post_created_at: Date;
  post_edited_at: Date | null;
  reports: Array<Omit<ReportRow, 'created_at' | 'resolved_at'> & { created_at: string; resolved_at: string | null }>;
}

/** One page of the queue, and what each item's `post` and `reports` resolve to. */
export interface QueuePage {
  connection: ConnectionResult<ModerationItem>;
  posts: Map<string, Post>;
  reports: Map<string, PostReport[]>;
}

/** HIGH first (crisis, then privacy), then oldest; each item's post and reports in the same statement. */
export async function queuePage(
  ds: DataSource,
  args: { first: number; after?: string | null; status: ModerationItemStatus },
): Promise<QueuePage> {
  const posts = new Map<string, Post>();
  const reports = new Map<string, PostReport[]>();
  const connection = await paginateRows<QueueRow, ModerationItem>(
    ds,
    {
      columns: sql`i.id, i.post_id, i.priority, i.causes::text[] AS causes, i.sort_rank, i.status, i.resolution,
        i.resolved_by_id, i.resolved_at, i.created_at,
        p.thread_id AS post_thread_id, p.author_id AS post_author_id, p.parent_post_id AS post_parent_post_id,
        p.body AS post_body, p.status AS post_status, p.is_opening AS post_is_opening,
        p.support_count AS post_support_count, p.created_at AS post_created_at, p.edited_at AS post_edited_at,
        (SELECT coalesce(json_agg(json_build_object('id', r.id, 'post_id', r.post_id, 'reporter_id', r.reporter_id,
                'reason', r.reason, 'note', r.note, 'item_id', r.item_id, 'created_at', r.created_at,
                'resolved_at', r.resolved_at) ORDER BY r.created_at, r.id), '[]'::json)
           FROM post_reports r WHERE r.item_id = i.id) AS reports`,
      from: sql`FROM moderation_items i JOIN posts p ON p.id = i.post_id WHERE i.status = ${args.status}`,
    },
    args,
    [
      { column: sql`i.sort_rank`, direction: 'ASC', value: (m) => m.sort_rank, cast: 'int' },
      { column: sql`i.created_at`, direction: 'ASC', value: (m) => m.created_at, cast: 'timestamptz' },
      { column: sql`i.id`, direction: 'ASC', value: (m) => m.id, cast: 'uuid' },
    ],
    (row) => {
      const item = toModerationItem(row);
      posts.set(
        row.post_id,
        toPost({
          id: row.post_id,
          thread_id: row.post_thread_id,
          author_id: row.post_author_id,
          parent_post_id: row.post_parent_post_id,
          body: row.post_body,
          status: row.post_status,
          is_opening: row.post_is_opening,
          support_count: row.post_support_count,
          created_at: row.post_created_at,
          edited_at: row.post_edited_at,
        }),
      );
      // JSON carries timestamps as text: the same instants as the columns, to the millisecond.
      reports.set(
        item.id,
        row.reports.map((r) =>
          toReport({
            ...r,
            created_at: new Date(r.created_at),
            resolved_at: r.resolved_at === null ? null : new Date(r.resolved_at),
          }),
        ),
      );
      return item;
    },
  );
  return { connection, posts, reports };
}

/** A `post_reports` row. */
interface ReportRow {
  id: string;
  post_id: string;
  reporter_id: string;
  reason: ReportReason;
  note: string | null;
  item_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

function toReport(r: ReportRow): PostReport {
  return Object.assign(new PostReport(), {
    id: r.id,
    postId: r.post_id,
    reporterId: r.reporter_id,
    reason: r.reason,
    note: r.note,
    itemId: r.item_id,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  });
}

export async function reportsByItemIds(ds: DataSource, ids: readonly string[]): Promise<PostReport[]> {
  const found = await rows<ReportRow>(
    ds,
    sql`SELECT id, post_id, reporter_id, reason, note, item_id, created_at, resolved_at FROM post_reports
         WHERE item_id = ANY(${[...ids]}::uuid[]) ORDER BY created_at ASC, id ASC`,
  );
  return found.map(toReport);
}
