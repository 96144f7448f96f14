import { DateTime } from 'luxon';
import { RRule, type Options } from 'rrule';
import { BadInputError } from '../../core/errors';

const DAY = '(?:[+-]?(?:[1-9]|[1-4]\\d|5[0-3]))?(?:MO|TU|WE|TH|FR|SA|SU)';
const PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: new RegExp(`^${DAY}(,${DAY})*$`),
  BYMONTHDAY: /^-?([1-9]|[12]\d|3[01])(,-?([1-9]|[12]\d|3[01]))*$/,
  BYMONTH: /^([1-9]|1[0-2])(,([1-9]|1[0-2]))*$/,
  BYSETPOS: /^-?([1-9]|[1-9]\d|[1-3]\d\d)(,-?([1-9]|[1-9]\d|[1-3]\d\d))*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};

/**
 * Checks an RFC 5545 RRULE strictly (no sub-daily frequencies, no DTSTART: the meeting's
 * start is the rule's start) and returns it normalised.
 */
export function normalizeRecurrence(raw: string, field = 'recurrence'): string {
  const fail = (): never => {
    throw new BadInputError(
      field,
      'Use an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU (daily, weekly, monthly or yearly).',
    );
  };
  const text = raw
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!text || text.length > 300) fail();
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [key, value, extra] = part.split('=');
    if (extra !== undefined || !key || value === undefined || !PARTS[key] || seen.has(key) || !PARTS[key].test(value))
      fail();
    seen.add(key);
  }
  if (!seen.has('FREQ') || (seen.has('COUNT') && seen.has('UNTIL'))) fail();
  try {
    RRule.parseString(text);
  } catch {
    fail();
  }
  return text;
}

function floating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
}

/**
 * The occurrences of `rule` whose start falls in [from, to). The rule runs on wall-clock
 * time in `timeZone` (a Tuesday 19:00 meeting stays 19:00 local across DST changes), then
 * each wall-clock time is placed in the zone.
 */
export function expandOccurrences(rule: string, localStart: string, timeZone: string, from: Date, to: Date): Date[] {
  const opts: Partial<Options> = RRule.parseString(rule);
  const start = DateTime.fromISO(localStart, { zone: timeZone });
  if (opts.until) {
    // UNTIL is read as a wall-clock bound in the meeting's zone.
    const u = DateTime.fromJSDate(opts.until, { zone: 'UTC' });
    opts.until = floating(u);
  }
  const rrule = new RRule({ ...opts, dtstart: floating(start) });
  // Pad by two days: the zone's offset is unknown until each wall time is placed.
  const lo = floating(DateTime.fromJSDate(from, { zone: timeZone }).minus({ days: 2 }));
  const hi = floating(DateTime.fromJSDate(to, { zone: timeZone }).plus({ days: 2 }));
  const out: Date[] = [];
  for (const f of rrule.between(lo, hi, true)) {
    const local = DateTime.fromObject(
      {
        year: f.getUTCFullYear(),
        month: f.getUTCMonth() + 1,
        day: f.getUTCDate(),
        hour: f.getUTCHours(),
        minute: f.getUTCMinutes(),
        second: f.getUTCSeconds(),
      },
      { zone: timeZone },
    );
    const at = local.toJSDate();
    if (at >= from && at < to) out.push(at);
  }
  return out;
}

/** `YYYY-MM-DDTHH:mm:ss` wall-clock time of an instant in a zone. */
export function localStartOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function ruleParts(rule: string): Map<string, string> {
  return new Map(
    rule
      .replace(/^RRULE:/i, '')
      .toUpperCase()
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
}

/**
 * True for a rule that meets every week: FREQ=WEEKLY, no INTERVAL but 1, days without
 * ordinals, and nothing that skips weeks (BYMONTH, BYMONTHDAY, BYSETPOS). COUNT and UNTIL
 * may end it. Only such series are meetings in the sense of the Meeting Guide format.
 */
export function isWeeklyRule(rule: string): boolean {
  const parts = ruleParts(rule);
  if (parts.get('FREQ') !== 'WEEKLY') return false;
  if ((parts.get('INTERVAL') ?? '1') !== '1') return false;
  if (parts.has('BYMONTH') || parts.has('BYMONTHDAY') || parts.has('BYSETPOS')) return false;
  const byDay = parts.get('BYDAY');
  return byDay === undefined || byDay.split(',').every((d) => WEEKDAYS.includes(d));
}

/**
 * The weekdays of a weekly rule, as the Meeting Guide format numbers them (0 is Sunday),
 * sorted: its BYDAY, else the weekday of its wall-clock start. Days are wall-clock days in
 * the series' zone, as the rule is expanded.
 */
export function weeklyDays(rule: string, localStart: string): number[] {
  const byDay = ruleParts(rule).get('BYDAY');
  if (byDay) return [...new Set(byDay.split(',').map((d) => WEEKDAYS.indexOf(d)))].sort((a, b) => a - b);
  // The wall-clock date alone decides the weekday; no zone is involved.
  return [DateTime.fromISO(localStart, { zone: 'UTC' }).weekday % 7];
}
