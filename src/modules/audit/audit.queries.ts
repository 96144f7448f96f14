import type { DataSource, EntityManager } from 'typeorm';
import { paginate, type ConnectionResult } from '../../core/pagination';
import { exec, one, sql } from '../../core/sql';
import type { ModerationLogAction, ModerationTarget } from './audit.enums';
import { ModerationLogEntry } from './moderation-log.entity';

/** A `moderation_log` row as PostgreSQL returns it. */
export interface LogRow {
  id: string;
  actor_id: string | null;
  action: ModerationLogAction;
  target_type: ModerationTarget;
  target_id: string;
  reason: string;
  detail: string | null;
  created_at: Date;
}

export function toLogEntry(row: LogRow): ModerationLogEntry {
  return Object.assign(new ModerationLogEntry(), {
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    reason: row.reason,
    detail: row.detail,
    createdAt: row.created_at,
  });
}

export interface NewLogRow {
  actorId: string | null;
  action: ModerationLogAction;
  targetType: ModerationTarget;
  targetId: string;
  reason: string;
  detail: string | null;
}

export async function insertLogEntry(db: DataSource | EntityManager, entry: NewLogRow): Promise<ModerationLogEntry> {
  const row = await one<LogRow>(
    db,
    sql`INSERT INTO moderation_log (actor_id, action, target_type, target_id, reason, detail)
        VALUES (${entry.actorId}, ${entry.action}, ${entry.targetType}, ${entry.targetId}, ${entry.reason}, ${entry.detail})
        RETURNING id, actor_id, action, target_type, target_id, reason, detail, created_at`,
  );
  if (!row) throw new Error('moderation_log insert returned no row');
  return toLogEntry(row);
}

/** Several entries in one statement (a coordinator's read of a page of members, say). */
export async function insertLogEntries(db: DataSource | EntityManager, entries: readonly NewLogRow[]): Promise<void> {
  if (!entries.length) return;
  const values = entries.map(
    (e) => sql`(${e.actorId}::uuid, ${e.action}::moderation_log_action, ${e.targetType}::moderation_target,
                ${e.targetId}::uuid, ${e.reason}, ${e.detail})`,
  );
  await exec(
    db,
    sql`INSERT INTO moderation_log (actor_id, action, target_type, target_id, reason, detail) VALUES ${sql.join(values, ', ')}`,
  );
}

/** Newest first; keyset pages over (created_at, id), which the log's index covers. */
export function logPage(
  ds: DataSource,
  args: { first: number; after?: string | null },
): Promise<ConnectionResult<ModerationLogEntry>> {
  const qb = ds.getRepository(ModerationLogEntry).createQueryBuilder('l');
  return paginate(qb, args, [
    { column: 'l.created_at', direction: 'DESC', value: (l) => l.createdAt, cast: 'timestamptz' },
    { column: 'l.id', direction: 'DESC', value: (l) => l.id, cast: 'uuid' },
  ]);
}
