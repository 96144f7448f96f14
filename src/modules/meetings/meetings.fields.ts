import { BadInputError } from '../../core/errors';
import { isTimeZone } from '../../core/scalars';
import { isMeetingGuideType, MAX_DURATION_MINUTES } from './meeting-types.constants';
import type { Meeting } from './meeting.entity';
import type { MeetingFormat } from './meetings.enums';

/** A meeting's editable fields as a caller gives them; absent ones stay as they are. */
export interface MeetingFieldsInput {
  title?: string | null;
  description?: string | null;
  startsAt?: Date | null;
  durationMinutes?: number | null;
  timeZone?: string | null;
  format?: MeetingFormat | null;
  location?: string | null;
  conferenceUrl?: string | null;
  capacity?: number | null;
  types?: string[] | null;
  listed?: boolean | null;
}

export type MeetingFields = Partial<
  Pick<
    Meeting,
    | 'title'
    | 'description'
    | 'startsAt'
    | 'durationMinutes'
    | 'timeZone'
    | 'format'
    | 'location'
    | 'conferenceUrl'
    | 'capacity'
    | 'types'
    | 'listed'
  >
>;

/** What a one-off meeting and every occurrence of a series are made from. */
export type MeetingTemplate = Pick<
  Meeting,
  | 'hostId'
  | 'title'
  | 'description'
  | 'durationMinutes'
  | 'timeZone'
  | 'format'
  | 'location'
  | 'conferenceUrl'
  | 'capacity'
  | 'types'
  | 'listed'
>;

const MAX_CALL_LINK = 1000;

/**
 * A call link as it is stored and shown: the parsed, normalised URL (`new URL(raw).href`),
 * never the raw text, so nothing a host typed around or inside it (line breaks, spaces)
 * survives. Null for anything but an https link with a host, or one too long once normalised.
 */
export function callLink(raw: string): string | null {
  if (!URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:' || !url.hostname) return null;
  return url.href.length > MAX_CALL_LINK ? null : url.href;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const v = value.trim();
  if (v.length > max) throw new BadInputError(field, `Use at most ${max} characters.`);
  return v === '' ? null : v;
}

/** Checks each given field; throws BAD_USER_INPUT naming the first bad one. */
export function validateMeetingFields(input: MeetingFieldsInput, now: Date): MeetingFields {
  const out: MeetingFields = {};
  if (input.title !== undefined && input.title !== null) {
    const title = input.title.replace(/\s+/g, ' ').trim();
    if (title.length < 1 || title.length > 200) throw new BadInputError('title', 'Use 1 to 200 characters.');
    out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (input.description.length > 5000) throw new BadInputError('description', 'Use at most 5000 characters.');
    out.description = input.description.trim();
  }
  if (input.startsAt !== undefined && input.startsAt !== null) {
    if (input.startsAt.getTime() <= now.getTime())
      throw new BadInputError('startsAt', 'The start must be in the future.');
    out.startsAt = input.startsAt;
  }
  if (input.durationMinutes !== undefined && input.durationMinutes !== null) {
    const d = input.durationMinutes;
    if (!Number.isInteger(d) || d <= 0 || d > MAX_DURATION_MINUTES) {
      throw new BadInputError('durationMinutes', `A meeting lasts 1 to ${MAX_DURATION_MINUTES} minutes.`);
    }
    out.durationMinutes = d;
  }
  if (input.timeZone !== undefined && input.timeZone !== null) {
    const tz = input.timeZone.trim();
    if (!isTimeZone(tz)) throw new BadInputError('timeZone', 'Use an IANA time zone name, such as America/Chicago.');
    out.timeZone = tz;
  }
  if (input.format !== undefined && input.format !== null) out.format = input.format;
  const location = optionalText(input.location, 'location', 500);
  if (location !== undefined) out.location = location;
  const url = optionalText(input.conferenceUrl, 'conferenceUrl', MAX_CALL_LINK);
  if (url !== undefined) {
    if (url === null) out.conferenceUrl = null;
    else {
      const link = callLink(url);
      if (!link) throw new BadInputError('conferenceUrl', 'Use an https:// link.');
      out.conferenceUrl = link;
    }
  }
  if (input.capacity !== undefined && input.capacity !== null) {
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 100000) {
      throw new BadInputError('capacity', 'Capacity is at least 1; leave it empty for no limit.');
    }
    out.capacity = input.capacity;
  }
  if (input.types !== undefined && input.types !== null) out.types = normalizeTypes(input.types);
  if (input.listed !== undefined && input.listed !== null) out.listed = input.listed;
  return out;
}

function required<T>(value: T | undefined, field: string, message: string): T {
  if (value === undefined) throw new BadInputError(field, message);
  return value;
}

/** The validated fields of a new meeting: its start, and the template it is made from. */
export function validateNewMeeting(
  hostId: string,
  input: MeetingFieldsInput,
  now: Date,
): { startsAt: Date; template: MeetingTemplate } {
  if (input.startsAt == null) throw new BadInputError('startsAt', 'Give a start time.');
  const f = validateMeetingFields(input, now);
  return {
    startsAt: required(f.startsAt, 'startsAt', 'Give a start time.'),
    template: {
      hostId,
      title: required(f.title, 'title', 'Give a title.'),
      description: f.description ?? '',
      durationMinutes: required(f.durationMinutes, 'durationMinutes', 'Give a length in minutes.'),
      timeZone: required(f.timeZone, 'timeZone', 'Give a time zone.'),
      format: required(f.format, 'format', 'Give a format.'),
      location: f.location ?? null,
      conferenceUrl: f.conferenceUrl ?? null,
      capacity: f.capacity ?? null,
      types: f.types ?? [],
      listed: f.listed ?? false,
    },
  };
}

export function normalizeTypes(types: string[], field = 'types'): string[] {
  const out = [...new Set(types.map((t) => t.trim()))];
  if (out.length > 30) throw new BadInputError(field, 'Use at most 30 type codes.');
  const unknown = out.filter((t) => !isMeetingGuideType(t));
  if (unknown.length) {
    throw new BadInputError(field, 'Use Meeting Guide type codes, such as O, C, D or SP.', { unknown });
  }
  return out;
}

export function endOf(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000);
}
