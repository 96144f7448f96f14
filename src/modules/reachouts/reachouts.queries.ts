import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser, Role } from '../../core/auth';
import { exec, one, rows, sql } from '../../core/sql';
import { ReachOut } from './reach-out.entity';
import { ReachOutStatus, type RecipientReason } from './reachouts.enums';
import { blockedEitherWaySql, receivedBySql, type CircleCandidate, type PlannedRecipient } from './reachouts.policy';

type Db = DataSource | EntityManager;

/** Advisory lock namespaces (the two-key form, apart from every one-key lock). */
const LOCK_REACH_OUTS = 727_101;
const LOCK_CIRCLE = 727_102;

// ---- rows and mappers

/** A `reach_outs` row. */
export interface ReachOutRow {
  id: string;
  member_id: string;
  message: string | null;
  status: ReachOutStatus;
  created_at: Date;
  escalate_at: Date;
  acknowledged_by_id: string | null;
  acknowledged_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  closed_by_id: string | null;
  updated_at: Date;
}

const COLUMNS = sql`r.id, r.member_id, r.message, r.status, r.created_at, r.escalate_at, r.acknowledged_by_id,
  r.acknowledged_at, r.escalated_at, r.closed_at, r.closed_by_id, r.updated_at`;

export function toReachOut(row: ReachOutRow): ReachOut {
  return Object.assign(new ReachOut(), {
    id: row.id,
    memberId: row.member_id,
    message: row.message,
    status: row.status,
    createdAt: row.created_at,
    escalateAt: row.escalate_at,
    acknowledgedById: row.acknowledged_by_id,
    acknowledgedAt: row.acknowledged_at,
    escalatedAt: row.escalated_at,
    closedAt: row.closed_at,
    closedById: row.closed_by_id,
    updatedAt: row.updated_at,
  });
}

interface IdRow {
  id: string;
}

interface CountRow {
  n: number;
}

// ---- reach-outs

/** Serialises one member's reach-outs across instances, so the hourly count holds under races. */
export async function lockMemberReachOuts(em: EntityManager, memberId: string): Promise<void> {
  await exec(em, sql`SELECT pg_advisory_xact_lock(${LOCK_REACH_OUTS}, hashtext(${memberId}::text))`);
}

interface RecentRow {
  n: number;
  oldest: Date | null;
}

/** How many reach-outs the member sent since `since`, and the oldest of them. */
export async function reachOutsSince(
  db: Db,
  memberId: string,
  since: Date,
): Promise<{ n: number; oldest: Date | null }> {
  const row = await one<RecentRow>(
    db,
    sql`SELECT count(*)::int AS n, min(created_at) AS oldest FROM reach_outs WHERE member_id = ${memberId} AND created_at > ${since}`,
  );
  return { n: row?.n ?? 0, oldest: row?.oldest ?? null };
}

export async function insertReachOut(
  em: EntityManager,
  r: { memberId: string; message: string | null; createdAt: Date; escalateAt: Date },
): Promise<ReachOut> {
  const row = await one<ReachOutRow>(
    em,
    sql`INSERT INTO reach_outs AS r (member_id, message, status, created_at, escalate_at)
        VALUES (${r.memberId}, ${r.message}, ${ReachOutStatus.OPEN}, ${r.createdAt}, ${r.escalateAt})
        RETURNING ${COLUMNS}`,
  );
  if (!row) throw new Error('reach-out insert returned nothing');
  return toReachOut(row);
}

export async function insertRecipients(
  em: EntityManager,
  reachOutId: string,
  recipients: readonly PlannedRecipient[],
): Promise<void> {
  if (!recipients.length) return;
  await exec(
    em,
    sql`INSERT INTO reach_out_recipients (reach_out_id, user_id, reason)
        SELECT ${reachOutId}, u, r::reach_out_recipient_reason
          FROM unnest(${recipients.map((p) => p.userId)}::uuid[], ${recipients.map((p) => p.reason)}::text[]) AS t(u, r)
        ON CONFLICT DO NOTHING`,
  );
}

/** Everyone the reach-out was sent to, for any reason. */
export async function recipientIds(db: Db, reachOutId: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(
    db,
    sql`SELECT DISTINCT user_id FROM reach_out_recipients WHERE reach_out_id = ${reachOutId}`,
  );
  return found.map((r) => r.user_id);
}

export async function findReachOut(db: Db, id: string, lock = false): Promise<ReachOut | null> {
  const row = await one<ReachOutRow>(
    db,
    sql`SELECT ${COLUMNS} FROM reach_outs r WHERE r.id = ${id}${lock ? sql` FOR UPDATE` : sql.empty}`,
  );
  return row && toReachOut(row);
}

export async function reachOutsByIds(db: Db, ids: readonly string[]): Promise<ReachOut[]> {
  const found = await rows<ReachOutRow>(
    db,
    sql`SELECT ${COLUMNS} FROM reach_outs r WHERE r.id = ANY(${[...ids]}::uuid[])`,
  );
  return found.map(toReachOut);
}

interface FactsRow {
  reasons: RecipientReason[];
  in_circle: boolean;
  blocked: boolean;
}

/** The facts about the viewer and this member's reach-out that do not need the mentor lookup. */
export async function recipientFacts(
  db: Db,
  reachOutId: string,
  memberId: string,
  viewerId: string,
): Promise<FactsRow> {
  const v = sql`${viewerId}::uuid`;
  const m = sql`${memberId}::uuid`;
  const row = await one<FactsRow>(
    db,
    sql`SELECT ARRAY(SELECT x.reason::text FROM reach_out_recipients x WHERE x.reach_out_id = ${reachOutId} AND x.user_id = ${v}) AS reasons,
               EXISTS (SELECT 1 FROM support_circle_members c WHERE c.member_id = ${m} AND c.supporter_id = ${v}) AS in_circle,
               ${blockedEitherWaySql(m, v)} AS blocked`,
  );
  return row ?? { reasons: [], in_circle: false, blocked: false };
}

/** One row more than `first`, newest first, after the cursor. */
function page(first: number, after: { at: string; id: string } | null) {
  const cursor = after
    ? sql` AND ((r.created_at < CAST(${after.at} AS timestamptz)) OR (r.created_at = CAST(${after.at} AS timestamptz) AND r.id < CAST(${after.id} AS uuid)))`
    : sql.empty;
  return { cursor, tail: sql` ORDER BY r.created_at DESC, r.id DESC LIMIT ${first + 1}` };
}

export async function reachOutsOfMember(
  db: Db,
  memberId: string,
  first: number,
  after: { at: string; id: string } | null,
): Promise<ReachOut[]> {
  const p = page(first, after);
  const found = await rows<ReachOutRow>(
    db,
    sql`SELECT ${COLUMNS} FROM reach_outs r WHERE r.member_id = ${memberId}${p.cursor}${p.tail}`,
  );
  return found.map(toReachOut);
}

export async function countReachOutsOfMember(db: Db, memberId: string): Promise<number> {
  const row = await one<CountRow>(db, sql`SELECT count(*)::int AS n FROM reach_outs WHERE member_id = ${memberId}`);
  return row?.n ?? 0;
}

export async function reachOutsReceived(
  db: Db,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  activeMenteeIds: readonly string[],
  first: number,
  after: { at: string; id: string } | null,
): Promise<ReachOut[]> {
  const p = page(first, after);
  const found = await rows<ReachOutRow>(
    db,
    sql`SELECT ${COLUMNS} FROM reach_outs r
         WHERE r.member_id <> ${viewer.id}
           AND EXISTS (SELECT 1 FROM reach_out_recipients x WHERE x.reach_out_id = r.id AND x.user_id = ${viewer.id})
           AND ${receivedBySql('r', viewer, activeMenteeIds)}${p.cursor}${p.tail}`,
  );
  return found.map(toReachOut);
}

export async function countReachOutsReceived(
  db: Db,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  activeMenteeIds: readonly string[],
): Promise<number> {
  const row = await one<CountRow>(
    db,
    sql`SELECT count(*)::int AS n FROM reach_outs r
         WHERE r.member_id <> ${viewer.id}
           AND EXISTS (SELECT 1 FROM reach_out_recipients x WHERE x.reach_out_id = r.id AND x.user_id = ${viewer.id})
           AND ${receivedBySql('r', viewer, activeMenteeIds)}`,
  );
  return row?.n ?? 0;
}

/** Locks the oldest OPEN reach-out whose time is up that no other worker holds; null when none is left. */
export async function lockDueReachOut(em: EntityManager, now: Date): Promise<ReachOut | null> {
  const row = await one<ReachOutRow>(
    em,
    sql`SELECT ${COLUMNS} FROM reach_outs r
         WHERE r.status = ${ReachOutStatus.OPEN} AND r.escalate_at <= ${now}
         ORDER BY r.escalate_at, r.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return row && toReachOut(row);
}

export async function markEscalated(em: EntityManager, id: string, at: Date): Promise<void> {
  await exec(
    em,
    sql`UPDATE reach_outs SET status = ${ReachOutStatus.ESCALATED}, escalated_at = ${at}, updated_at = now() WHERE id = ${id}`,
  );
}

export async function markAcknowledged(em: EntityManager, id: string, by: string, at: Date): Promise<void> {
  await exec(
    em,
    sql`UPDATE reach_outs SET status = ${ReachOutStatus.ACKNOWLEDGED}, acknowledged_by_id = ${by}, acknowledged_at = ${at}, updated_at = now()
         WHERE id = ${id}`,
  );
}

export async function markClosed(em: EntityManager, id: string, by: string, at: Date): Promise<void> {
  await exec(
    em,
    sql`UPDATE reach_outs SET status = ${ReachOutStatus.CLOSED}, closed_by_id = ${by}, closed_at = ${at}, updated_at = now() WHERE id = ${id}`,
  );
}

// ---- who may hear from the member

/** A user who can receive: not gone, not suspended, no block with the member either way, not the member. */
function reachableSql(memberId: string, now: Date) {
  return sql`u.deleted_at IS NULL AND (u.suspended_until IS NULL OR u.suspended_until <= ${now})
         AND u.id <> ${memberId} AND NOT ${blockedEitherWaySql(sql`u.id`, sql`${memberId}::uuid`)}`;
}

/** Of these people, those who may hear from the member now. */
export async function reachableAmong(db: Db, memberId: string, ids: readonly string[], now: Date): Promise<string[]> {
  if (!ids.length) return [];
  const found = await rows<IdRow>(
    db,
    sql`SELECT u.id FROM users u WHERE u.id = ANY(${[...ids]}::uuid[]) AND ${reachableSql(memberId, now)}`,
  );
  return found.map((r) => r.id);
}

/** Coordinators and admins who may hear from the member now; with `email`, only the account with that email. */
export async function reachableCoordinators(
  db: Db,
  memberId: string,
  now: Date,
  email: string | null = null,
): Promise<string[]> {
  const byEmail = email ? sql` AND u.email = lower(${email})` : sql.empty;
  const found = await rows<IdRow>(
    db,
    sql`SELECT u.id FROM users u WHERE u.role IN ('COORDINATOR', 'ADMIN') AND ${reachableSql(memberId, now)}${byEmail}
         ORDER BY u.created_at, u.id`,
  );
  return found.map((r) => r.id);
}

// ---- support circle

interface CandidateRow {
  id: string;
  role: Role;
  deleted: boolean;
  blocked: boolean;
}

/** The people behind these ids, with what a support circle must know of them. */
export async function circleCandidates(db: Db, memberId: string, ids: readonly string[]): Promise<CircleCandidate[]> {
  if (!ids.length) return [];
  return rows<CandidateRow>(
    db,
    sql`SELECT u.id, u.role, (u.deleted_at IS NOT NULL) AS deleted, ${blockedEitherWaySql(sql`u.id`, sql`${memberId}::uuid`)} AS blocked
          FROM users u WHERE u.id = ANY(${[...ids]}::uuid[])`,
  );
}

/** Serialises changes to one member's circle. */
export async function lockCircle(em: EntityManager, memberId: string): Promise<void> {
  await exec(em, sql`SELECT pg_advisory_xact_lock(${LOCK_CIRCLE}, hashtext(${memberId}::text))`);
}

export async function replaceCircle(
  em: EntityManager,
  memberId: string,
  supporterIds: readonly string[],
): Promise<void> {
  await exec(em, sql`DELETE FROM support_circle_members WHERE member_id = ${memberId}`);
  if (!supporterIds.length) return;
  await exec(
    em,
    sql`INSERT INTO support_circle_members (member_id, supporter_id, position)
        SELECT ${memberId}, s, n - 1 FROM unnest(${[...supporterIds]}::uuid[]) WITH ORDINALITY AS t(s, n)`,
  );
}

/** The member's circle, in the order they were added; people gone or blocked either way left out. */
export async function circleOf(db: Db, memberId: string): Promise<string[]> {
  const found = await rows<{ supporter_id: string }>(
    db,
    sql`SELECT c.supporter_id FROM support_circle_members c JOIN users u ON u.id = c.supporter_id
         WHERE c.member_id = ${memberId} AND u.deleted_at IS NULL
           AND NOT ${blockedEitherWaySql(sql`c.supporter_id`, sql`${memberId}::uuid`)}
         ORDER BY c.position, c.supporter_id`,
  );
  return found.map((r) => r.supporter_id);
}

/** Members with a reach-out, for the demo seed. */
export async function hasReachedOut(db: Db, memberId: string): Promise<boolean> {
  return !!(await one<IdRow>(db, sql`SELECT id FROM reach_outs WHERE member_id = ${memberId} LIMIT 1`));
}

/** Members with a reach-out still OPEN or ESCALATED: whether one escalated, and since when (the oldest). */
export const OPEN_REACH_OUTS_SQL = sql`SELECT o.member_id, bool_or(o.status = ${ReachOutStatus.ESCALATED}) AS escalated,
         min(o.created_at) AS since
    FROM reach_outs o WHERE o.status IN (${ReachOutStatus.OPEN}, ${ReachOutStatus.ESCALATED})
   GROUP BY o.member_id`;
