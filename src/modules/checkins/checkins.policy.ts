import { sql, type Sql } from '../../core/sql';
import { addDays, type LocalDate } from './checkins.dates';

// The rules of check-in days. Who may see a member's check-ins is not decided here: every read
// by someone else passes the consent check (consents.policy), scope CHECK_INS, and notes
// CHECK_IN_NOTES.

/**
 * Consecutive check-in days ending at the latest one, counted only while that day is today or
 * yesterday on the member's calendar (or later: after a move west, a check-in can sit on a date
 * that is still tomorrow in the new zone). Days are calendar dates, so DST changes nothing, and
 * a move of time zone keeps the days already recorded.
 */
export function checkInStreak(days: readonly LocalDate[], today: LocalDate): number {
  if (!days.length) return 0;
  const recorded = new Set(days);
  const latest = days.reduce((a, b) => (a > b ? a : b));
  if (latest < addDays(today, -1)) return 0;
  let streak = 0;
  for (let d = latest; recorded.has(d); d = addDays(d, -1)) streak++;
  return streak;
}

/**
 * `checkInStreak` in SQL over `days`, a relation with one distinct `day date` column per row.
 * Within the run that ends at the latest day, each day lies exactly as many days before the
 * latest as its rank; the first gap breaks that for good.
 */
export function checkInStreakSql(days: Sql, today: LocalDate): Sql {
  return sql`(SELECT CASE WHEN max(s.latest) IS NULL OR max(s.latest) < ${today}::date - 1 THEN 0
                          ELSE count(*) FILTER (WHERE s.latest - s.day = s.rank)::int END
                FROM (SELECT d.day, max(d.day) OVER () AS latest,
                             (row_number() OVER (ORDER BY d.day DESC) - 1)::int AS rank
                        FROM ${days} d) s)`;
}

/** How far back the trend looks, today included. */
export const TREND_DAYS = 30;

/** One stretch of the trend: `weeksBack` 0 ends today; the oldest is cut to the trend's first day. */
export interface TrendWindow {
  weeksBack: number;
  from: LocalDate;
  to: LocalDate;
}

/** The trend's weeks, oldest first: seven days each back from today, the oldest cut at the start (30 = 4 × 7 + 2). */
export function trendWindows(today: LocalDate): TrendWindow[] {
  const start = addDays(today, -(TREND_DAYS - 1));
  const windows: TrendWindow[] = [];
  for (let w = 0; w * 7 < TREND_DAYS; w++) {
    const to = addDays(today, -7 * w);
    const from = addDays(today, -7 * w - 6);
    windows.push({ weeksBack: w, from: from < start ? start : from, to });
  }
  return windows.reverse();
}
