import { DateTime } from 'luxon';
import { FOCUS_AREAS } from './mentoring.constants';
import { ScorePart } from './mentoring.enums';

/**
 * The match score, pure: no clock (pass `now`), no database. Every point is explained by a
 * named part, so that coordinators and mentees can see why a mentor was chosen.
 */

export interface Slot {
  weekday: number;
  startTime: string;
  endTime: string;
}

export interface ScoreReason {
  part: ScorePart;
  points: number;
  detail: string;
}

export interface MentorFacts {
  id: string;
  timeZone: string;
  focusAreas: readonly string[];
  languages: readonly string[];
  availability: readonly Slot[];
  gender: string | null;
  capacity: number;
  activeCount: number;
  acceptingMentees: boolean;
  approved: boolean;
  suspended: boolean;
  /** Days of the current sobriety journey; null when none is recorded. */
  soberDays: number | null;
}

export interface RequestFacts {
  menteeId: string;
  timeZone: string;
  focusAreas: readonly string[];
  languages: readonly string[];
  requireLanguage: boolean;
  sameGenderOnly: boolean;
  menteeGender: string | null;
  /** Empty: waking hours (08:00 to 22:00) every day in the mentee's zone. */
  availability: readonly Slot[];
}

/** How this mentor stands to this mentee, looked up by the service. */
export interface PairFacts {
  blocked: boolean;
  /** They had a match that ended: never proposed again. */
  endedBefore: boolean;
  /** This mentor was already asked for this request (declined, expired, withdrawn). */
  askedBefore: boolean;
  menteeSuspended?: boolean;
}

export type Ineligibility =
  | 'SELF'
  | 'NOT_APPROVED'
  | 'NOT_ACCEPTING'
  | 'AT_CAPACITY'
  | 'SUSPENDED'
  | 'BLOCKED'
  | 'ENDED_BEFORE'
  | 'ASKED_BEFORE'
  | 'NO_SHARED_LANGUAGE'
  | 'GENDER';

export const POINTS = {
  perFocusArea: 10,
  maxFocusAreas: 3,
  language: 15,
  maxAvailability: 20,
  maxTimeZone: 10,
  perSoberYear: 2,
  maxSoberTime: 10,
  maxCapacity: 5,
} as const;

/** Why a mentor cannot be proposed for a request, or null when they can. */
export function ineligibility(req: RequestFacts, mentor: MentorFacts, pair: PairFacts): Ineligibility | null {
  if (mentor.id === req.menteeId) return 'SELF';
  if (!mentor.approved) return 'NOT_APPROVED';
  if (mentor.suspended || pair.menteeSuspended) return 'SUSPENDED';
  if (pair.blocked) return 'BLOCKED';
  if (pair.endedBefore) return 'ENDED_BEFORE';
  if (pair.askedBefore) return 'ASKED_BEFORE';
  if (!mentor.acceptingMentees) return 'NOT_ACCEPTING';
  if (mentor.activeCount >= mentor.capacity) return 'AT_CAPACITY';
  if (req.requireLanguage && req.languages.length && !req.languages.some((l) => mentor.languages.includes(l)))
    return 'NO_SHARED_LANGUAGE';
  if (req.sameGenderOnly && (!req.menteeGender || mentor.gender !== req.menteeGender)) return 'GENDER';
  return null;
}

const WEEK = 7 * 24 * 60;
const WAKING: Slot[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '08:00', endTime: '22:00' }));

function hm(time: string): [number, number] {
  const [h, m] = time.split(':').map(Number);
  return [h, m];
}

/** Slots as minutes from Monday 00:00 UTC of the week of `now`, wrapped onto one week and merged. */
export function weeklyIntervals(slots: readonly Slot[], zone: string, now: Date): Array<[number, number]> {
  const anchor = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week');
  const week = DateTime.fromJSDate(now, { zone }).startOf('week');
  const raw: Array<[number, number]> = [];
  for (const s of slots) {
    const day = week.plus({ days: s.weekday - 1 });
    const [sh, sm] = hm(s.startTime);
    const [eh, em] = hm(s.endTime);
    const start = day.set({ hour: sh, minute: sm });
    const end = eh === 24 ? day.plus({ days: 1 }) : day.set({ hour: eh, minute: em });
    const length = Math.round(end.diff(start, 'minutes').minutes);
    if (length <= 0) continue;
    const a = ((Math.round(start.diff(anchor, 'minutes').minutes) % WEEK) + WEEK) % WEEK;
    if (a + length <= WEEK) raw.push([a, a + length]);
    else raw.push([a, WEEK], [0, a + length - WEEK]);
  }
  raw.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of raw) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Minutes a week when both are available, each in their own time zone. */
export function overlapMinutes(
  a: readonly Slot[],
  zoneA: string,
  b: readonly Slot[],
  zoneB: string,
  now: Date,
): number {
  const x = weeklyIntervals(a, zoneA, now);
  const y = weeklyIntervals(b, zoneB, now);
  let total = 0;
  for (const [a0, a1] of x) for (const [b0, b1] of y) total += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return total;
}

/** Hours between the two zones' UTC offsets at `now`. */
export function zoneDistanceHours(zoneA: string, zoneB: string, now: Date): number {
  const oa = DateTime.fromJSDate(now, { zone: zoneA }).offset;
  const ob = DateTime.fromJSDate(now, { zone: zoneB }).offset;
  return Math.abs(oa - ob) / 60;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The score of a mentor for a request: the sum of its named parts. */
export function scoreMentor(
  req: RequestFacts,
  mentor: MentorFacts,
  now: Date,
): { score: number; reasons: ScoreReason[] } {
  const reasons: ScoreReason[] = [];

  const shared = req.focusAreas.filter((f) => mentor.focusAreas.includes(f));
  reasons.push({
    part: ScorePart.FOCUS_AREAS,
    points: Math.min(shared.length, POINTS.maxFocusAreas) * POINTS.perFocusArea,
    detail: shared.length
      ? `Shares ${plural(shared.length, 'focus area')}: ${shared.map((f) => FOCUS_AREAS[f as keyof typeof FOCUS_AREAS] ?? f).join(', ')}`
      : 'No focus area in common',
  });

  const language = req.languages.find((l) => mentor.languages.includes(l));
  reasons.push({
    part: ScorePart.LANGUAGE,
    points: language ? POINTS.language : 0,
    detail: language
      ? `Both speak ${language}`
      : req.languages.length
        ? 'No language in common'
        : 'No language asked for',
  });

  const minutes = overlapMinutes(
    mentor.availability,
    mentor.timeZone,
    req.availability.length ? req.availability : WAKING,
    req.timeZone,
    now,
  );
  const hours = Math.floor(minutes / 60);
  reasons.push({
    part: ScorePart.AVAILABILITY,
    points: Math.min(hours, POINTS.maxAvailability),
    detail: mentor.availability.length
      ? `${plural(hours, 'hour')} a week in common`
      : 'The mentor has not given their availability',
  });

  const distance = zoneDistanceHours(mentor.timeZone, req.timeZone, now);
  reasons.push({
    part: ScorePart.TIME_ZONE,
    points: Math.max(0, POINTS.maxTimeZone - Math.round(distance)),
    detail: distance === 0 ? 'Same time of day' : `${plural(Math.round(distance * 10) / 10, 'hour')} apart`,
  });

  const years = mentor.soberDays === null ? 0 : Math.floor(mentor.soberDays / 365);
  reasons.push({
    part: ScorePart.SOBER_TIME,
    points: Math.min(years * POINTS.perSoberYear, POINTS.maxSoberTime),
    detail: `${plural(years, 'full year')} in recovery`,
  });

  const free = Math.max(0, mentor.capacity - mentor.activeCount);
  reasons.push({
    part: ScorePart.CAPACITY,
    points: mentor.capacity > 0 ? Math.round((POINTS.maxCapacity * free) / mentor.capacity) : 0,
    detail: `${free} of ${mentor.capacity} places free`,
  });

  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}
