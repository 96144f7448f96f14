import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { DateTime } from 'luxon';
import { publicCalendar } from '../src/modules/meetings/meetings.calendar';
import { startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV, RSVP } from './helpers/meetings';

// The package is an ES module with a CommonJS build, which is what a test (CommonJS) loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
type IcalEvent = InstanceType<typeof ICAL.Event>;

/**
 * Calendar apps read the feeds with a real iCalendar parser (ical.js, as many web calendars
 * do): every event is found at its local time, across a daylight-saving change, in its zone as
 * the calendar's own VTIMEZONE defines it.
 */
let t: TestApp;
let origin: string;
let coordinator: TestUser;
let member: TestUser;
const series: Record<string, { id: string; seriesId: string; zone: string; time: string; weekday: number }> = {};

beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  origin = new URL(t.url).origin;
  coordinator = await t.user('COORDINATOR');
  member = await t.user('MEMBER');
  // New York changes on 14 March 2027, Berlin on 28 March 2027.
  for (const [key, zone, startsAt, rule, time, weekday, address] of [
    [
      'newYork',
      'America/New_York',
      '2027-02-23T19:00:00-05:00',
      'FREQ=WEEKLY;BYDAY=TU',
      '19:00',
      2,
      '1 Centre St, New York, NY 10007, USA',
    ],
    [
      'berlin',
      'Europe/Berlin',
      '2027-03-04T18:30:00+01:00',
      'FREQ=WEEKLY;BYDAY=TH',
      '18:30',
      4,
      'Kurfürstendamm 21, 10719 Berlin, Germany',
    ],
  ] as const) {
    const m = await createMeeting(t, coordinator.token, {
      title: `Weekly in ${zone}`,
      startsAt,
      timeZone: zone,
      recurrence: rule,
      durationMinutes: 90,
      listed: true,
      listing: { address },
    });
    series[key] = { id: m.id, seriesId: m.series.id, zone, time, weekday };
  }
  // The horizon job, as if it ran in late February and mid-March 2027.
  await t.app.services.meetings.extendSeriesHorizon(new Date('2027-02-20T12:00:00Z'));
  await t.app.services.meetings.extendSeriesHorizon(new Date('2027-03-15T12:00:00Z'));
}, 60_000);
afterAll(() => t.stop());

/** A series' occurrences starting in [from, until). */
async function occurrences(seriesId: string, from = '2027-01-01T00:00:00Z', until = '2027-04-20T00:00:00Z') {
  return t.sql<{ id: string; starts_at: Date; ends_at: Date }>(
    `SELECT id, starts_at, ends_at FROM meetings WHERE series_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at`,
    [seriesId, from, until],
  );
}

/** Parses a calendar with ical.js, its VTIMEZONEs registered as a calendar app does. */
function parse(text: string): { events: IcalEvent[]; zones: string[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  expect(root.name).toBe('vcalendar');
  const zones = root.getAllSubcomponents('vtimezone').map((z) => {
    const zone = new ICAL.Timezone(z);
    ICAL.TimezoneService.register(zone, zone.tzid);
    return zone.tzid;
  });
  return { events: root.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e)), zones };
}

/** Each event of a series: in its zone, on its weekday at its local time, at the stored instant. */
async function expectAtLocalTime(events: IcalEvent[], key: string, from?: string, until?: string): Promise<void> {
  const s = series[key];
  const rows = await occurrences(s.seriesId, from, until);
  expect(rows.length).toBeGreaterThanOrEqual(6);
  const byUid = new Map(events.map((e) => [e.uid, e]));
  const offsets = new Set<number>();
  for (const row of rows) {
    const e = byUid.get(`${row.id}@onward`);
    expect(e).toBeDefined();
    const start = e!.startDate;
    expect(start.zone?.tzid).toBe(s.zone);
    expect(`${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`).toBe(s.time);
    // ical.js counts weekdays from Sunday = 1.
    expect(start.dayOfWeek() - 1).toBe(s.weekday);
    // The instant the calendar app computes from the VTIMEZONE is the meeting's.
    expect(start.toJSDate().toISOString()).toBe(row.starts_at.toISOString());
    expect(e!.endDate.toJSDate().toISOString()).toBe(row.ends_at.toISOString());
    offsets.add(start.utcOffset());
    expect(DateTime.fromJSDate(row.starts_at, { zone: s.zone }).toFormat('HH:mm')).toBe(s.time);
  }
  // Winter and summer time were both crossed.
  expect(offsets.size).toBe(2);
}

describe('calendar feeds read by a calendar parser', () => {
  it("a member's private calendar: every meeting at its local time across the DST change", async () => {
    const ids = [
      ...(await occurrences(series.newYork.seriesId)).map((r) => r.id),
      ...(await occurrences(series.berlin.seriesId)).map((r) => r.id),
    ];
    expect(ids.length).toBeGreaterThanOrEqual(14);
    for (const meetingId of ids) {
      const r = await t.gql(RSVP, { i: { meetingId } }, member.token);
      expect(r.errors).toBeUndefined();
    }
    const made = await t.gql(`mutation { createCalendarFeed { path } }`, {}, member.token);
    const res = await fetch(`${origin}${made.data.createCalendarFeed.path}`);
    expect(res.status).toBe(200);
    const { events, zones } = parse(await res.text());
    expect(zones.sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    expect(events).toHaveLength(ids.length);
    await expectAtLocalTime(events, 'newYork');
    await expectAtLocalTime(events, 'berlin');
    // Members going see the private room, with its text escaped and read back whole.
    expect(events[0].location).toBe('Room 4, 12 Main St');
  });

  it('the public calendar of listed meetings: the same, with the public place only', async () => {
    // The public calendar covers the eight weeks ahead; seen from 1 March 2027, both changes fall in them.
    const now = '2027-03-01T12:00:00Z';
    const until = '2027-04-26T12:00:00Z';
    const meetings = await t.app.services.meetings.feeds.listedMeetings(new Date(now));
    const { events, zones } = parse(publicCalendar('Onward meetings', meetings));
    expect(zones.sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    await expectAtLocalTime(events, 'newYork', now, until);
    await expectAtLocalTime(events, 'berlin', now, until);
    const [first] = await occurrences(series.newYork.seriesId, now, until);
    const ny = events.find((e) => e.uid === `${first.id}@onward`)!;
    expect(ny.location).toBe('1 Centre St, New York, NY 10007, USA');
    expect(ny.summary).toBe('Weekly in America/New_York');
    for (const e of events) expect(e.location).not.toContain('Room 4');
  });
});
