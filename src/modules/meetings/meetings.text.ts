import { isTimeZone } from '../../core/scalars';
import { isMeetingGuideType } from './meeting-types.constants';
import { callLink } from './meetings.fields';

/*
 * What the feeds publish is made safe here, whatever a row holds: the API refuses control
 * characters, but a feed must not depend on every writer having gone through it.
 */

// Every way a consumer might read a line break: CRLF, CR, LF, NEL, and the Unicode line
// and paragraph separators (which some parsers, such as Python's splitlines, also split on).
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// C0 controls (tab and line feed included), DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text of several lines: line breaks become LF, every other control character goes. */
export function feedText(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .replace(LINE_BREAK, '\n')
    .split('\n')
    .map((line) => line.replace(CONTROL, ' ').trimEnd())
    .join('\n')
    .trim();
}

/** Text of one line: no control character at all; runs of white space become one space. */
export function feedLine(value: string | null | undefined): string {
  if (!value) return '';
  return value.replace(LINE_BREAK, ' ').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** A stored call link as a feed may carry it: re-parsed and normalised, or nothing. */
export function feedLink(value: string | null | undefined): string | null {
  return value ? callLink(value) : null;
}

/** A stored time zone a feed may name, else UTC (times stay right, only shown in UTC). */
export function feedZone(value: string | null | undefined): string {
  return value && isTimeZone(value) ? value : 'UTC';
}

/** Stored meeting types a feed may list: Meeting Guide codes only. */
export function feedTypes(value: readonly string[] | null | undefined): string[] {
  return [...new Set((value ?? []).filter((t) => typeof t === 'string' && isMeetingGuideType(t)))];
}
