import { DateTime } from 'luxon';

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The calendar date in `timeZone` at the instant `now`: the member's "today", whatever DST does. */
export function todayIn(timeZone: string, now: Date): LocalDate {
  const dt = DateTime.fromJSDate(now, { zone: timeZone });
  if (!dt.isValid) throw new RangeError('unknown time zone');
  return dt.toISODate();
}

/** Calendar arithmetic on dates (as UTC days, so no DST ever shifts one). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const dt = DateTime.fromISO(date, { zone: 'utc' });
  if (!dt.isValid) throw new RangeError('not a LocalDate');
  return dt.plus({ days }).toISODate();
}
