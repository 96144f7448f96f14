import { DateTime } from 'luxon';
import { NormaliseMeetingCallLinks1795903200000 } from '../migrations/1795903200000-NormaliseMeetingCallLinks';
import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import {
  CANCEL,
  createMeeting,
  inHours,
  MEETING_ENV,
  meetingInput,
  mentor,
  RSVP,
  UPDATE,
  users,
} from './helpers/meetings';

const CHECK_IN = `mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id user { id } } } }`;
const LOG = `{ moderationLog(first: 100) { edges { node { action targetType targetId reason detail actor { id } } } } }`;

let t: TestApp;
let origin: string;
let coordinator: TestUser;
let host: TestUser;
let members: TestUser[];
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  origin = new URL(t.url).origin;
  coordinator = await t.user('COORDINATOR');
  host = await mentor(t, 'Host Trust');
  members = await users(t, 4);
}, 60_000);
afterAll(() => t.stop());

// ---------- a strict reading of an iCalendar document (RFC 5545 §3.1) ----------

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Component {
  name: string;
  props: Property[];
  children: Component[];
}

const ALLOWED_COMPONENTS = new Set(['VCALENDAR', 'VEVENT', 'VTIMEZONE', 'STANDARD', 'DAYLIGHT']);
const EVENT_PROPERTIES = new Set([
  'UID',
  'SEQUENCE',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'URL',
  'STATUS',
]);
const ONCE_PER_EVENT = ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'STATUS'];

/**
 * Reads the body as strictly as the RFC asks: valid UTF-8, every line ends with CRLF and is at
 * most 75 octets, no CR or LF elsewhere, no control character but tab, folds start with one
 * space, every unfolded line is NAME[;PARAM=VALUE…]:VALUE, and components nest properly.
 */
function parseCalendar(bytes: ArrayBuffer): Component {
  const body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  expect(body.endsWith('\r\n')).toBe(true);
  const physical = body.slice(0, -2).split('\r\n');
  const logical: string[] = [];
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
    // Not controls in the RFC's sense, but line breaks to JavaScript, Python and others.
    expect(line).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    if (line.startsWith(' ')) {
      expect(logical.length).toBeGreaterThan(0);
      logical[logical.length - 1] += line.slice(1);
    } else {
      expect(line).not.toMatch(/^\t/);
      logical.push(line);
    }
  }
  const stack: Component[] = [];
  let root: Component | undefined;
  for (const line of logical) {
    const m = /^([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=[^;:"]*)*):(.*)$/s.exec(line);
    if (!m) throw new Error(`not a content line: ${JSON.stringify(line)}`);
    const [, name, rawParams, value] = m;
    if (name === 'BEGIN') {
      expect(ALLOWED_COMPONENTS.has(value)).toBe(true);
      const c: Component = { name: value, props: [], children: [] };
      if (stack.length) stack[stack.length - 1].children.push(c);
      else {
        expect(root).toBeUndefined();
        root = c;
      }
      stack.push(c);
    } else if (name === 'END') {
      expect(stack.pop()?.name).toBe(value);
    } else {
      expect(stack.length).toBeGreaterThan(0);
      const params = Object.fromEntries(
        rawParams
          .split(';')
          .filter(Boolean)
          .map((p) => p.split('=') as [string, string]),
      );
      stack[stack.length - 1].props.push({ name, params, value });
    }
  }
  expect(stack).toEqual([]);
  expect(root?.name).toBe('VCALENDAR');
  return root!;
}

const events = (cal: Component) => cal.children.filter((c) => c.name === 'VEVENT');
const prop = (c: Component, name: string) => c.props.filter((p) => p.name === name);
const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_, ch: string) => (/[nN]/.test(ch) ? '\n' : ch));

/** What every feed of meetings must be: one well-formed VEVENT per meeting, nothing else in them. */
function expectSafeCalendar(cal: Component, meetingIds: string[]): Component[] {
  const found = events(cal);
  expect(found.map((e) => prop(e, 'UID')[0]?.value).sort()).toEqual(meetingIds.map((id) => `${id}@onward`).sort());
  const all = (c: Component): Component[] => [c, ...c.children.flatMap(all)];
  expect(all(cal).filter((c) => c.name === 'VALARM')).toEqual([]);
  for (const e of found) {
    expect(e.children).toEqual([]);
    for (const p of e.props) expect(EVENT_PROPERTIES.has(p.name)).toBe(true);
    for (const name of ONCE_PER_EVENT) expect(prop(e, name)).toHaveLength(1);
    for (const name of ['DESCRIPTION', 'LOCATION', 'URL']) expect(prop(e, name).length).toBeLessThanOrEqual(1);
    // Each zone an event names has its VTIMEZONE.
    for (const p of [...prop(e, 'DTSTART'), ...prop(e, 'DTEND')]) {
      if (p.params.TZID) {
        const zones = cal.children.filter((c) => c.name === 'VTIMEZONE' && prop(c, 'TZID')[0]?.value === p.params.TZID);
        expect(zones).toHaveLength(1);
        expect(p.value).toMatch(/^\d{8}T\d{6}$/);
      } else expect(p.value).toMatch(/^\d{8}T\d{6}Z$/);
    }
    for (const u of prop(e, 'URL')) expect(u.value).not.toMatch(/\s/);
  }
  return found;
}

async function feed(path: string): Promise<Component> {
  const res = await fetch(`${origin}${path}`);
  expect(res.status).toBe(200);
  return parseCalendar(await res.arrayBuffer());
}

async function privateFeed(member: TestUser): Promise<string> {
  const made = await t.gql(`mutation { createCalendarFeed { path } }`, {}, member.token);
  return made.data.createCalendarFeed.path as string;
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** Every string of the Meeting Guide feed: no control character; only `notes` may break lines (LF). */
function expectCleanJson(value: unknown, key = ''): void {
  if (typeof value === 'string') {
    expect(value).not.toMatch(CONTROL_BUT_LF);
    if (key !== 'notes') expect(value).not.toContain('\n');
  } else if (Array.isArray(value)) value.forEach((v) => expectCleanJson(v, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectCleanJson(v, k);
}

const SMUGGLE = '\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nDESCRIPTION:Hi\r\nEND:VALARM';
// What only a direct write can store: bare CRs, other controls, NEL and the Unicode separators.
const HOSTILE = `x${SMUGGLE}\rBEGIN:VALARM\rEND:VALARM\n BEGIN:VALARM\u000b\u000c\u001b\u007f\u0085\u2028\u2029\\nBEGIN:VALARM\t;,`;

describe('calendar feeds cannot be injected into', () => {
  it('through the API: line breaks in every text field stay text, and the call link is stored parsed', async () => {
    const member = members[0];
    const startsAt = inHours(30);
    const created = await t.gql(
      `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id conferenceUrl } } }`,
      {
        i: meetingInput({
          title: `Evening${SMUGGLE}`,
          description: `First line${SMUGGLE}\\nBEGIN:VALARM\u2028BEGIN:VALARM; a, b ${'é🙂'.repeat(60)}`,
          location: `Room 4${SMUGGLE}`,
          conferenceUrl: `https://meet.example.org/abc${SMUGGLE}`,
          listed: true,
          recurrence: 'FREQ=WEEKLY',
          listing: { address: `12 Main St, Springfield, IL 62701, USA${SMUGGLE}` },
          startsAt,
        }),
      },
      coordinator.token,
    );
    expect(created.errors).toBeUndefined();
    const meeting = created.data.createMeeting.meeting;
    const href = new URL(`https://meet.example.org/abc${SMUGGLE.replace(/\r\n/g, '\n')}`).href;
    expect(meeting.conferenceUrl).toBe(href);
    expect(href).not.toMatch(/\s/);
    const [stored] = await t.sql(`SELECT conference_url FROM meetings WHERE id = $1`, [meeting.id]);
    expect(stored.conference_url).toBe(href);
    await t.gql(RSVP, { i: { meetingId: meeting.id } }, member.token);

    try {
      const pub = expectSafeCalendar(await feed('/feeds/meetings.ics'), await listedIds()).find(
        (e) => prop(e, 'UID')[0].value === `${meeting.id}@onward`,
      )!;
      // Everyone sees the public place only, on one line: never the room or the call link.
      expect(prop(pub, 'LOCATION').map((p) => unescapeText(p.value))).toEqual([
        '12 Main St, Springfield, IL 62701, USA BEGIN:VALARM ACTION:DISPLAY TRIGGER:-PT5M DESCRIPTION:Hi END:VALARM',
      ]);
      expect(prop(pub, 'URL')).toEqual([]);
      const [mine] = expectSafeCalendar(await feed(await privateFeed(member)), [meeting.id]);
      // The text arrives whole, as text: the "lines" a host typed are inside one property.
      expect(unescapeText(prop(mine, 'SUMMARY')[0].value)).toBe(
        'Evening BEGIN:VALARM ACTION:DISPLAY TRIGGER:-PT5M DESCRIPTION:Hi END:VALARM',
      );
      expect(unescapeText(prop(mine, 'LOCATION')[0].value)).toBe(`Room 4${SMUGGLE.replace(/\r\n/g, '\n')}`);
      expect(unescapeText(prop(mine, 'DESCRIPTION')[0].value)).toBe(
        `First line${SMUGGLE.replace(/\r\n/g, '\n')}\\nBEGIN:VALARM\nBEGIN:VALARM; a, b ${'é🙂'.repeat(60)}`,
      );
      expect(prop(mine, 'URL')[0].value).toBe(href);
    } finally {
      await unlist(meeting.id);
    }
  });

  it('through the API: a bare CR is refused, and call links are parsed, normalised and https only on create and update', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM meetings`);
    for (const over of [
      { description: 'a\rBEGIN:VALARM' },
      { title: 'a\rBEGIN:VALARM' },
      { location: 'a\rBEGIN:VALARM' },
      { conferenceUrl: 'https://meet.example.org/a\rBEGIN:VALARM' },
      { timeZone: `America/Chicago${SMUGGLE}` },
      { types: [`O${SMUGGLE}`] },
    ]) {
      const r = await t.gql(
        `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`,
        {
          i: meetingInput(over),
        },
        host.token,
      );
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions!.field).toBe(Object.keys(over)[0]);
    }
    for (const conferenceUrl of [
      'javascript:alert(1)',
      'ftp://meet.example.org/x',
      'data:text/plain,hi',
      'meet.example.org/x',
    ]) {
      const r = await t.gql(
        `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`,
        {
          i: meetingInput({ conferenceUrl }),
        },
        host.token,
      );
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions!.field).toBe('conferenceUrl');
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM meetings`)).toEqual(before);

    const m = await createMeeting(t, host.token, { conferenceUrl: '  HTTPS://Meet.Example.ORG:443/room one?x=a b  ' });
    expect(m.conferenceUrl).toBe('https://meet.example.org/room%20one?x=a%20b');
    const bad = await t.gql(
      UPDATE,
      { i: { meetingId: m.id, conferenceUrl: 'javascript:alert(1)//https://x' } },
      host.token,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.field).toBe('conferenceUrl');
    const updated = await t.gql(
      UPDATE,
      { i: { meetingId: m.id, conferenceUrl: `https://Meet.Example.org/new${SMUGGLE}` } },
      host.token,
    );
    expect(updated.errors).toBeUndefined();
    const href = new URL(`https://meet.example.org/new${SMUGGLE.replace(/\r\n/g, '\n')}`).href;
    expect(updated.data.updateMeeting.meeting.conferenceUrl).toBe(href);
    expect(await t.sql(`SELECT conference_url FROM meetings WHERE id = $1`, [m.id])).toEqual([
      { conference_url: href },
    ]);

    // A series keeps the parsed link too, so the occurrences it makes later carry it.
    const series = await createMeeting(t, host.token, {
      recurrence: 'FREQ=WEEKLY',
      conferenceUrl: `https://meet.example.org/weekly${SMUGGLE}`,
    });
    const rows = await t.sql(`SELECT conference_url FROM meeting_series WHERE id = $1`, [series.series.id]);
    expect(rows[0].conference_url).toBe(
      new URL(`https://meet.example.org/weekly${SMUGGLE.replace(/\r\n/g, '\n')}`).href,
    );
  });

  it('a call link is written as a URI value: no text escapes inside it', async () => {
    const member = members[3];
    const m = await createMeeting(t, host.token, { conferenceUrl: 'https://meet.example.org/j/1?pwd=a,b;c\\d' });
    await t.gql(RSVP, { i: { meetingId: m.id } }, member.token);
    const [e] = expectSafeCalendar(await feed(await privateFeed(member)), [m.id]);
    expect(prop(e, 'URL')[0]).toEqual({
      name: 'URL',
      params: { VALUE: 'URI' },
      value: 'https://meet.example.org/j/1?pwd=a%2Cb%3Bc%5Cd',
    });
    await t.gql(
      `mutation($i: CancelRsvpInput!) { cancelRsvp(input: $i) { rsvp { id } } }`,
      { i: { meetingId: m.id } },
      member.token,
    );
  });

  /**
   * Two listed weekly series; a member goes to the first occurrence of each. Then the rows of
   * both series and of those occurrences get what the API would refuse.
   */
  async function hostileRows(
    member: TestUser,
  ): Promise<{ a: { id: string; seriesId: string }; b: { id: string; seriesId: string } }> {
    const listing = { address: '1 Row St, Springfield, IL 62701, USA', conferenceUrl: 'https://zoom.us/j/1' };
    const weekly = { listed: true, recurrence: 'FREQ=WEEKLY', listing };
    const ma = await createMeeting(t, coordinator.token, { title: 'Row A', startsAt: inHours(50), ...weekly });
    const mb = await createMeeting(t, coordinator.token, { title: 'Row B', startsAt: inHours(60), ...weekly });
    const a = { id: ma.id as string, seriesId: ma.series.id as string };
    const b = { id: mb.id as string, seriesId: mb.series.id as string };
    for (const m of [a, b]) await t.gql(RSVP, { i: { meetingId: m.id } }, member.token);
    for (const [table, id] of [
      ['meetings', a.id],
      ['meeting_series', a.seriesId],
    ]) {
      await t.sql(
        `UPDATE ${table} SET title = $2, description = $3, location = $4, conference_url = $5, types = $6 WHERE id = $1`,
        [
          id,
          `Title${HOSTILE}`,
          `Notes${HOSTILE}${'ü'.repeat(90)}`,
          `Place${HOSTILE}`,
          `https://x.example/a${HOSTILE}`,
          ['O', `D${SMUGGLE}`],
        ],
      );
    }
    await t.sql(
      `UPDATE meeting_series SET public_address = $2, public_location = $3, public_region = $4,
              public_conference_url = $5, public_conference_phone = $6 WHERE id = $1`,
      [
        a.seriesId,
        `1 Row St, Springfield${HOSTILE}`,
        `Hall${HOSTILE}`,
        `North${HOSTILE}`,
        `https://zoom.us/j/1${HOSTILE}`,
        `+13125550100${SMUGGLE}`,
      ],
    );
    await t.sql(`UPDATE meetings SET time_zone = $2, conference_url = $3 WHERE id = $1`, [
      b.id,
      `America/Chicago${SMUGGLE}`,
      `javascript:alert(1)${SMUGGLE}`,
    ]);
    await t.sql(`UPDATE meeting_series SET time_zone = $2, public_conference_url = $3 WHERE id = $1`, [
      b.seriesId,
      `America/Chicago${SMUGGLE}`,
      `javascript:alert(1)${SMUGGLE}`,
    ]);
    return { a, b };
  }

  /** The series of these meetings leave the public feeds, so the tests after read only their own. */
  async function unlist(...ids: string[]): Promise<void> {
    await t.sql(
      `UPDATE meeting_series SET listed = false WHERE id IN (SELECT series_id FROM meetings WHERE id = ANY($1))`,
      [ids],
    );
    await t.sql(
      `UPDATE meetings SET listed = false WHERE series_id IN (SELECT series_id FROM meetings WHERE id = ANY($1))`,
      [ids],
    );
  }

  it('by construction: whatever a row holds, both calendars stay well formed', async () => {
    const member = members[1];
    const { a, b } = await hostileRows(member);
    try {
      const pub = expectSafeCalendar(await feed('/feeds/meetings.ics'), await listedIds());
      const mine = expectSafeCalendar(await feed(await privateFeed(member)), [a.id, b.id]);
      for (const list of [pub, mine]) {
        const ea = list.find((e) => prop(e, 'UID')[0].value === `${a.id}@onward`)!;
        expect(unescapeText(prop(ea, 'SUMMARY')[0].value)).toMatch(/^Titlex BEGIN:VALARM ACTION:DISPLAY/);
        expect(unescapeText(prop(ea, 'SUMMARY')[0].value)).not.toContain('\n');
        expect(unescapeText(prop(ea, 'DESCRIPTION')[0].value)).toMatch(/^Notesx\nBEGIN:VALARM\nACTION:DISPLAY/);
        // The row with a zone that is no zone is given in UTC, never with a made-up TZID.
        const eb = list.find((e) => prop(e, 'UID')[0].value === `${b.id}@onward`)!;
        expect(prop(eb, 'DTSTART')[0].params).toEqual({});
        expect(prop(eb, 'DTSTART')[0].value).toMatch(/Z$/);
        expect(prop(eb, 'URL')).toEqual([]);
      }
      const ea = mine.find((e) => prop(e, 'UID')[0].value === `${a.id}@onward`)!;
      expect(prop(ea, 'URL')[0].value).toMatch(/^https:\/\/x\.example\/a/);
      expect(unescapeText(prop(ea, 'LOCATION')[0].value)).toMatch(/^Placex\nBEGIN:VALARM/);
    } finally {
      await unlist(a.id, b.id);
    }
  });

  it('by construction: whatever a row holds, the Meeting Guide feed carries no control character', async () => {
    const { a, b } = await hostileRows(members[1]);
    try {
      const res = await fetch(`${origin}/meeting-guide.json`);
      const entries = (await res.json()) as Array<Record<string, unknown>>;
      expectCleanJson(entries);
      // The entry is the series', whatever its occurrences hold.
      const ja = entries.find((e) => e.slug === a.seriesId)!;
      expect(ja.types).toEqual(['O']);
      expect(ja.name).toMatch(/^Titlex BEGIN:VALARM ACTION:DISPLAY/);
      expect(ja.notes).toMatch(/^Notesx\nBEGIN:VALARM\nACTION:DISPLAY/);
      expect(ja.formatted_address).toMatch(/^1 Row St, Springfieldx BEGIN:VALARM ACTION:DISPLAY/);
      expect(ja.conference_url).toMatch(/^https:\/\/zoom\.us\/j\/1/);
      expect(ja.conference_url).not.toMatch(/\s/);
      // A dial-in number that is no number is left out.
      expect(ja).not.toHaveProperty('conference_phone');
      // A wall-clock time in no known zone is no time: that series is left out, never shown in UTC.
      expect(entries.find((e) => e.slug === b.seriesId)).toBeUndefined();
      expect(entries.find((e) => e.slug === a.id || e.slug === b.id)).toBeUndefined();
    } finally {
      await unlist(a.id, b.id);
    }
  });

  it('stored links from before are brought into the parsed form by the migration', async () => {
    const m = await createMeeting(t, host.token);
    const other = await createMeeting(t, host.token);
    const weekly = await createMeeting(t, host.token, { recurrence: 'FREQ=WEEKLY' });
    await t.sql(`UPDATE meeting_series SET conference_url = $2 WHERE id = $1`, [
      weekly.series.id,
      ` https://meet.example.org/series${SMUGGLE}`,
    ]);
    await t.sql(`UPDATE meetings SET conference_url = $2 WHERE id = $1`, [
      m.id,
      `https://Meet.example.org/r${SMUGGLE}`,
    ]);
    await t.sql(`UPDATE meetings SET conference_url = $2 WHERE id = $1`, [other.id, 'http://meet.example.org/plain']);
    const runner = t.app.ds.createQueryRunner();
    try {
      await new NormaliseMeetingCallLinks1795903200000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await t.sql(`SELECT id, conference_url FROM meetings WHERE id = ANY($1)`, [[m.id, other.id]]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.conference_url]))).toEqual({
      [m.id]: new URL(`https://meet.example.org/r${SMUGGLE}`).href,
      [other.id]: null,
    });
    const series = await t.sql(`SELECT conference_url FROM meeting_series WHERE id = $1`, [weekly.series.id]);
    expect(series[0].conference_url).toBe(new URL(`https://meet.example.org/series${SMUGGLE}`).href);
  });

  /** Occurrences of listed series within the horizon: what the public calendar carries. */
  async function listedIds(): Promise<string[]> {
    const rows = await t.sql(
      `SELECT m.id FROM meetings m JOIN meeting_series s ON s.id = m.series_id
        WHERE s.listed AND m.ends_at > now() AND m.starts_at < now() + interval '56 days'`,
    );
    return rows.map((r) => r.id as string);
  }
});

describe('calendar times carry their zone', () => {
  it('a VTIMEZONE for each zone used, and DTSTART/DTEND in local time with its TZID', async () => {
    const member = members[2];
    const local = DateTime.now()
      .setZone('America/Chicago')
      .plus({ days: 9 })
      .set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
    const chicago = await createMeeting(t, coordinator.token, {
      title: 'Chicago evening',
      listed: true,
      recurrence: 'FREQ=WEEKLY',
      listing: { address: '210 W Lake St, Chicago, IL 60606, USA' },
      startsAt: local.toISO({ suppressMilliseconds: true }),
      timeZone: 'America/Chicago',
    });
    // An old alias: the calendar names the zone as its VTIMEZONE does.
    const kolkata = await createMeeting(t, coordinator.token, {
      title: 'Kolkata morning',
      startsAt: local.toISO({ suppressMilliseconds: true }),
      timeZone: 'Asia/Calcutta',
    });
    for (const m of [chicago, kolkata]) await t.gql(RSVP, { i: { meetingId: m.id } }, member.token);

    for (const cal of [await feed('/feeds/meetings.ics'), await feed(await privateFeed(member))]) {
      const zone = cal.children.find((c) => c.name === 'VTIMEZONE' && prop(c, 'TZID')[0]?.value === 'America/Chicago');
      expect(zone).toBeDefined();
      expect(zone!.children.map((c) => c.name).sort()).toEqual(['DAYLIGHT', 'STANDARD']);
      const e = events(cal).find((x) => prop(x, 'UID')[0].value === `${chicago.id}@onward`)!;
      expect(prop(e, 'DTSTART')[0]).toEqual({
        name: 'DTSTART',
        params: { TZID: 'America/Chicago' },
        value: local.toFormat("yyyyMMdd'T'HHmmss"),
      });
      expect(prop(e, 'DTEND')[0]).toEqual({
        name: 'DTEND',
        params: { TZID: 'America/Chicago' },
        value: local.plus({ minutes: 60 }).toFormat("yyyyMMdd'T'HHmmss"),
      });
      // DTSTAMP is always UTC.
      expect(prop(e, 'DTSTAMP')[0].value).toMatch(/^\d{8}T\d{6}Z$/);
    }
    const mine = await feed(await privateFeed(member));
    const k = events(mine).find((x) => prop(x, 'UID')[0].value === `${kolkata.id}@onward`)!;
    expect(prop(k, 'DTSTART')[0]).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Asia/Kolkata' },
      value: local.setZone('Asia/Kolkata').toFormat("yyyyMMdd'T'HHmmss"),
    });
    expect(
      mine.children
        .filter((c) => c.name === 'VTIMEZONE')
        .map((c) => prop(c, 'TZID')[0].value)
        .sort(),
    ).toEqual(['America/Chicago', 'Asia/Kolkata']);
  });
});

// ---------- moderation log ----------

async function log(): Promise<any[]> {
  const r = await t.gql(LOG, {}, coordinator.token);
  expect(r.errors).toBeUndefined();
  return r.data.moderationLog.edges.map((e: any) => e.node);
}

async function refuseInLog(action: string): Promise<void> {
  await t.sql(`CREATE OR REPLACE FUNCTION test_refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
  await t.sql(
    `CREATE TRIGGER test_refuse_log BEFORE INSERT ON moderation_log FOR EACH ROW WHEN (NEW.action = '${action}') EXECUTE FUNCTION test_refuse_log()`,
  );
}

async function allowLog(): Promise<void> {
  await t.sql(`DROP TRIGGER IF EXISTS test_refuse_log ON moderation_log`);
}

describe('coordinator actions on meetings are in the moderation log', () => {
  it('cancelMeeting: one MEETING_CANCEL per meeting cancelled, by host or coordinator, without the free-text reason', async () => {
    const [going] = members;
    const byHost = await createMeeting(t, host.token, { title: 'Host cancels' });
    const byCoordinator = await createMeeting(t, host.token, { title: 'Coordinator cancels' });
    await t.gql(RSVP, { i: { meetingId: byCoordinator.id } }, going.token);
    const reason = 'I am in hospital after a relapse';
    expect((await t.gql(CANCEL, { i: { meetingId: byHost.id, reason } }, host.token)).errors).toBeUndefined();
    expect(
      (await t.gql(CANCEL, { i: { meetingId: byCoordinator.id, reason } }, coordinator.token)).errors,
    ).toBeUndefined();
    // Cancelling again changes nothing and logs nothing.
    await t.gql(CANCEL, { i: { meetingId: byHost.id, reason } }, host.token);

    const entries = (await log()).filter((e) => e.action === 'MEETING_CANCEL');
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetType: 'MEETING', targetId: byHost.id, actor: { id: host.id }, detail: null }),
        expect.objectContaining({ targetType: 'MEETING', targetId: byCoordinator.id, actor: { id: coordinator.id } }),
      ]),
    );
    expect(entries.filter((e) => e.targetId === byHost.id)).toHaveLength(1);
    for (const e of entries) {
      expect(e.reason).not.toMatch(/hospital|relapse/i);
      expect(e.reason.length).toBeGreaterThan(0);
    }
    // The reason stays with the meeting, for its attendees.
    const [row] = await t.sql(`SELECT cancel_reason FROM meetings WHERE id = $1`, [byHost.id]);
    expect(row.cancel_reason).toBe(reason);

    // A series cancelled from one occurrence on: one entry for each occurrence cancelled.
    const first = await createMeeting(t, host.token, { recurrence: 'FREQ=WEEKLY', startsAt: inHours(24) });
    const cancelled = await t.sql(
      `SELECT id FROM meetings WHERE series_id = $1 AND status = 'SCHEDULED' ORDER BY starts_at`,
      [first.series.id],
    );
    expect(cancelled.length).toBeGreaterThan(1);
    const r = await t.gql(CANCEL, { i: { meetingId: first.id, reason, scope: 'FUTURE' } }, coordinator.token);
    expect(r.errors).toBeUndefined();
    const seriesEntries = (await log()).filter(
      (e) => e.action === 'MEETING_CANCEL' && cancelled.some((c) => c.id === e.targetId),
    );
    expect(seriesEntries.map((e) => e.targetId).sort()).toEqual(cancelled.map((c) => c.id).sort());
    for (const e of seriesEntries) expect(e.detail).toContain(first.series.id);
  });

  it('cancelMeeting: the entry is written in the same transaction: when it cannot be, nothing is cancelled', async () => {
    const m = await createMeeting(t, host.token, { title: 'Stays on' });
    await t.gql(RSVP, { i: { meetingId: m.id } }, members[3].token);
    await refuseInLog('MEETING_CANCEL');
    try {
      const r = await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'Room flooded' } }, coordinator.token);
      expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await allowLog();
    }
    const [row] = await t.sql(`SELECT status, cancel_reason FROM meetings WHERE id = $1`, [m.id]);
    expect(row).toEqual({ status: 'SCHEDULED', cancel_reason: null });
    const told = await t.sql(
      `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = 'MEETING_CANCELLED'`,
      [m.id],
    );
    expect(told[0].n).toBe(0);
    expect((await log()).filter((e) => e.targetId === m.id)).toEqual([]);
  });

  it("checkIn: a host's or coordinator's check-in of someone else is an ATTENDANCE_RECORD; checking yourself in is not", async () => {
    const [a, b, c] = members;
    const soon = await createMeeting(t, host.token, { title: 'Check-ins', startsAt: inHours(5 / 60) });
    expect((await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: a.id } }, a.token)).errors).toBeUndefined();
    expect((await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: b.id } }, host.token)).errors).toBeUndefined();
    expect(
      (await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: c.id } }, coordinator.token)).errors,
    ).toBeUndefined();
    // Checking in again someone already checked in records nothing new.
    expect((await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: b.id } }, host.token)).errors).toBeUndefined();
    // A refused check-in logs nothing.
    expect(codes(await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: b.id } }, c.token))).toEqual(['FORBIDDEN']);

    const entries = (await log()).filter((e) => e.action === 'ATTENDANCE_RECORD' && e.targetId === soon.id);
    expect(entries).toHaveLength(2);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetType: 'MEETING', actor: { id: host.id }, detail: `member ${b.id}` }),
        expect.objectContaining({ targetType: 'MEETING', actor: { id: coordinator.id }, detail: `member ${c.id}` }),
      ]),
    );
    expect(entries.some((e) => e.detail?.includes(a.id))).toBe(false);
    for (const e of entries) expect(e.reason.length).toBeGreaterThan(0);
  });

  it('checkIn: when the entry cannot be written, the attendance is not recorded either', async () => {
    const [a] = members;
    const soon = await createMeeting(t, host.token, { title: 'Atomic check-in', startsAt: inHours(5 / 60) });
    await refuseInLog('ATTENDANCE_RECORD');
    try {
      const r = await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: a.id } }, host.token);
      expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await allowLog();
    }
    expect(await t.sql(`SELECT id FROM meeting_attendance WHERE meeting_id = $1`, [soon.id])).toEqual([]);
  });
});
