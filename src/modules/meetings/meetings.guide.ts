import { DateTime } from 'luxon';
import type { Config } from '../../core/config';
import { isTimeZone } from '../../core/scalars';
import { MeetingFormat } from './meetings.enums';
import { conferencePhone } from './meetings.fields';
import { listingProblem } from './meetings.policy';
import type { ListedSeries } from './meetings.queries';
import { weeklyDays } from './meetings.recurrence';
import { feedLine, feedLink, feedText, feedTypes } from './meetings.text';

/** The program as the feed names it (PROGRAM_NAME, PROGRAM_EMAIL, PROGRAM_PHONE, PROGRAM_URL). */
export type Program = Config['program'];

/** One entry of the Meeting Guide feed; keys as the format spells them, absent when empty. */
export type MeetingGuideEntry = Record<string, string | number | number[] | string[]>;

const MINUTES_A_DAY = 24 * 60;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The Meeting Guide entry of a listed weekly series (Code4Recovery spec), or null when the row
 * cannot make a correct one (the API never stores such a row; the feed does not rely on it).
 * Everything comes from the series, never from an occurrence: editing or cancelling one
 * occurrence leaves the entry as it is. `day` is the series' weekday, or its weekdays as an
 * array; `time` and `end_time` are wall-clock times in `timezone` (`end_time` is left out when
 * the meeting ends after midnight, as a reader would put it before the start). Text is made
 * safe here, whatever the row holds: no control character, and only `notes` breaks lines (LF).
 */
export function meetingGuideEntry(s: ListedSeries, program: Program): MeetingGuideEntry | null {
  if (!isTimeZone(s.timeZone)) return null; // a wall-clock time in no known zone is no time at all
  if (listingProblem({ format: s.format, recurrence: s.recurrence, listing: s.listing })) return null;
  const name = feedLine(s.title);
  const address = feedLine(s.listing.publicAddress);
  const start = DateTime.fromISO(s.localStart, { zone: 'UTC' });
  if (!name || !address || !start.isValid) return null;
  const days = weeklyDays(s.recurrence, s.localStart);
  const startMinute = start.hour * 60 + start.minute;
  const endMinute = startMinute + s.durationMinutes;
  const online = s.format !== MeetingFormat.IN_PERSON;
  const inPerson = s.format !== MeetingFormat.ONLINE;

  const entry: MeetingGuideEntry = {
    name,
    slug: s.id,
    day: days.length === 1 ? days[0] : days,
    time: hhmm(startMinute),
  };
  if (endMinute < MINUTES_A_DAY) entry.end_time = hhmm(endMinute);
  entry.timezone = s.timeZone;
  entry.types = feedTypes(s.types);
  const notes = feedText(s.description);
  if (notes) entry.notes = notes;
  const location = feedLine(s.listing.publicLocation);
  if (location) entry.location = location;
  entry.formatted_address = address;
  // An online meeting's place is where it comes from, not a door: finders then list it as
  // online only. Coordinates would tell them the opposite, so it has none.
  entry.approximate = inPerson ? 'no' : 'yes';
  const { publicLatitude: lat, publicLongitude: lng } = s.listing;
  if (inPerson && Number.isFinite(lat) && Number.isFinite(lng)) {
    entry.latitude = lat as number;
    entry.longitude = lng as number;
  }
  const region = feedLine(s.listing.publicRegion);
  if (region) entry.region = region;
  if (online) {
    const url = feedLink(s.listing.publicConferenceUrl);
    if (url) entry.conference_url = url;
    const phone = s.listing.publicConferencePhone && conferencePhone(s.listing.publicConferencePhone);
    if (phone) entry.conference_phone = phone;
    // A hybrid meeting with no public call is listed as in person; an online one must have it.
    if (!inPerson && !url && !phone) return null;
  }
  const programName = feedLine(program.name);
  if (programName) entry.group = programName;
  if (program.url) entry.url = program.url;
  entry.updated = DateTime.fromJSDate(s.updatedAt, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss');
  if (programName) {
    // The format wants `entity` whenever another entity field is there.
    entry.entity = programName;
    if (program.email) entry.entity_email = program.email;
    if (program.phone) entry.entity_phone = feedLine(program.phone);
    if (program.url) {
      // The spec's example and TSML UI read `entity_url`; its field list says `entity_website_url`.
      entry.entity_url = program.url;
      entry.entity_website_url = program.url;
    }
  }
  if (program.email) {
    const to = encodeURIComponent(program.email).replace(/%40/g, '@');
    entry.feedback_url = `mailto:${to}?subject=${encodeURIComponent(`Meeting listing: ${name} [${s.id}]`)}`;
  }
  return entry;
}

/** The whole feed: one entry per listed weekly series, by first weekday, time, name and slug. */
export function meetingGuideFeed(series: readonly ListedSeries[], program: Program): MeetingGuideEntry[] {
  const firstDay = (e: MeetingGuideEntry) => (Array.isArray(e.day) ? (e.day as number[])[0] : (e.day as number));
  return series
    .map((s) => meetingGuideEntry(s, program))
    .filter((e): e is MeetingGuideEntry => e !== null)
    .sort(
      (a, b) =>
        firstDay(a) - firstDay(b) ||
        String(a.time).localeCompare(String(b.time)) ||
        String(a.name).localeCompare(String(b.name)) ||
        String(a.slug).localeCompare(String(b.slug)),
    );
}
