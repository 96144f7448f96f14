import { createHash } from 'node:crypto';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { isTimeZone } from '../../core/scalars';
import type { Meeting } from './meeting.entity';
import { MeetingFormat, MeetingStatus } from './meetings.enums';
import { feedLine, feedLink, feedText } from './meetings.text';

interface Zone {
  /** The canonical name the VTIMEZONE block carries (`Asia/Calcutta` is `Asia/Kolkata`). */
  tzid: string;
  vtimezone: string;
}

// The time zone data ships inside the package: nothing is fetched.
const KNOWN_ZONES = new Set<string>([tzlib_get_timezones()].flat());
const TZID = /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/;
const zones = new Map<string, Zone | null>();

/** The VTIMEZONE of a stored zone name, or null when none can be given (times are then in UTC). */
function zoneOf(name: string): Zone | null {
  if (!isTimeZone(name) || !KNOWN_ZONES.has(name)) return null;
  const cached = zones.get(name);
  if (cached !== undefined) return cached;
  let zone: Zone | null = null;
  const block = tzlib_get_ical_block(name);
  if (Array.isArray(block) && block.length === 2) {
    const [vtimezone, tzidLine] = block;
    const tzid = tzidLine.replace(/^TZID=/, '');
    if (TZID.test(tzid) && isTimeZone(tzid) && vtimezone.includes(`\r\nTZID:${tzid}\r\n`)) zone = { tzid, vtimezone };
  }
  zones.set(name, zone); // bounded: only names the runtime knows get here
  return zone;
}

/**
 * A URI value as the library writes it: it escapes `,`, `;` and `\\` as if in text, which a
 * URI value does not allow (RFC 5545 §3.3.13), so those few are percent-encoded first.
 */
function uri(href: string | null): string | null {
  return href && href.replace(/[,;\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** What an event may say of where to go: the private place for insiders, the listing for everyone. */
export interface EventPlace {
  location: string | null;
  url: string | null;
}

/**
 * Where a listed meeting is, as its series' listing publishes it: the street address for
 * in-person and hybrid meetings (with the building's name), the public call link for online
 * and hybrid ones. An online meeting's approximate place is not somewhere to go, so no LOCATION.
 */
export function publicPlace(m: Meeting): EventPlace {
  const s = m.series;
  if (!s?.listed) return { location: null, url: null };
  const inPerson = m.format !== MeetingFormat.ONLINE;
  const online = m.format !== MeetingFormat.IN_PERSON;
  const location = inPerson ? [s.publicLocation, s.publicAddress].filter(Boolean).join(', ') : '';
  return { location: location || null, url: online ? s.publicConferenceUrl : null };
}

let lastPublic: { key: string; document: string } | null = null;

/**
 * The public calendar of listed meetings (each with its series loaded). Building a calendar
 * is CPU work (the library folds lines one character at a time), and this one is the same for
 * everyone until a listed meeting changes: the last one built is kept, keyed by a hash of all
 * it is made from.
 */
export function publicCalendar(name: string, meetings: Meeting[]): string {
  const events = meetings.map((meeting) => ({ meeting, inside: false, place: publicPlace(meeting) }));
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        name,
        events.map(({ meeting: m, place }) => [
          m.id,
          m.updatedAt,
          m.startsAt,
          m.endsAt,
          m.status,
          m.title,
          m.description,
          m.timeZone,
          place,
        ]),
      ]),
    )
    .digest('base64');
  if (lastPublic?.key !== key) lastPublic = { key, document: icsCalendar(name, events) };
  return lastPublic.document;
}

/**
 * An iCalendar document, built by ical-generator (which escapes text and folds lines), with a
 * VTIMEZONE for each meeting's zone and start and end in that zone with their TZID.
 * `inside` says whether an event may carry its private place and call link; else it carries
 * only the public `place`, if any.
 */
export function icsCalendar(
  name: string,
  events: Array<{ meeting: Meeting; inside: boolean; place?: EventPlace }>,
): string {
  const used = new Map<string, string>();
  const calendar = new ICalCalendar({
    prodId: { company: 'Onward', product: 'Meetings', language: 'EN' },
    name: feedLine(name),
    scale: 'GREGORIAN',
    // No calendar-wide zone (DTSTAMP stays in UTC); one VTIMEZONE per zone the events use.
    timezone: { name: null, generator: (tzid) => used.get(tzid) ?? null },
  });
  for (const { meeting: m, inside, place } of events) {
    const zone = zoneOf(m.timeZone);
    if (zone) used.set(zone.tzid, zone.vtimezone);
    const at = (d: Date) => DateTime.fromJSDate(d, { zone: zone?.tzid ?? 'UTC' });
    calendar.createEvent({
      id: `${m.id}@onward`,
      stamp: m.updatedAt,
      start: at(m.startsAt),
      end: at(m.endsAt),
      timezone: zone?.tzid ?? null,
      summary: feedLine(m.title),
      description: feedText(m.description) || null,
      location: feedText(inside ? m.location : place?.location) || null,
      url: uri(feedLink(inside ? m.conferenceUrl : place?.url)),
      status: m.status === MeetingStatus.CANCELLED ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF.
  return `${calendar.toString()}\r\n`;
}
