import { DateTime } from 'luxon';

/**
 * Sobriety milestones on calendar dates (`YYYY-MM-DD`). Everything here is pure: no clock,
 * no server time zone. Dates are handled as UTC calendar days, so DST never shifts one.
 */

export type LocalDate = string;

export interface MilestoneDate {
  label: string;
  date: LocalDate;
}

interface Ymd {
  y: number;
  m: number; // 1..12
  d: number;
}

function parse(date: LocalDate): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError('not a LocalDate');
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function format({ y, m, d }: Ymd): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Epoch day number of a calendar date (UTC midnight), for day arithmetic without DST. */
function toDay(date: LocalDate): number {
  const { y, m, d } = parse(date);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

function fromDay(day: number): LocalDate {
  const t = new Date(day * 86_400_000);
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDay(toDay(date) + days);
}

/** Adds calendar months, clamping to the month's end: 31 Jan + 1 month = 28 (or 29) Feb. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDay(to) - toDay(from);
}

/** The `index`-th milestone (0-based) of a journey that began on `start`. */
export function milestoneAt(start: LocalDate, index: number): MilestoneDate {
  switch (index) {
    case 0:
      return { label: '24 hours', date: addDays(start, 1) };
    case 1:
      return { label: '30 days', date: addDays(start, 30) };
    case 2:
      return { label: '60 days', date: addDays(start, 60) };
    case 3:
      return { label: '90 days', date: addDays(start, 90) };
    case 4:
      return { label: '6 months', date: addMonths(start, 6) };
    case 5:
      return { label: '9 months', date: addMonths(start, 9) };
    case 6:
      return { label: '1 year', date: addMonths(start, 12) };
    case 7:
      return { label: '18 months', date: addMonths(start, 18) };
    default: {
      const years = index - 6; // index 8 → 2 years
      return { label: `${years} years`, date: addMonths(start, 12 * years) };
    }
  }
}

/** Milestones with `fromExclusive < date <= toInclusive`, in order. `fromExclusive` null: from the start. */
export function milestonesBetween(
  start: LocalDate,
  fromExclusive: LocalDate | null,
  toInclusive: LocalDate,
): MilestoneDate[] {
  const out: MilestoneDate[] = [];
  for (let i = 0; ; i++) {
    const ms = milestoneAt(start, i);
    if (ms.date > toInclusive) return out;
    if (fromExclusive === null || ms.date > fromExclusive) out.push(ms);
  }
}

/** Every milestone reached on or before `today`. */
export function milestonesReached(start: LocalDate, today: LocalDate): MilestoneDate[] {
  return milestonesBetween(start, null, today);
}

/** The first milestone still ahead on `today`. */
export function nextMilestone(start: LocalDate, today: LocalDate): MilestoneDate {
  for (let i = 0; ; i++) {
    const ms = milestoneAt(start, i);
    if (ms.date > today) return ms;
  }
}

/** Days since `start` on `today`; 0 before it. */
export function daysSober(start: LocalDate, today: LocalDate): number {
  return Math.max(0, daysBetween(start, today));
}

/** The calendar date in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now: Date): LocalDate {
  const dt = DateTime.fromJSDate(now, { zone: timeZone });
  if (!dt.isValid) throw new RangeError('unknown time zone');
  return dt.toISODate();
}
