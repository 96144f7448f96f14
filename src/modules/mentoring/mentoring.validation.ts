import { BadInputError } from '../../core/errors';
import { FOCUS_AREAS, GENDERS, LANGUAGES } from './mentoring.constants';
import type { Slot } from './mentoring.scoring';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function cleanCodes(
  values: readonly string[],
  field: string,
  known: (code: string) => boolean,
  what: string,
  normalize: (s: string) => string,
): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const code = normalize(raw.trim());
    if (!known(code))
      throw new BadInputError(field, `Unknown ${what}. Use one of the documented codes.`, {
        reason: 'UNKNOWN_CODE',
        code: code.slice(0, 40),
      });
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

export function cleanFocusAreas(values: readonly string[], field = 'focusAreas'): string[] {
  return cleanCodes(
    values,
    field,
    (c) => Object.hasOwn(FOCUS_AREAS, c),
    'focus area',
    (s) => s.toUpperCase(),
  );
}

export function cleanLanguages(values: readonly string[], field = 'languages'): string[] {
  return cleanCodes(
    values,
    field,
    (c) => LANGUAGES.has(c),
    'language code (ISO 639-1, such as en or es)',
    (s) => s.toLowerCase(),
  );
}

export function cleanGender(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const code = raw.trim().toUpperCase();
  if (!Object.hasOwn(GENDERS, code))
    throw new BadInputError('gender', 'Unknown gender code.', { reason: 'UNKNOWN_CODE' });
  return code;
}

export function cleanAvailability(slots: readonly Slot[]): Slot[] {
  return slots.map((s, i) => {
    const field = `availability.${i}`;
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7)
      throw new BadInputError(field, 'Weekday goes from 1 (Monday) to 7 (Sunday).');
    if (!TIME.test(s.startTime) || s.startTime === '24:00' || !TIME.test(s.endTime))
      throw new BadInputError(field, 'Write times as HH:mm.');
    if (s.endTime <= s.startTime) throw new BadInputError(field, 'The end must be after the start.');
    return { weekday: s.weekday, startTime: s.startTime, endTime: s.endTime };
  });
}

export function cleanReason(raw: string | null | undefined): string | null {
  const reason = raw?.trim() ?? '';
  return reason ? reason : null;
}
