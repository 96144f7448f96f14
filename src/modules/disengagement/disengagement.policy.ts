import { sql, type Sql } from '../../core/sql';

/** The fewest and most days of quiet an alert may wait for. */
export const MIN_AFTER_DAYS = 3;
export const MAX_AFTER_DAYS = 30;
/** What an alert never set shows, and the quiet a coordinator's view counts for a member without one. */
export const DEFAULT_AFTER_DAYS = 7;

const DAY_MS = 86_400_000;

/** Whether `afterDays` is a whole number of days the alert may wait for. */
export function afterDaysAllowed(afterDays: number): boolean {
  return Number.isInteger(afterDays) && afterDays >= MIN_AFTER_DAYS && afterDays <= MAX_AFTER_DAYS;
}

/** What the rule needs of an alert and of the member's activity. */
export interface QuietFacts {
  enabled: boolean;
  afterDays: number;
  enabledSince: Date | null;
  lastSentAt: Date | null;
  /** The member's latest check-in, RSVP, attendance or sign-in; null when none is on record. */
  lastActivityAt: Date | null;
}

/** When the present quiet spell began: the last activity, or the alert's turning on if later. */
export function quietSince(f: Pick<QuietFacts, 'enabledSince' | 'lastActivityAt'>): Date | null {
  const times = [f.enabledSince, f.lastActivityAt].filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}

/**
 * THE rule: whether a notice is due now. The alert is on, the member has been quiet for
 * `afterDays` days, and no notice went out in this spell (a new spell starts only with new
 * activity, or with turning the alert on again). The sweep's SQL, `dueSql`, is its twin.
 */
export function noticeDue(f: QuietFacts, now: Date): boolean {
  const since = quietSince(f);
  if (!f.enabled || !since) return false;
  if (since.getTime() > now.getTime() - f.afterDays * DAY_MS) return false;
  return f.lastSentAt === null || f.lastSentAt.getTime() < since.getTime();
}

/** `quietSince` in SQL, on an alert row aliased `a` and the member's latest activity `activityAt`. */
export function quietSinceSql(activityAt: Sql, alias = 'a'): Sql {
  // greatest() skips nulls, as quietSince does.
  return sql`greatest(${sql.ident(alias)}.enabled_since, ${activityAt})`;
}

/**
 * `noticeDue` in SQL; tests/disengagement.test.ts checks that the two agree. Days are 24 hours,
 * as in TypeScript, whatever the session's time zone does across a DST change.
 */
export function dueSql(activityAt: Sql, now: Date, alias = 'a'): Sql {
  const a = sql.ident(alias);
  const since = quietSinceSql(activityAt, alias);
  return sql`(${a}.enabled AND ${since} IS NOT NULL
      AND ${since} <= ${now}::timestamptz - ${a}.after_days * interval '86400 seconds'
      AND (${a}.last_sent_at IS NULL OR ${a}.last_sent_at < ${since}))`;
}

/** Whole days from `since` to `now`. */
export function quietDays(since: Date, now: Date): number {
  return Math.floor((now.getTime() - since.getTime()) / DAY_MS);
}

/** `quietDays` in SQL. */
export function quietDaysSql(since: Sql, now: Date): Sql {
  return sql`floor(extract(epoch FROM (${now}::timestamptz - ${since})) / 86400)::int`;
}

// The notices say the member's name (rendered when read, `{actor}`) and the number of days, nothing else.
const NOTICE = '{actor} has been quiet on Onward for {days} days and asked us to let you know.';
const SENT = 'You have been quiet for {days} days, so we let the people you chose know, as you asked.';

/** What a person the member chose reads. */
export function noticeMessage(days: number): string {
  return NOTICE.replace('{days}', String(days));
}

/** What the member reads, once the notice went out. */
export function sentMessage(days: number): string {
  return SENT.replace('{days}', String(days));
}

/** `noticeMessage` in SQL, for the sweep; a test checks that the two agree. */
export function noticeMessageSql(days: Sql): Sql {
  return sql`replace(${NOTICE}::text, '{days}', (${days})::text)`;
}

/** `sentMessage` in SQL. */
export function sentMessageSql(days: Sql): Sql {
  return sql`replace(${SENT}::text, '{days}', (${days})::text)`;
}
