import { BadInputError } from './errors';

// C0 controls but tab and line feed, DEL and C1 controls: no text field has a use for them,
// and they break logs, calendars and terminals (a NUL is also refused by PostgreSQL).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * The one normaliser of free text: every string argument of every operation passes here
 * before a resolver sees it. CRLF becomes LF; any other control character is refused with
 * BAD_USER_INPUT naming the field. Returns the arguments with strings normalised.
 */
export function normaliseText<T>(value: T, field = 'input'): T {
  if (typeof value === 'string') {
    const text = value.replace(/\r\n/g, '\n');
    if (CONTROL.test(text))
      throw new BadInputError(field, 'Remove the control characters from the text.', { reason: 'CONTROL_CHARACTERS' });
    return text as T;
  }
  if (Array.isArray(value)) return value.map((v) => normaliseText(v, field) as unknown) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = normaliseText(v, key);
    return out as T;
  }
  return value;
}
