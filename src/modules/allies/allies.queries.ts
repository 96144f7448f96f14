import type { DataSource, EntityManager } from 'typeorm';
import { one, rows, sql, type Sql } from '../../core/sql';

/** `isLive` (allies.policy.ts) in SQL on the tie aliased `t`. */
export function liveTieSql(now: Date): Sql {
  return sql`(t.removed_at IS NULL AND (t.ally_id IS NOT NULL OR t.invitation_expires_at > ${now}::timestamptz))`;
}

/** Locks the member's row, so that their invitations are counted one at a time. */
export async function lockMember(em: EntityManager, memberId: string): Promise<void> {
  await rows(em, sql`SELECT id FROM users WHERE id = ${memberId}::uuid FOR UPDATE`);
}

export async function liveTieCount(em: EntityManager, memberId: string, now: Date): Promise<number> {
  const row = await one<{ n: number }>(
    em,
    sql`SELECT count(*)::int AS n FROM ally_ties t WHERE t.member_id = ${memberId}::uuid AND ${liveTieSql(now)}`,
  );
  return row?.n ?? 0;
}

/** The member an ally is tied to now, and what the member shares with allies. */
export interface AllyStanding {
  tieId: string;
  memberId: string;
  relationship: string;
  joinedAt: Date;
  milestones: boolean;
  checkInStreak: boolean;
}

interface StandingRow {
  tie_id: string;
  member_id: string;
  relationship: string;
  joined_at: Date;
  milestones: boolean | null;
  check_in_streak: boolean | null;
}

export async function standingOf(ds: DataSource, allyId: string): Promise<AllyStanding | null> {
  const r = await one<StandingRow>(
    ds,
    sql`SELECT t.id AS tie_id, t.member_id, t.relationship, t.joined_at, s.milestones, s.check_in_streak
          FROM ally_ties t LEFT JOIN ally_sharing s ON s.member_id = t.member_id
         WHERE t.ally_id = ${allyId}::uuid AND t.removed_at IS NULL`,
  );
  if (!r) return null;
  return {
    tieId: r.tie_id,
    memberId: r.member_id,
    relationship: r.relationship,
    joinedAt: r.joined_at,
    milestones: r.milestones ?? false,
    checkInStreak: r.check_in_streak ?? false,
  };
}

/** Whether the member has a joined ally now (what coordinators may know). */
export async function hasAllies(ds: DataSource, memberId: string): Promise<boolean> {
  const r = await one<{ found: boolean }>(
    ds,
    sql`SELECT EXISTS (SELECT 1 FROM ally_ties t WHERE t.member_id = ${memberId}::uuid
                         AND t.ally_id IS NOT NULL AND t.removed_at IS NULL) AS found`,
  );
  return r?.found ?? false;
}
