import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DateTime, IANAZone } from 'luxon';
import { ListMeetingsForMeetingFinders1795904000000 } from '../migrations/1795904000000-ListMeetingsForMeetingFinders';
import { ConfigError, loadConfig } from '../src/core/config';
import { MEETING_GUIDE_TYPES } from '../src/modules/meetings/meeting-types.constants';
import feedSchema from './fixtures/meeting-guide/feed.schema.json';
import meetingSchema from './fixtures/meeting-guide/meeting.schema.json';
import { readLikeTsmlUi } from './fixtures/meeting-guide/tsml-reader';
import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { CANCEL, MEETING_ENV, meetingInput, mentor, UPDATE } from './helpers/meetings';

const PROGRAM = {
  PROGRAM_NAME: 'Lakeside Recovery Alumni',
  PROGRAM_EMAIL: 'alumni@lakeside.example',
  PROGRAM_PHONE: '+1-312-555-0100',
  PROGRAM_URL: 'https://lakeside.example/alumni',
};

const LISTING_FIELDS = 'address approximate location region latitude longitude conferenceUrl conferencePhone';
const CREATE = `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) {
  meeting { id title listed types series { id listed listing { ${LISTING_FIELDS} } } } } }`;
const SERIES = `query($id: ID!) { meeting(id: $id) { id listed series { id listed listing { ${LISTING_FIELDS} } } } }`;

let t: TestApp;
let origin: string;
let coordinator: TestUser;
let host: TestUser;
let member: TestUser;
beforeAll(async () => {
  t = await startTestApp({ ...MEETING_ENV, ...PROGRAM });
  origin = new URL(t.url).origin;
  coordinator = await t.user('COORDINATOR');
  host = await mentor(t, 'Host Guide');
  member = await t.user('MEMBER');
}, 60_000);
afterAll(() => t.stop());

/** The next `weekday` (1 = Monday … 7 = Sunday) at least two days on, at `time` in `zone`. */
function next(weekday: number, time: string, zone: string): string {
  const [hour, minute] = time.split(':').map(Number);
  let d = DateTime.now().setZone(zone).plus({ days: 2 }).set({ hour, minute, second: 0, millisecond: 0 });
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.toISO({ suppressMilliseconds: true })!;
}

async function create(input: Record<string, unknown>, token = coordinator.token) {
  const r = await t.gql(CREATE, { i: meetingInput(input) }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createMeeting.meeting;
}

async function guide(path = '/meeting-guide.json'): Promise<Array<Record<string, any>>> {
  const res = await fetch(`${origin}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Array<Record<string, any>>;
}

/** Everything stored about meetings and series, to show a refused mutation changed nothing. */
async function snapshot() {
  const [r] = await t.sql(
    `SELECT (SELECT md5(coalesce(string_agg(row_to_json(m)::text, ',' ORDER BY m.id), '')) FROM meetings m) AS meetings,
            (SELECT md5(coalesce(string_agg(row_to_json(s)::text, ',' ORDER BY s.id), '')) FROM meeting_series s) AS series`,
  );
  return r;
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('iana-time-zone', (v: string) => IANAZone.isValidZone(v));
  ajv.addSchema(meetingSchema);
  return { entry: ajv.getSchema(meetingSchema.$id)!, feed: ajv.compile(feedSchema) };
}

const ALL_CODES = Object.keys(MEETING_GUIDE_TYPES);
const SPEC_CODES: string[] = meetingSchema.properties.types.items.enum;

describe('meeting types: the one list of the Meeting Guide format', () => {
  it('is exactly the spec list, and `meetingTypes` names each', async () => {
    expect([...ALL_CODES].sort()).toEqual([...SPEC_CODES].sort());
    expect(ALL_CODES).not.toContain('ONL');
    const r = await t.gql(`{ meetingTypes { code label } }`, {}, member.token);
    expect(r.data.meetingTypes).toHaveLength(SPEC_CODES.length);
    expect(r.data.meetingTypes).toEqual(
      expect.arrayContaining([
        { code: '12x12', label: '12 Steps & 12 Traditions' },
        { code: 'AL-AN', label: 'Concurrent with Al-Anon' },
        { code: 'TUR', label: 'Turkish' },
        { code: 'ITA', label: 'Italian' },
        { code: 'POC', label: 'People of Color' },
        { code: 'OUT', label: 'Outdoor' },
      ]),
    );
    expect(codes(await t.gql(`{ meetingTypes { code } }`, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('meetings accept every code of it, and no other (ONL is refused)', async () => {
    for (let i = 0; i < ALL_CODES.length; i += 30) {
      const m = await create({ types: ALL_CODES.slice(i, i + 30) });
      expect(m.types).toEqual(ALL_CODES.slice(i, i + 30));
    }
    for (const code of ['ONL', 'IT', 'o', 'XX']) {
      const r = await t.gql(CREATE, { i: meetingInput({ types: ['O', code] }) }, host.token);
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'types' });
    }
  });
});

describe('listing: a choice, for weekly meetings with what finders need', () => {
  const weekly = (over: Record<string, unknown> = {}) => ({
    startsAt: next(2, '19:00', 'America/Chicago'),
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
    listed: true,
    listing: { address: '210 W Lake St, Chicago, IL 60606, USA' },
    ...over,
  });

  it.each([
    ['a one-off meeting', { recurrence: null }, 'listed'],
    ['a monthly series', { recurrence: 'FREQ=MONTHLY;BYDAY=1TU' }, 'listed'],
    ['a series every other week', { recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }, 'listed'],
    ['a weekly series in summer only', { recurrence: 'FREQ=WEEKLY;BYDAY=TU;BYMONTH=6,7,8' }, 'listed'],
    ['a daily series', { recurrence: 'FREQ=DAILY' }, 'listed'],
    ['no public place', { listing: null }, 'listing.address'],
    ['an empty public place', { listing: { address: '  ' } }, 'listing.address'],
    ['a place a map cannot find', { listing: { address: 'Room 4' } }, 'listing.address'],
    ['a place of commas', { listing: { address: ' , , ,' } }, 'listing.address'],
    ['an in-person meeting at an approximate place', { listing: { address: 'Chicago, IL' } }, 'listing.address'],
    [
      'an online meeting with no public call',
      { format: 'ONLINE', location: null, listing: { address: 'Chicago, IL, USA' } },
      'listing.conferenceUrl',
    ],
    [
      'a public call link that is not https',
      { listing: { address: '210 W Lake St, Chicago, IL 60606, USA', conferenceUrl: 'http://zoom.us/j/1' } },
      'listing.conferenceUrl',
    ],
    [
      'a dial-in that is no number',
      { listing: { address: '210 W Lake St, Chicago, IL 60606, USA', conferencePhone: 'call us' } },
      'listing.conferencePhone',
    ],
    [
      'a dial-in too short to dial',
      { listing: { address: '210 W Lake St, Chicago, IL 60606, USA', conferencePhone: '555-0100' } },
      'listing.conferencePhone',
    ],
    [
      'a latitude without its longitude',
      { listing: { address: '210 W Lake St, Chicago, IL 60606, USA', latitude: 41.9 } },
      'listing.longitude',
    ],
    [
      'a latitude off the globe',
      { listing: { address: '210 W Lake St, Chicago, IL 60606, USA', latitude: 91, longitude: 0 } },
      'listing.latitude',
    ],
  ])('createMeeting listing %s → BAD_USER_INPUT naming %s, nothing created', async (_label, over, field) => {
    const before = await snapshot();
    const r = await t.gql(CREATE, { i: meetingInput(weekly(over)) }, coordinator.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(r.errors![0].message.length).toBeGreaterThan(20);
    expect(await snapshot()).toEqual(before);
  });

  it('a public listing on a one-off meeting is refused; mentors may neither list nor write a listing', async () => {
    const before = await snapshot();
    const oneOff = await t.gql(
      CREATE,
      { i: meetingInput({ listing: { address: '210 W Lake St, Chicago, IL 60606, USA' } }) },
      coordinator.token,
    );
    expect(oneOff.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listing' });
    const byMentor = await t.gql(CREATE, { i: meetingInput(weekly()) }, host.token);
    expect(byMentor.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'listed' });
    const listingByMentor = await t.gql(CREATE, { i: meetingInput(weekly({ listed: false })) }, host.token);
    expect(listingByMentor.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'listing' });
    expect(await snapshot()).toEqual(before);
  });

  it('the listing is kept apart from the private place, shown to anyone once listed, to editors only before', async () => {
    const draft = await create({
      ...weekly({ listed: false }),
      listing: {
        address: ' 210 W Lake St,\nChicago, IL 60606, USA ',
        location: 'Lake Street Community Center',
        region: 'Chicago Loop',
        latitude: 41.885781234,
        longitude: -87.633932,
        conferenceUrl: 'HTTPS://Zoom.US/j/5550100',
        conferencePhone: '+1 (312) 555-0100,,5550100#',
      },
    });
    const listing = {
      address: '210 W Lake St, Chicago, IL 60606, USA',
      approximate: false,
      location: 'Lake Street Community Center',
      region: 'Chicago Loop',
      latitude: 41.88578,
      longitude: -87.63393,
      conferenceUrl: 'https://zoom.us/j/5550100',
      conferencePhone: '+13125550100,,5550100#',
    };
    expect(draft).toMatchObject({ listed: false, series: { listed: false, listing } });
    expect((await t.gql(SERIES, { id: draft.id }, member.token)).data.meeting.series.listing).toBeNull();
    expect((await t.gql(SERIES, { id: draft.id }, host.token)).data.meeting.series.listing).toBeNull();

    // Listing is for the whole series: with scope THIS it is refused, and nothing changes.
    const before = await snapshot();
    const asThis = await t.gql(UPDATE, { i: { meetingId: draft.id, listed: true } }, coordinator.token);
    expect(asThis.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scope' });
    const byMentor = await t.gql(UPDATE, { i: { meetingId: draft.id, listed: true, scope: 'FUTURE' } }, host.token);
    expect(codes(byMentor)).toEqual(['FORBIDDEN']);
    expect(await snapshot()).toEqual(before);

    const listed = await t.gql(
      UPDATE,
      { i: { meetingId: draft.id, listed: true, scope: 'FUTURE' } },
      coordinator.token,
    );
    expect(listed.errors).toBeUndefined();
    const seen = (await t.gql(SERIES, { id: draft.id }, member.token)).data.meeting;
    expect(seen).toMatchObject({ listed: true, series: { listed: true, listing } });
    // Every occurrence follows the series.
    const flags = await t.sql(`SELECT DISTINCT listed FROM meetings WHERE series_id = $1`, [seen.series.id]);
    expect(flags).toEqual([{ listed: true }]);
    expect((await guide()).map((e) => e.slug)).toContain(seen.series.id);

    // Unlisting takes it out of the feeds at once.
    const unlisted = await t.gql(
      UPDATE,
      { i: { meetingId: draft.id, listed: false, scope: 'FUTURE' } },
      coordinator.token,
    );
    expect(unlisted.errors).toBeUndefined();
    expect((await guide()).map((e) => e.slug)).not.toContain(seen.series.id);
    expect(await t.sql(`SELECT DISTINCT listed FROM meetings WHERE series_id = $1`, [seen.series.id])).toEqual([
      { listed: false },
    ]);
  });

  it('a listed series stays findable: an edit that would leave finders without what they need is refused whole', async () => {
    const m = await create(weekly({ title: 'Stays findable' }));
    const before = await snapshot();
    // Online, with no public call: refused, and the new title in the same request is not kept.
    const online = await t.gql(
      UPDATE,
      { i: { meetingId: m.id, scope: 'FUTURE', format: 'ONLINE', title: 'Renamed' } },
      coordinator.token,
    );
    expect(online.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listing.conferenceUrl' });
    // A listing given on an edit replaces the whole of it: without an address it is refused.
    const noPlace = await t.gql(
      UPDATE,
      { i: { meetingId: m.id, scope: 'FUTURE', listing: { region: 'Loop' } } },
      coordinator.token,
    );
    expect(noPlace.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listing.address' });
    expect(await snapshot()).toEqual(before);
    // With its call published it may go online, its place now approximate.
    const ok = await t.gql(
      UPDATE,
      {
        i: {
          meetingId: m.id,
          scope: 'FUTURE',
          format: 'ONLINE',
          listing: { address: 'Chicago, IL, USA', conferenceUrl: 'https://meet.google.com/abc-defg-hij' },
        },
      },
      coordinator.token,
    );
    expect(ok.errors).toBeUndefined();
    const entry = (await guide()).find((e) => e.slug === m.series.id)!;
    expect(entry).toMatchObject({
      formatted_address: 'Chicago, IL, USA',
      approximate: 'yes',
      conference_url: 'https://meet.google.com/abc-defg-hij',
    });
    await t.gql(UPDATE, { i: { meetingId: m.id, scope: 'FUTURE', listed: false } }, coordinator.token);
  });
});

describe('the Meeting Guide feed', () => {
  // Every code, over three meetings (at most 30 each). TC (temporarily closed) would make an
  // in-person meeting inactive to finders, so it goes to the online one.
  const spread = ALL_CODES.filter((c) => c !== 'TC');
  const chunk = Math.ceil(spread.length / 3);
  const typesOf = [spread.slice(0, chunk), [...spread.slice(chunk, 2 * chunk), 'TC'], spread.slice(2 * chunk)];
  const program: Record<string, any> = {};

  beforeAll(async () => {
    program.inPerson = await create({
      title: 'Tuesday Lake Street group',
      description: 'Open sharing.\nNewcomers welcome.',
      startsAt: next(2, '19:00', 'America/Chicago'),
      durationMinutes: 90,
      timeZone: 'America/Chicago',
      format: 'IN_PERSON',
      conferenceUrl: null,
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      types: typesOf[0],
      listed: true,
      listing: {
        address: '210 W Lake St, Chicago, IL 60606, USA',
        location: 'Lake Street Community Center',
        region: 'Chicago Loop',
        latitude: 41.885781234,
        longitude: -87.633932,
      },
    });
    program.online = await create({
      title: 'Early risers',
      description: '',
      startsAt: next(1, '07:00', 'America/New_York'),
      timeZone: 'America/New_York',
      format: 'ONLINE',
      location: null,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      types: typesOf[1],
      listed: true,
      listing: {
        address: 'Brooklyn, NY, USA',
        region: 'Online',
        // Coordinates of an online meeting are never published: its place is approximate.
        latitude: 40.6782,
        longitude: -73.9442,
        conferenceUrl: 'https://zoom.us/j/5550100?pwd=abc',
        conferencePhone: '+1 646 555 0100,,5550100#',
      },
    });
    program.hybrid = await create({
      title: 'Samstagsgruppe',
      startsAt: next(6, '10:30', 'Europe/Berlin'),
      durationMinutes: 90,
      timeZone: 'Europe/Berlin',
      format: 'HYBRID',
      recurrence: 'FREQ=WEEKLY;BYDAY=SA',
      types: typesOf[2],
      listed: true,
      listing: {
        address: 'Kurfürstendamm 21, 10719 Berlin, Germany',
        conferenceUrl: 'https://meet.jit.si/samstagsgruppe',
      },
    });
    program.phoneOnly = await create({
      title: 'Sunday dial-in',
      startsAt: next(7, '20:00', 'America/Los_Angeles'),
      timeZone: 'America/Los_Angeles',
      format: 'ONLINE',
      location: null,
      recurrence: 'FREQ=WEEKLY',
      types: ['C', 'D'],
      listed: true,
      listing: { address: 'Los Angeles, CA, USA', conferencePhone: '+13235550100' },
    });
    program.lateNight = await create({
      title: 'Night owls',
      startsAt: next(4, '23:30', 'America/Chicago'),
      durationMinutes: 60,
      format: 'IN_PERSON',
      recurrence: 'FREQ=WEEKLY;COUNT=20',
      types: ['O'],
      listed: true,
      listing: { address: '1060 W Addison St, Chicago, IL 60613, USA' },
    });
    program.hybridNoCall = await create({
      title: 'Room only for finders',
      startsAt: next(3, '18:00', 'America/Chicago'),
      recurrence: 'FREQ=WEEKLY;BYDAY=WE',
      types: [],
      listed: true,
      listing: { address: '4953 W Addison St, Chicago, IL 60641, USA' },
    });
    program.notListed = await create({ title: 'Alumni circle', recurrence: 'FREQ=WEEKLY' });
    program.alumniOnly = await create({ title: 'Alumni-only evening' });
    program.cancelled = await create(weeklyListed('Called off'));
    const r = await t.gql(
      CANCEL,
      { i: { meetingId: program.cancelled.id, reason: 'The group closed', scope: 'FUTURE' } },
      coordinator.token,
    );
    expect(r.errors).toBeUndefined();
  });

  function weeklyListed(title: string) {
    return {
      title,
      startsAt: next(5, '12:00', 'America/Chicago'),
      recurrence: 'FREQ=WEEKLY',
      listed: true,
      listing: { address: '100 N State St, Chicago, IL 60602, USA' },
    };
  }

  const LISTED = ['inPerson', 'online', 'hybrid', 'phoneOnly', 'lateNight', 'hybridNoCall'];

  it('has one entry per listed weekly series, and no other meeting', async () => {
    const entries = await guide();
    expect(entries.map((e) => e.slug).sort()).toEqual(LISTED.map((k) => program[k].series.id).sort());
    for (const k of ['notListed', 'alumniOnly', 'cancelled']) {
      const ids = [program[k].id, program[k].series?.id].filter(Boolean);
      expect(entries.some((e) => ids.includes(e.slug))).toBe(false);
    }
    // The address it had before serves the same document.
    expect(await guide('/feeds/meetings.json')).toEqual(entries);
  });

  it('every entry validates against the JSON Schema written from the spec', async () => {
    const entries = await guide();
    const { entry, feed } = validator();
    expect(feed(entries) ? [] : feed.errors).toEqual([]);
    for (const e of entries) expect(entry(e) ? [] : { slug: e.slug, errors: entry.errors }).toEqual([]);
    expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);
    // The schema is strict enough to catch what the feed used to send.
    expect(entry({ ...entries[0], attendance_option: 'hybrid' })).toBe(false);
    expect(entry({ ...entries[0], types: ['ONL'] })).toBe(false);
    expect(entry({ ...entries[0], day: 7 })).toBe(false);
    const { formatted_address: _gone, ...placeless } = entries[0];
    expect(entry(placeless)).toBe(false);
  });

  it('TSML UI reads every entry: none dropped, none inactive, every type code known', async () => {
    const entries = await guide();
    const read = readLikeTsmlUi(entries, new Set(SPEC_CODES));
    expect(read.dropped).toEqual([]);
    expect(read.warnings).toEqual([]);
    const bySeries = (k: string) => Object.values(read.meetings).filter((m) => m.slug.startsWith(program[k].series.id));
    expect(Object.values(read.meetings).every((m) => m.isActive)).toBe(true);
    // Several days become one meeting per day, each on its day at its local time.
    const early = bySeries('online');
    expect(early.map((m) => m.start!.weekday).sort()).toEqual([1, 3, 5]);
    for (const m of early) {
      expect(m).toMatchObject({ isOnline: true, isInPerson: false, approximate: true, conferenceProvider: 'Zoom' });
      expect(m.start!.setZone('America/New_York').toFormat('HH:mm')).toBe('07:00');
    }
    expect(bySeries('inPerson')).toEqual([
      expect.objectContaining({ isInPerson: true, isOnline: false, approximate: false }),
    ]);
    expect(bySeries('hybrid')).toEqual([
      expect.objectContaining({ isInPerson: true, isOnline: true, conferenceProvider: 'Jitsi' }),
    ]);
    expect(bySeries('phoneOnly')).toEqual([
      expect.objectContaining({ isOnline: true, isInPerson: false, conferencePhone: '+13235550100' }),
    ]);
    expect(bySeries('hybridNoCall')).toEqual([expect.objectContaining({ isInPerson: true, isOnline: false })]);
    // Every code of the list reaches finders.
    const seen = new Set(Object.values(read.meetings).flatMap((m) => m.types));
    expect(SPEC_CODES.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('each field, as the format spells it', async () => {
    const entries = await guide();
    const entry = (k: string) => entries.find((e) => e.slug === program[k].series.id)!;
    const feedback = (name: string, k: string) =>
      `mailto:alumni@lakeside.example?subject=${encodeURIComponent(`Meeting listing: ${name} [${program[k].series.id}]`)}`;
    const entity = {
      group: 'Lakeside Recovery Alumni',
      url: 'https://lakeside.example/alumni',
      entity: 'Lakeside Recovery Alumni',
      entity_email: 'alumni@lakeside.example',
      entity_phone: '+1-312-555-0100',
      entity_url: 'https://lakeside.example/alumni',
      entity_website_url: 'https://lakeside.example/alumni',
    };
    const updated = expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(entry('inPerson')).toEqual({
      name: 'Tuesday Lake Street group',
      slug: program.inPerson.series.id,
      day: 2,
      time: '19:00',
      end_time: '20:30',
      timezone: 'America/Chicago',
      types: typesOf[0],
      notes: 'Open sharing.\nNewcomers welcome.',
      location: 'Lake Street Community Center',
      formatted_address: '210 W Lake St, Chicago, IL 60606, USA',
      approximate: 'no',
      latitude: 41.88578,
      longitude: -87.63393,
      region: 'Chicago Loop',
      updated,
      feedback_url: feedback('Tuesday Lake Street group', 'inPerson'),
      ...entity,
    });
    expect(entry('online')).toEqual({
      name: 'Early risers',
      slug: program.online.series.id,
      day: [1, 3, 5],
      time: '07:00',
      end_time: '08:00',
      timezone: 'America/New_York',
      types: typesOf[1],
      formatted_address: 'Brooklyn, NY, USA',
      approximate: 'yes',
      region: 'Online',
      conference_url: 'https://zoom.us/j/5550100?pwd=abc',
      conference_phone: '+16465550100,,5550100#',
      updated,
      feedback_url: feedback('Early risers', 'online'),
      ...entity,
    });
    expect(entry('hybrid')).toMatchObject({
      day: 6,
      time: '10:30',
      end_time: '12:00',
      timezone: 'Europe/Berlin',
      formatted_address: 'Kurfürstendamm 21, 10719 Berlin, Germany',
      approximate: 'no',
      conference_url: 'https://meet.jit.si/samstagsgruppe',
    });
    expect(entry('phoneOnly')).toMatchObject({ day: 0, time: '20:00', conference_phone: '+13235550100' });
    expect(entry('phoneOnly')).not.toHaveProperty('conference_url');
    // 23:30 to 00:30: a reader would put the end before the start on the same day, so no end_time.
    expect(entry('lateNight')).toMatchObject({ day: 4, time: '23:30' });
    expect(entry('lateNight')).not.toHaveProperty('end_time');
    expect(entry('hybridNoCall')).not.toHaveProperty('conference_url');
    for (const e of entries) {
      expect(e).not.toHaveProperty('attendance_option');
      // The private room and call link never reach the feed.
      expect(JSON.stringify(e)).not.toMatch(/Room 4|meet\.example\.org/);
    }
    // `updated` is when the series last changed, in UTC.
    const [row] = await t.sql(`SELECT updated_at FROM meeting_series WHERE id = $1`, [program.inPerson.series.id]);
    expect(entry('inPerson').updated).toBe(
      DateTime.fromJSDate(row.updated_at, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss'),
    );
  });

  it('is built from the series: an occurrence edited or cancelled alone changes nothing in it', async () => {
    const seriesId = program.inPerson.series.id;
    const before = (await guide()).find((e) => e.slug === seriesId);
    const occurrences = await t.sql(
      `SELECT id, starts_at FROM meetings WHERE series_id = $1 AND status = 'SCHEDULED' ORDER BY starts_at LIMIT 2`,
      [seriesId],
    );
    const moved = new Date(new Date(occurrences[0].starts_at).getTime() + 2 * 3600_000).toISOString();
    const edit = await t.gql(
      UPDATE,
      { i: { meetingId: occurrences[0].id, title: 'Holiday special', startsAt: moved, durationMinutes: 30 } },
      coordinator.token,
    );
    expect(edit.errors).toBeUndefined();
    const cancel = await t.gql(
      CANCEL,
      { i: { meetingId: occurrences[1].id, reason: 'Room closed for the holiday' } },
      coordinator.token,
    );
    expect(cancel.errors).toBeUndefined();
    expect((await guide()).find((e) => e.slug === seriesId)).toEqual(before);

    // An edit of the series itself is the entry's edit, with a new `updated`.
    await new Promise((r) => setTimeout(r, 1100));
    const later = await t.sql(
      `SELECT id FROM meetings WHERE series_id = $1 AND status = 'SCHEDULED' ORDER BY starts_at OFFSET 1 LIMIT 1`,
      [seriesId],
    );
    const future = await t.gql(
      UPDATE,
      { i: { meetingId: later[0].id, title: 'Tuesday Lake Street group (new room)', scope: 'FUTURE' } },
      coordinator.token,
    );
    expect(future.errors).toBeUndefined();
    const after = (await guide()).find((e) => e.slug === seriesId)!;
    expect(after).toEqual({
      ...before,
      name: 'Tuesday Lake Street group (new room)',
      updated: expect.any(String),
      feedback_url: expect.any(String),
    });
    expect(after.updated > before!.updated).toBe(true);
  });
});

describe('where finders fetch it', () => {
  async function get(path: string, headers: Record<string, string | undefined> = {}) {
    const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    return fetch(`${origin}${path}`, { headers: sent });
  }

  it.each(['/meeting-guide.json', '/feeds/meetings.json', '/feeds/meetings.ics'])(
    '%s: open to any page, cached briefly, answered 304 while unchanged',
    async (path) => {
      const first = await get(path);
      expect(first.status).toBe(200);
      expect(first.headers.get('access-control-allow-origin')).toBe('*');
      expect(first.headers.get('cache-control')).toBe('public, max-age=300');
      expect(first.headers.get('content-type')).toMatch(
        path.endsWith('.ics') ? /^text\/calendar; charset=utf-8/ : /^application\/json; charset=utf-8/,
      );
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[\w-]{20,}"$/);
      expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(Date.now());
      const body = await first.text();

      for (const headers of [
        { 'if-none-match': etag },
        { 'if-none-match': `W/${etag}` },
        { 'if-none-match': `"other", ${etag}` },
        { 'if-modified-since': lastModified },
      ]) {
        const again = await get(path, headers);
        expect(again.status).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('access-control-allow-origin')).toBe('*');
      }
      // If-None-Match decides when both are sent.
      const stale = await get(path, { 'if-none-match': '"other"', 'if-modified-since': lastModified });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(body);
      const old = await get(path, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() });
      expect(old.status).toBe(200);

      const preflight = await fetch(`${origin}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://finder.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    },
  );

  it('a change gives a new ETag and a later Last-Modified, so no client keeps the old feed', async () => {
    const first = await get('/meeting-guide.json');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    await create({
      title: 'Brand new listing',
      startsAt: next(5, '12:00', 'America/Chicago'),
      recurrence: 'FREQ=WEEKLY',
      listed: true,
      listing: { address: '100 N State St, Chicago, IL 60602, USA' },
    });
    for (const headers of [{ 'if-none-match': etag }, { 'if-modified-since': lastModified }]) {
      const res = await get('/meeting-guide.json', headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(etag);
      // A later second; or the same one, when the change came within it (a date alone then never answers 304).
      expect(Date.parse(res.headers.get('last-modified')!)).toBeGreaterThanOrEqual(Date.parse(lastModified));
      expect(((await res.json()) as any[]).map((e) => e.name)).toContain('Brand new listing');
    }
  });
});

describe('configuration of the program', () => {
  it.each([
    [{ PROGRAM_EMAIL: 'not an email' }, 'PROGRAM_EMAIL'],
    [{ PROGRAM_URL: 'http://lakeside.example' }, 'PROGRAM_URL'],
    [{ PROGRAM_PHONE: 'call us' }, 'PROGRAM_PHONE'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('is optional: without it, no entity fields', () => {
    expect(loadConfig({}).program).toEqual({ name: undefined, email: undefined, phone: undefined, url: undefined });
    expect(loadConfig(PROGRAM).program).toEqual({
      name: 'Lakeside Recovery Alumni',
      email: 'alumni@lakeside.example',
      phone: '+1-312-555-0100',
      url: 'https://lakeside.example/alumni',
    });
  });
});

describe('the migration', () => {
  it('drops the retired ONL code, and unlists what was listed with no public place', async () => {
    const runner = t.app.ds.createQueryRunner();
    const migration = new ListMeetingsForMeetingFinders1795904000000();
    try {
      // Back to the schema before it, with rows as they were then.
      await migration.down(runner);
      const [s] = await runner.query(
        `INSERT INTO meeting_series (host_id, recurrence, local_start, time_zone, title, duration_minutes, format, types, listed, materialized_until)
         VALUES ($1, 'FREQ=WEEKLY', '2027-01-05T19:00:00', 'America/Chicago', 'Legacy', 60, 'ONLINE', '{O,ONL,ITA,SP,NB}', true, now())
         RETURNING id, created_at`,
        [coordinator.id],
      );
      const [m] = await runner.query(
        `INSERT INTO meetings (series_id, host_id, title, starts_at, ends_at, duration_minutes, time_zone, format, types, listed)
         VALUES ($1, $2, 'Legacy', now() + interval '1 day', now() + interval '25 hours', 60, 'America/Chicago', 'ONLINE', '{POC,ONL,O,ITA}', true),
                (NULL, $2, 'Legacy one-off', now() + interval '1 day', now() + interval '25 hours', 60, 'UTC', 'IN_PERSON', '{C}', true)
         RETURNING id`,
        [s.id, coordinator.id],
      );
      await migration.up(runner);
      const [series] = await t.sql(`SELECT types, listed, updated_at FROM meeting_series WHERE id = $1`, [s.id]);
      expect(series).toEqual({ types: ['O', 'ITA', 'SP', 'NB'], listed: false, updated_at: s.created_at });
      const meetings = await t.sql(
        `SELECT title, types, listed FROM meetings WHERE title LIKE 'Legacy%' ORDER BY title`,
      );
      expect(meetings).toEqual([
        { title: 'Legacy', types: ['POC', 'O', 'ITA'], listed: false },
        { title: 'Legacy one-off', types: ['C'], listed: false },
      ]);
      expect(m.id).toBeDefined();
      expect(await t.sql(`SELECT count(*)::int AS n FROM meetings WHERE listed AND series_id IS NULL`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await runner.release();
    }
  });
});
