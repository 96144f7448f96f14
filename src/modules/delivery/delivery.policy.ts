import { DateTime } from 'luxon';
import type { NotificationKind } from '../notifications/notification-kind.enum';
import { DeliveryChannel, DeliverySkipReason, DeliveryStatus } from './delivery.enums';

/** A wall-clock time, `HH:MM` (24 h). */
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: string): boolean {
  return CLOCK.test(value);
}

function minutes(clock: string): number {
  const m = CLOCK.exec(clock);
  if (!m) throw new RangeError('not a clock time');
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Quiet hours in the member's own time zone; `start` after `end` runs over midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** Whether `now` falls in the quiet hours, on the member's wall clock (so DST moves them with it). */
export function inQuietHours(now: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const t = local.hour * 60 + local.minute;
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/**
 * The first instant after `now` when the wall clock in `timeZone` shows the end of quiet hours:
 * days are added on the calendar, so a night across a DST change ends at 07:00 local all the same.
 */
export function quietHoursEndAfter(now: Date, timeZone: string, quiet: QuietHours): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const e = minutes(quiet.end);
  let end = local.set({ hour: Math.floor(e / 60), minute: e % 60, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}

/** Per kind, what the member turned off; kinds not listed follow the channel. */
export type KindSwitches = Partial<Record<NotificationKind, { email: boolean; push: boolean }>>;

export interface Preferences {
  email: boolean;
  push: boolean;
  quietHours: QuietHours | null;
  kinds: KindSwitches;
}

export const DEFAULT_PREFERENCES: Preferences = { email: true, push: true, quietHours: null, kinds: {} };

/** Whether the member wants `kind` on `channel` at all. */
export function wants(p: Preferences, kind: NotificationKind | null, channel: DeliveryChannel): boolean {
  const on = channel === DeliveryChannel.EMAIL ? p.email : p.push;
  if (!on || kind === null) return on;
  const k = p.kinds[kind];
  return k ? (channel === DeliveryChannel.EMAIL ? k.email : k.push) : true;
}

export interface Decision {
  status: DeliveryStatus.PENDING | DeliveryStatus.SKIPPED;
  reason: DeliverySkipReason | null;
  /** For quiet hours: when the digest carrying it goes out. */
  releaseAt: Date | null;
}

/**
 * The one rule of what goes out: the member's switches first, then quiet hours, which hold
 * everything but reach-outs for the digest at their end.
 */
export function decide(
  p: Preferences,
  kind: NotificationKind,
  urgent: boolean,
  channel: DeliveryChannel,
  now: Date,
  timeZone: string,
): Decision {
  if (!wants(p, kind, channel))
    return { status: DeliveryStatus.SKIPPED, reason: DeliverySkipReason.PREFERENCE, releaseAt: null };
  if (!urgent && p.quietHours && inQuietHours(now, timeZone, p.quietHours))
    return {
      status: DeliveryStatus.SKIPPED,
      reason: DeliverySkipReason.QUIET_HOURS,
      releaseAt: quietHoursEndAfter(now, timeZone, p.quietHours),
    };
  return { status: DeliveryStatus.PENDING, reason: null, releaseAt: null };
}
