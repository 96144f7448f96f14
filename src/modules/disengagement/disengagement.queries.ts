import type { DataSource, EntityManager } from 'typeorm';
import type { ActivitySource } from '../../core/activity';
import { one, rows, sql, type Sql } from '../../core/sql';
import { ConsentScope, type ConsentGate } from '../consents/consents.ports';
import type { Viewer } from '../consents/consents.policy';
import { NotificationKind } from '../notifications/notification-kind.enum';
import { DisengagementAlert } from './disengagement-alert.entity';
import {
  DEFAULT_AFTER_DAYS,
  dueSql,
  noticeMessageSql,
  quietDaysSql,
  quietSinceSql,
  sentMessageSql,
} from './disengagement.policy';
import { MemberNeedingAttention } from './disengagement.types';

type Db = DataSource | EntityManager;

/** Where activity and consents come from: other modules, through their ports. */
export interface SweepSources {
  activity: readonly ActivitySource[];
  consents: ConsentGate;
}

/** `(user_id, at)`: each of `members`' latest activity across every source, composed with UNION ALL. */
export function latestActivitySql(sources: readonly ActivitySource[], members: Sql): Sql {
  const parts = sources.map((s) => sql`SELECT x.user_id, x.at FROM (${s.latestOf(members)}) x`);
  return sql`SELECT u.user_id, max(u.at) AS at FROM (${sql.join(parts, ' UNION ALL ')}) u GROUP BY u.user_id`;
}

/** Accounts that may be told anything now: not deleted, not suspended. */
function reachableAccountSql(alias: string, now: Date): Sql {
  const u = sql.ident(alias);
  return sql`(${u}.deleted_at IS NULL AND (${u}.suspended_until IS NULL OR ${u}.suspended_until <= ${now}::timestamptz))`;
}

interface AlertRow {
  member_id: string;
  enabled: boolean;
  after_days: number;
  notify: string[];
  enabled_since: Date | null;
  last_sent_at: Date | null;
  updated_at: Date;
}

function toAlert(r: AlertRow): DisengagementAlert {
  return Object.assign(new DisengagementAlert(), {
    memberId: r.member_id,
    enabled: r.enabled,
    afterDays: r.after_days,
    notify: r.notify,
    enabledSince: r.enabled_since,
    lastSentAt: r.last_sent_at,
    updatedAt: r.updated_at,
  });
}

const ALERT_COLUMNS = sql`a.member_id, a.enabled, a.after_days, a.notify, a.enabled_since, a.last_sent_at, a.updated_at`;

export async function alertOf(db: Db, memberId: string): Promise<DisengagementAlert | null> {
  const row = await one<AlertRow>(
    db,
    sql`SELECT ${ALERT_COLUMNS} FROM disengagement_alerts a WHERE a.member_id = ${memberId}::uuid`,
  );
  return row ? toAlert(row) : null;
}

/**
 * Sets the member's alert. Turning it on starts a spell (counted from now at the earliest);
 * changing it while on keeps the spell, and the record of the last notice stays.
 */
export async function upsertAlert(
  em: EntityManager,
  v: { memberId: string; enabled: boolean; afterDays: number; notify: string[]; now: Date },
): Promise<DisengagementAlert> {
  const row = await one<AlertRow>(
    em,
    sql`INSERT INTO disengagement_alerts AS a (member_id, enabled, after_days, notify, enabled_since, updated_at)
        VALUES (${v.memberId}::uuid, ${v.enabled}, ${v.afterDays}, ${v.notify}::text[],
                CASE WHEN ${v.enabled}::boolean THEN ${v.now}::timestamptz END, ${v.now}::timestamptz)
        ON CONFLICT (member_id) DO UPDATE SET
          enabled = EXCLUDED.enabled, after_days = EXCLUDED.after_days, notify = EXCLUDED.notify,
          enabled_since = CASE WHEN NOT EXCLUDED.enabled THEN NULL
                               WHEN a.enabled THEN a.enabled_since ELSE EXCLUDED.enabled_since END,
          updated_at = EXCLUDED.updated_at
        RETURNING ${ALERT_COLUMNS}`,
  );
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return toAlert(row);
}

/**
 * The sweep, as the CTEs of one statement (the notifications' INSERT follows them): the alerts
 * that are on, of members who can still be reached, locked (SKIP LOCKED: another instance's
 * sweep holds those), with each member's latest activity; those due (`dueSql`); who their
 * consents with DISENGAGEMENT reach among the kinds they chose, whose accounts can be told; and
 * the alerts marked sent, only for members someone will be told about. The UPDATE checks the
 * rule again on the row as it is when locked, so a notice goes once per spell whatever runs at once.
 */
export function sweepCtes(src: SweepSources, now: Date): Sql {
  return sql`candidates AS (
        SELECT a.member_id, a.enabled, a.after_days, a.notify, a.enabled_since, a.last_sent_at
          FROM disengagement_alerts a JOIN users m ON m.id = a.member_id
         WHERE a.enabled AND ${reachableAccountSql('m', now)}
         FOR UPDATE OF a SKIP LOCKED
      ), activity AS (
        ${latestActivitySql(src.activity, sql`SELECT c.member_id FROM candidates c`)}
      ), quiet AS (
        SELECT a.member_id, a.notify, ${quietSinceSql(sql`act.at`)} AS since
          FROM candidates a LEFT JOIN activity act ON act.user_id = a.member_id
         WHERE ${dueSql(sql`act.at`, now)}
      ), told AS (
        SELECT DISTINCT r.member_id, r.recipient_id
          FROM (${src.consents.recipientsSql(ConsentScope.DISENGAGEMENT, now, sql`SELECT q.member_id FROM quiet q`)}) r
          JOIN quiet q ON q.member_id = r.member_id AND r.recipient_kind = ANY(q.notify)
          JOIN users u ON u.id = r.recipient_id AND ${reachableAccountSql('u', now)}
      ), due AS (
        UPDATE disengagement_alerts a SET last_sent_at = ${now}::timestamptz
          FROM quiet q
         WHERE a.member_id = q.member_id AND a.enabled
           AND (a.last_sent_at IS NULL OR a.last_sent_at < q.since)
           AND EXISTS (SELECT 1 FROM told t WHERE t.member_id = q.member_id)
        RETURNING a.member_id, ${quietDaysSql(sql`q.since`, now)} AS days
      )`;
}

/** The notices of a sweep, as `(user_id, kind, message, actor_id, subject_id)` rows over `due` and `told`. */
export function sweepNotices(): Sql {
  return sql`SELECT t.recipient_id AS user_id, ${NotificationKind.DISENGAGEMENT_NOTICE}::text AS kind,
                    ${noticeMessageSql(sql`d.days`)} AS message, d.member_id AS actor_id, NULL::uuid AS subject_id
               FROM due d JOIN told t ON t.member_id = d.member_id
             UNION ALL
             SELECT d.member_id, ${NotificationKind.DISENGAGEMENT_NOTICE_SENT}::text,
                    ${sentMessageSql(sql`d.days`)}, NULL::uuid, NULL::uuid
               FROM due d`;
}

// ---- the coordinators' view ----

/** Keyset position: `(rank, at, member id)` ascending. */
export interface AttentionCursor {
  rank: number;
  at: string;
  id: string;
}

interface AttentionRow {
  member_id: string;
  consent_id: string;
  rank: number;
  at: Date;
  open_since: Date | null;
  escalated: boolean;
  quiet_since: Date | null;
  quiet_days: number | null;
}

/**
 * Members whose consent in effect with DISENGAGEMENT reaches the coordinators (and this one),
 * with a reach-out still open or escalated, or quiet for their alert's days (seven without
 * one). Reach-outs first, oldest first; then the longest quiet.
 */
function attentionSql(viewer: Viewer, src: SweepSources & { openReachOuts: Sql }, now: Date): Sql {
  return sql`WITH consented AS (
        ${src.consents.coordinatorsConsentsSql(viewer, ConsentScope.DISENGAGEMENT, now)}
      ), activity AS (
        ${latestActivitySql(src.activity, sql`SELECT k.member_id FROM consented k`)}
      ), facts AS (
        SELECT k.member_id, k.consent_id, o.since AS open_since, coalesce(o.escalated, false) AS escalated,
               coalesce(act.at, m.created_at) AS last_active,
               coalesce(act.at, m.created_at) <= ${now}::timestamptz
                 - coalesce(a.after_days::int, ${DEFAULT_AFTER_DAYS}::int) * interval '86400 seconds' AS quiet
          FROM consented k
          JOIN users m ON m.id = k.member_id AND m.deleted_at IS NULL
          LEFT JOIN (${src.openReachOuts}) o ON o.member_id = k.member_id
          LEFT JOIN activity act ON act.user_id = k.member_id
          LEFT JOIN disengagement_alerts a ON a.member_id = k.member_id
      )
      SELECT f.member_id, f.consent_id,
             CASE WHEN f.open_since IS NOT NULL THEN 0 ELSE 1 END AS rank,
             coalesce(f.open_since, f.last_active) AS at,
             f.open_since, f.escalated,
             CASE WHEN f.quiet THEN f.last_active END AS quiet_since,
             CASE WHEN f.quiet THEN ${quietDaysSql(sql`f.last_active`, now)} END AS quiet_days
        FROM facts f WHERE f.open_since IS NOT NULL OR f.quiet`;
}

export async function attentionPage(
  db: Db,
  viewer: Viewer,
  src: SweepSources & { openReachOuts: Sql },
  now: Date,
  after: AttentionCursor | null,
  limit: number,
): Promise<MemberNeedingAttention[]> {
  const past = after
    ? sql`(x.rank, x.at, x.member_id) > (${after.rank}::int, ${after.at}::timestamptz, ${after.id}::uuid)`
    : sql`true`;
  const found = await rows<AttentionRow>(
    db,
    sql`SELECT x.* FROM (${attentionSql(viewer, src, now)}) x WHERE ${past}
         ORDER BY x.rank, x.at, x.member_id LIMIT ${limit}`,
  );
  return found.map((r) =>
    Object.assign(new MemberNeedingAttention(), {
      memberId: r.member_id,
      consentId: r.consent_id,
      rank: r.rank,
      at: new Date(r.at),
      openReachOutSince: r.open_since ? new Date(r.open_since) : null,
      reachOutEscalated: r.escalated,
      quietSince: r.quiet_since ? new Date(r.quiet_since) : null,
      quietDays: r.quiet_days,
    }),
  );
}

export async function countAttention(
  db: Db,
  viewer: Viewer,
  src: SweepSources & { openReachOuts: Sql },
  now: Date,
): Promise<number> {
  const row = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (${attentionSql(viewer, src, now)}) x`);
  return row?.n ?? 0;
}
