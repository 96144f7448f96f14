import type { DataSource, EntityManager } from 'typeorm';
import { one, rows, sql, type Sql } from '../../core/sql';
import { DailyCheckIn } from './daily-check-in.entity';
import type { LocalDate } from './checkins.dates';
import { checkInStreakSql } from './checkins.policy';

type Db = DataSource | EntityManager;

interface CheckInRow {
  id: string;
  member_id: string;
  day: string;
  time_zone: string;
  mood: number;
  craving: number;
  attended_meeting: boolean | null;
  note: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = sql`c.id, c.member_id, c.day::text AS day, c.time_zone, c.mood, c.craving, c.attended_meeting,
  c.note, c.created_at, c.updated_at`;

function toCheckIn(r: CheckInRow): DailyCheckIn {
  return Object.assign(new DailyCheckIn(), {
    id: r.id,
    memberId: r.member_id,
    day: r.day,
    timeZone: r.time_zone,
    mood: r.mood,
    craving: r.craving,
    attendedMeeting: r.attended_meeting,
    note: r.note,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  });
}

/** The member's time zone now, or null when there is no such member. */
export async function memberTimeZone(db: Db, memberId: string): Promise<string | null> {
  const row = await one<{ time_zone: string }>(db, sql`SELECT time_zone FROM users WHERE id = ${memberId}::uuid`);
  return row?.time_zone ?? null;
}

export interface CheckInValues {
  memberId: string;
  day: LocalDate;
  timeZone: string;
  mood: number;
  craving: number;
  /** Undefined: keep what an earlier check-in that day said (nothing, for the first). */
  attendedMeeting: boolean | null | undefined;
  note: string | null | undefined;
  at: Date;
}

/**
 * The day's check-in, created or updated in one statement: the unique (member, day) index
 * makes concurrent calls end in one row whatever their order.
 */
export async function upsertCheckIn(em: EntityManager, v: CheckInValues): Promise<DailyCheckIn> {
  const keepAttended = v.attendedMeeting === undefined;
  const keepNote = v.note === undefined;
  const row = await one<CheckInRow>(
    em,
    sql`INSERT INTO daily_check_ins AS c (member_id, day, time_zone, mood, craving, attended_meeting, note, created_at, updated_at)
        VALUES (${v.memberId}::uuid, ${v.day}::date, ${v.timeZone}, ${v.mood}, ${v.craving},
                ${v.attendedMeeting ?? null}::boolean, ${v.note ?? null}::text, ${v.at}::timestamptz, ${v.at}::timestamptz)
        ON CONFLICT (member_id, day) DO UPDATE SET
          mood = EXCLUDED.mood,
          craving = EXCLUDED.craving,
          attended_meeting = CASE WHEN ${keepAttended}::boolean THEN c.attended_meeting ELSE EXCLUDED.attended_meeting END,
          note = CASE WHEN ${keepNote}::boolean THEN c.note ELSE EXCLUDED.note END,
          updated_at = EXCLUDED.updated_at
        RETURNING ${COLUMNS}`,
  );
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return toCheckIn(row);
}

export async function checkInById(db: Db, id: string): Promise<DailyCheckIn | null> {
  const row = await one<CheckInRow>(db, sql`SELECT ${COLUMNS} FROM daily_check_ins c WHERE c.id = ${id}::uuid`);
  return row ? toCheckIn(row) : null;
}

/** The member's check-ins, latest day first, after the cursor's day. */
export async function checkInPage(
  db: Db,
  memberId: string,
  afterDay: LocalDate | null,
  limit: number,
): Promise<DailyCheckIn[]> {
  const after = afterDay ? sql`c.day < ${afterDay}::date` : sql`true`;
  const found = await rows<CheckInRow>(
    db,
    sql`SELECT ${COLUMNS} FROM daily_check_ins c WHERE c.member_id = ${memberId}::uuid AND ${after}
         ORDER BY c.day DESC LIMIT ${limit}`,
  );
  return found.map(toCheckIn);
}

export async function countCheckIns(db: Db, memberId: string): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM daily_check_ins c WHERE c.member_id = ${memberId}::uuid`,
  );
  return row?.n ?? 0;
}

export async function streakOf(db: Db, memberId: string, today: LocalDate): Promise<number> {
  const days = sql`(SELECT day FROM daily_check_ins WHERE member_id = ${memberId}::uuid)`;
  const row = await one<{ streak: number }>(db, sql`SELECT ${checkInStreakSql(days, today)} AS streak`);
  return row?.streak ?? 0;
}

export interface TrendRow {
  weeks_back: number;
  n: number;
  mood: number;
  craving: number;
}

/** Count and averages per week back from `today` (0: the last seven days), over `from`..`today`. */
export async function trendRows(db: Db, memberId: string, from: LocalDate, today: LocalDate): Promise<TrendRow[]> {
  return rows<TrendRow>(
    db,
    sql`SELECT ((${today}::date - c.day) / 7)::int AS weeks_back, count(*)::int AS n,
               avg(c.mood)::float8 AS mood, avg(c.craving)::float8 AS craving
          FROM daily_check_ins c
         WHERE c.member_id = ${memberId}::uuid AND c.day BETWEEN ${from}::date AND ${today}::date
         GROUP BY 1`,
  );
}

/** Each member's latest daily check-in (made or updated), as `(user_id, at)` rows. */
export function lastCheckInSql(members: Sql): Sql {
  return sql`SELECT d.member_id AS user_id, max(d.updated_at) AS at FROM daily_check_ins d
              WHERE d.member_id IN (${members}) GROUP BY d.member_id`;
}
