import { BadInputError } from '../../core/errors';
import { isTimeZone } from '../../core/scalars';
import { isMeetingGuideType, MAX_DURATION_MINUTES, MAX_MEETING_TYPES } from './meeting-types.constants';
import type { MeetingSeries } from './meeting-series.entity';
import type { Meeting } from './meeting.entity';
import { MeetingAudience, type MeetingFormat } from './meetings.enums';

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
  audience?: MeetingAudience | null;
}

/** The fields of one meeting (or of a series and its occurrences) an edit may change. */
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
    | 'audience'
  >
>;

/** The public listing of a weekly series as a caller gives it (GraphQL `MeetingListingInput`). */
export interface MeetingListingInput {
  address?: string | null;
  location?: string | null;
  region?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  conferenceUrl?: string | null;
  conferencePhone?: string | null;
}

/** What a series publishes to meeting finders, as stored on it. */
export type MeetingListingFields = Pick<
  MeetingSeries,
  | 'publicAddress'
  | 'publicLocation'
  | 'publicRegion'
  | 'publicLatitude'
  | 'publicLongitude'
  | 'publicConferenceUrl'
  | 'publicConferencePhone'
>;

export const NO_LISTING: Readonly<MeetingListingFields> = Object.freeze({
  publicAddress: null,
  publicLocation: null,
  publicRegion: null,
  publicLatitude: null,
  publicLongitude: null,
  publicConferenceUrl: null,
  publicConferencePhone: null,
});

export function listingOf(series: MeetingListingFields): MeetingListingFields {
  return {
    publicAddress: series.publicAddress,
    publicLocation: series.publicLocation,
    publicRegion: series.publicRegion,
    publicLatitude: series.publicLatitude,
    publicLongitude: series.publicLongitude,
    publicConferenceUrl: series.publicConferenceUrl,
    publicConferencePhone: series.publicConferencePhone,
  };
}

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
  | 'audience'
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
  if (input.audience !== undefined && input.audience !== null) out.audience = input.audience;
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
      listed: input.listed ?? false,
      audience: f.audience ?? MeetingAudience.ALUMNI,
    },
  };
}

export function normalizeTypes(types: string[], field = 'types'): string[] {
  const out = [...new Set(types.map((t) => t.trim()))];
  if (out.length > MAX_MEETING_TYPES) throw new BadInputError(field, `Use at most ${MAX_MEETING_TYPES} type codes.`);
  const unknown = out.filter((t) => !isMeetingGuideType(t));
  if (unknown.length) {
    throw new BadInputError(field, 'Use Meeting Guide type codes, such as O, C, D or SP.', { unknown });
  }
  return out;
}

/** One line of public text: white space runs (line breaks too) become one space. */
function publicLine(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const v = value.replace(/\s+/g, ' ').trim();
  if (v.length > max) throw new BadInputError(field, `Use at most ${max} characters.`);
  return v === '' ? null : v;
}

function coordinate(value: number | null | undefined, field: string, limit: number): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    throw new BadInputError(field, `Give a number from -${limit} to ${limit}.`);
  }
  // Five decimal places are about a metre: all a map needs.
  return Math.round(value * 1e5) / 1e5;
}

/** Dial-in numbers are stored as the format wants them: digits, a leading +, and `,` `*` `#`. */
const CONFERENCE_PHONE = /^\+?\d{10,15}(?:[,*#]+\d*)*$/;

/** A dial-in number with its spaces, dashes, dots and brackets taken out, or null when it is none. */
export function conferencePhone(raw: string): string | null {
  const v = raw.replace(/[\s().-]/g, '');
  return CONFERENCE_PHONE.test(v) ? v : null;
}

/**
 * Checks the public listing a coordinator gives and returns it as stored; every field is
 * replaced, so one left out is cleared. Whether it is enough to be listed is
 * `listingProblem` (meetings.policy.ts). Errors name `listing.<field>`.
 */
export function validateListing(input: MeetingListingInput): MeetingListingFields {
  const publicAddress = publicLine(input.address, 'listing.address', 300);
  const parts = publicAddress?.split(',').map((part) => part.trim()) ?? [];
  if (publicAddress !== null && (parts.length < 2 || parts.some((part) => !/[\p{L}\p{N}]/u.test(part)))) {
    throw new BadInputError(
      'listing.address',
      'Give the address as a map finds it, with commas, such as "210 W Lake St, Chicago, IL 60606, USA".',
    );
  }
  const publicLatitude = coordinate(input.latitude, 'listing.latitude', 90);
  const publicLongitude = coordinate(input.longitude, 'listing.longitude', 180);
  if ((publicLatitude === null) !== (publicLongitude === null)) {
    throw new BadInputError(
      publicLatitude === null ? 'listing.latitude' : 'listing.longitude',
      'Give both latitude and longitude, or neither.',
    );
  }
  let publicConferenceUrl: string | null = null;
  const rawUrl = optionalText(input.conferenceUrl, 'listing.conferenceUrl', MAX_CALL_LINK);
  if (rawUrl) {
    publicConferenceUrl = callLink(rawUrl);
    if (!publicConferenceUrl) throw new BadInputError('listing.conferenceUrl', 'Use an https:// link.');
  }
  let publicConferencePhone: string | null = null;
  const rawPhone = optionalText(input.conferencePhone, 'listing.conferencePhone', 60);
  if (rawPhone) {
    publicConferencePhone = conferencePhone(rawPhone);
    if (!publicConferencePhone) {
      throw new BadInputError(
        'listing.conferencePhone',
        'Give the dial-in number with its country code, such as +13125550100; add the meeting code after commas for one tap: +13125550100,,123456789#.',
      );
    }
  }
  return {
    publicAddress,
    publicLocation: publicLine(input.location, 'listing.location', 200),
    publicRegion: publicLine(input.region, 'listing.region', 100),
    publicLatitude,
    publicLongitude,
    publicConferenceUrl,
    publicConferencePhone,
  };
}

export function endOf(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000);
}
