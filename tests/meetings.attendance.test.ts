import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, inHours, MEETING_ENV, mentor, RSVP, users } from './helpers/meetings';

const CHECK_IN = `mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id checkedInAt meeting { id } user { id } } } }`;
const LETTER = `query($id: ID!) { attendanceLetter(meetingId: $id) { meetingId meetingTitle date startsAt timeZone hostName memberName checkedInAt } }`;

let t: TestApp;
let coordinator: TestUser;
let host: TestUser;
let members: TestUser[];
let origin: string;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  origin = new URL(t.url).origin;
  coordinator = await t.user('COORDINATOR');
  host = await mentor(t, 'Host H.');
  members = await users(t, 6);
}, 60_000);
afterAll(() => t.stop());

describe('check-in and attendance', () => {
  it('members check themselves in within the window; the host checks in anyone; others may not', async () => {
    const [a, b, c] = members;
    const soon = await createMeeting(t, host.token, { title: 'Soon', startsAt: inHours(10 / 60) });
    const self = await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: a.id } }, a.token);
    expect(self.errors).toBeUndefined();
    expect(self.data.checkIn.attendance).toMatchObject({ meeting: { id: soon.id }, user: { id: a.id } });
    const twice = await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: a.id } }, a.token);
    expect(twice.data.checkIn.attendance.id).toBe(self.data.checkIn.attendance.id);
    expect(codes(await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: b.id } }, c.token))).toEqual(['FORBIDDEN']);
    expect((await t.gql(CHECK_IN, { i: { meetingId: soon.id, userId: b.id } }, host.token)).errors).toBeUndefined();

    const later = await createMeeting(t, host.token, { title: 'Later', startsAt: inHours(48) });
    const early = await t.gql(CHECK_IN, { i: { meetingId: later.id, userId: a.id } }, a.token);
    expect(codes(early)).toEqual(['CONFLICT']);
    expect(early.errors![0].extensions!.reason).toBe('OUTSIDE_CHECK_IN_WINDOW');
    // After the end only the host or a coordinator may record attendance.
    await t.sql(
      `UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours' WHERE id = $1`,
      [later.id],
    );
    expect(codes(await t.gql(CHECK_IN, { i: { meetingId: later.id, userId: a.id } }, a.token))).toEqual(['CONFLICT']);
    expect(
      (await t.gql(CHECK_IN, { i: { meetingId: later.id, userId: a.id } }, coordinator.token)).errors,
    ).toBeUndefined();
    expect(
      codes(
        await t.gql(
          CHECK_IN,
          { i: { meetingId: later.id, userId: '00000000-0000-4000-8000-000000000000' } },
          host.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const n = await t.sql(`SELECT count(*)::int AS n FROM meeting_attendance`);
    expect(n[0].n).toBe(3);

    const history = await t.gql(
      `{ viewer { attendance(first: 10) { totalCount edges { node { meeting { title } } } } } }`,
      {},
      a.token,
    );
    expect(history.data.viewer.attendance.totalCount).toBe(2);
    expect(history.data.viewer.attendance.edges.map((e: any) => e.node.meeting.title).sort()).toEqual([
      'Later',
      'Soon',
    ]);
    const theirs = await t.gql(
      `query($id: ID!) { user(id: $id) { attendance { totalCount } } }`,
      { id: a.id },
      b.token,
    );
    expect(theirs.data.user.attendance).toBeNull();

    const letter = await t.gql(LETTER, { id: soon.id }, a.token);
    expect(letter.data.attendanceLetter).toMatchObject({
      meetingId: soon.id,
      meetingTitle: 'Soon',
      timeZone: 'America/Chicago',
      hostName: 'Host H.',
      memberName: a.displayName,
      checkedInAt: self.data.checkIn.attendance.checkedInAt,
    });
    expect(letter.data.attendanceLetter.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(codes(await t.gql(LETTER, { id: soon.id }, c.token))).toEqual(['NOT_FOUND']);
  });
});

describe('reminders', () => {
  it('go out a day and an hour before, once per member and kind, even when two runs overlap', async () => {
    const [a, b, c] = members.slice(3);
    const inHalfHour = await createMeeting(t, host.token, { startsAt: inHours(0.5), capacity: 2 });
    const tomorrow = await createMeeting(t, host.token, { startsAt: inHours(20), capacity: 5 });
    for (const u of [a, b, c]) await t.gql(RSVP, { i: { meetingId: inHalfHour.id } }, u.token); // c is waitlisted
    await t.gql(RSVP, { i: { meetingId: tomorrow.id } }, a.token);
    const svc = t.app.services.meetings;
    const now = new Date();
    const runs = await Promise.all([svc.sendDueReminders(now), svc.sendDueReminders(now)]);
    expect(runs[0].sent + runs[1].sent).toBe(3);
    expect((await svc.sendDueReminders(now)).sent).toBe(0);
    const rows = await t.sql(
      `SELECT user_id, subject_id, count(*)::int AS n FROM notifications WHERE kind = 'MEETING_REMINDER' GROUP BY user_id, subject_id ORDER BY 1, 2`,
    );
    expect(rows).toEqual(
      [
        { user_id: a.id, subject_id: inHalfHour.id, n: 1 },
        { user_id: b.id, subject_id: inHalfHour.id, n: 1 },
        { user_id: a.id, subject_id: tomorrow.id, n: 1 },
      ].sort((x, y) => (x.user_id + x.subject_id).localeCompare(y.user_id + y.subject_id)),
    );
    // Twenty hours later, the hour-before reminder of tomorrow's meeting goes out too.
    expect((await svc.sendDueReminders(new Date(Date.now() + 19.5 * 3600_000))).sent).toBe(1);
  });
});

describe('feeds', () => {
  it('the public feeds list only listed meetings, with their public place only: no private place, links or people', async () => {
    const listed = await createMeeting(t, coordinator.token, {
      title: 'Open alumni night',
      listed: true,
      types: ['O', 'SP'],
      startsAt: '2027-01-05T19:00:00-06:00',
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      listing: { address: '500 N Public Way, Chicago, IL 60610, USA', conferenceUrl: 'https://zoom.us/j/5550100' },
    });
    const hidden = await createMeeting(t, coordinator.token, { title: 'Private circle' });
    await t.gql(RSVP, { i: { meetingId: listed.id } }, members[0].token);
    const json = await fetch(`${origin}/feeds/meetings.json`);
    expect(json.status).toBe(200);
    const entries = (await json.json()) as any[];
    expect(entries).toEqual([
      expect.objectContaining({
        name: 'Open alumni night',
        slug: listed.series.id,
        day: 2,
        time: '19:00',
        end_time: '20:00',
        timezone: 'America/Chicago',
        types: ['O', 'SP'],
        formatted_address: '500 N Public Way, Chicago, IL 60610, USA',
        approximate: 'no',
        conference_url: 'https://zoom.us/j/5550100',
      }),
    ]);
    // `attendance_option` is no field of the format: finders tell it from the place and the call.
    expect(entries[0]).not.toHaveProperty('attendance_option');
    const text = JSON.stringify(entries);
    for (const secret of ['Room 4', 'meet.example.org', members[0].id, hidden.id]) expect(text).not.toContain(secret);

    const ics = await fetch(`${origin}/feeds/meetings.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = await ics.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toContain('DTSTART;TZID=America/Chicago:20270105T190000');
    expect(body).toContain(`UID:${listed.id}@onward`);
    expect(body).toContain('LOCATION:500 N Public Way\\, Chicago\\, IL 60610\\, USA');
    expect(body).not.toContain('Room 4');
    expect(body).not.toContain('meet.example.org');
    expect(body).not.toContain('Private circle');
  });

  it('a private calendar of your RSVPs, at a secret address you can revoke', async () => {
    const u = members[1];
    const m = await createMeeting(t, host.token, { title: 'My meeting', capacity: 5 });
    await t.gql(RSVP, { i: { meetingId: m.id } }, u.token);
    const made = await t.gql(`mutation { createCalendarFeed { path } }`, {}, u.token);
    const path = made.data.createCalendarFeed.path;
    const token = path.split('/').pop()!.replace('.ics', '');
    const stored = await t.sql(`SELECT token_hash FROM meeting_calendar_feeds WHERE user_id = $1`, [u.id]);
    expect(stored[0].token_hash).not.toContain(token);
    const res = await fetch(`${origin}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = await res.text();
    expect(body).toContain('SUMMARY:My meeting');
    expect(body).toContain('LOCATION:Room 4\\, 12 Main St');
    // A new address replaces the old one; revoking ends it.
    const next = (await t.gql(`mutation { createCalendarFeed { path } }`, {}, u.token)).data.createCalendarFeed.path;
    expect((await fetch(`${origin}${path}`)).status).toBe(404);
    expect((await fetch(`${origin}${next}`)).status).toBe(200);
    expect(
      (await t.gql(`mutation { revokeCalendarFeed { revoked } }`, {}, u.token)).data.revokeCalendarFeed.revoked,
    ).toBe(true);
    expect((await fetch(`${origin}${next}`)).status).toBe(404);
    expect((await fetch(`${origin}/feeds/calendar/guess.ics`)).status).toBe(404);
  });
});
