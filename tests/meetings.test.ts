import { codes, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import {
  CANCEL,
  countQueries,
  CREATE,
  createMeeting,
  GET,
  inHours,
  MEETING_ENV,
  meetingInput,
  mentor,
  RSVP,
  UPDATE,
  users,
} from './helpers/meetings';

let t: TestApp;
let coordinator: TestUser;
let host: TestUser;
let otherMentor: TestUser;
let members: TestUser[];
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  coordinator = await t.user('COORDINATOR');
  host = await mentor(t, 'Maria');
  otherMentor = await mentor(t, 'Dev');
  members = await users(t, 8);
}, 60_000);
afterAll(() => t.stop());

async function meetingCount() {
  const [r] = await t.sql(
    `SELECT (SELECT count(*) FROM meetings)::int AS meetings, (SELECT count(*) FROM meeting_series)::int AS series, (SELECT max(updated_at) FROM meetings) AS touched`,
  );
  return r;
}

describe('creating and editing meetings', () => {
  it('a mentor creates a meeting; coordinators too; members may not', async () => {
    const r = await t.gql(CREATE, { i: meetingInput({ types: ['O', 'SP', 'LGBTQ'] }) }, host.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.createMeeting.meeting).toMatchObject({
      title: 'Tuesday alumni meeting',
      format: 'HYBRID',
      capacity: 10,
      types: ['O', 'SP', 'LGBTQ'],
      status: 'SCHEDULED',
      goingCount: 0,
      waitlistCount: 0,
      seatsLeft: 10,
      location: 'Room 4, 12 Main St',
      conferenceUrl: 'https://meet.example.org/abc',
      viewerRsvp: null,
      series: null,
    });
    const m = r.data.createMeeting.meeting;
    expect(new Date(m.endsAt).getTime() - new Date(m.startsAt).getTime()).toBe(3600_000);
    expect(
      (await t.gql(CREATE, { i: meetingInput({ capacity: null }) }, coordinator.token)).data.createMeeting.meeting
        .seatsLeft,
    ).toBeNull();
    const before = await meetingCount();
    expect(codes(await t.gql(CREATE, { i: meetingInput() }, members[0].token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CREATE, { i: meetingInput() }))).toEqual(['UNAUTHENTICATED']);
    // Listing publicly is for coordinators.
    const listed = await t.gql(CREATE, { i: meetingInput({ listed: true }) }, host.token);
    expect(codes(listed)).toEqual(['FORBIDDEN']);
    expect(await meetingCount()).toEqual(before);
  });

  it.each([
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['duration 0', { durationMinutes: 0 }, 'durationMinutes'],
    ['duration over a day', { durationMinutes: 1441 }, 'durationMinutes'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an invalid RRULE', { recurrence: 'FREQ=SOMETIMES' }, 'recurrence'],
    ['an RRULE with a bad day', { recurrence: 'FREQ=WEEKLY;BYDAY=XX' }, 'recurrence'],
    ['an hourly RRULE', { recurrence: 'FREQ=HOURLY' }, 'recurrence'],
    ['a start in the past', { startsAt: inHours(-1) }, 'startsAt'],
    ['an unknown type code', { types: ['O', 'NOPE'] }, 'types'],
    ['a type code the Meeting Guide list no longer has (ONL)', { types: ['O', 'ONL'] }, 'types'],
    ['an empty title', { title: '  ' }, 'title'],
    ['a non-https call link', { conferenceUrl: 'javascript:alert(1)' }, 'conferenceUrl'],
  ])('createMeeting with %s → BAD_USER_INPUT on its field, nothing created', async (_label, over, field) => {
    const before = await meetingCount();
    const r = await t.gql(CREATE, { i: meetingInput(over) }, host.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(await meetingCount()).toEqual(before);
  });

  it('a mentor edits only meetings they host; coordinators edit any; bad edits change nothing', async () => {
    const m = await createMeeting(t, host.token);
    const ok = await t.gql(UPDATE, { i: { meetingId: m.id, title: 'Renamed', durationMinutes: 90 } }, host.token);
    expect(ok.data.updateMeeting.meeting).toMatchObject({ title: 'Renamed' });
    expect(new Date(ok.data.updateMeeting.meeting.endsAt).getTime() - new Date(m.startsAt).getTime()).toBe(90 * 60_000);
    const before = await meetingCount();
    expect(codes(await t.gql(UPDATE, { i: { meetingId: m.id, title: 'Mine now' } }, otherMentor.token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(UPDATE, { i: { meetingId: m.id, title: 'Mine now' } }, members[0].token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'x' } }, otherMentor.token))).toEqual([
      'FORBIDDEN',
    ]);
    const bad = await t.gql(UPDATE, { i: { meetingId: m.id, title: 'Fine', capacity: 0 } }, host.token);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capacity' });
    expect(
      codes(await t.gql(UPDATE, { i: { meetingId: '00000000-0000-4000-8000-000000000000', title: 'x' } }, host.token)),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(UPDATE, { i: { meetingId: 'nope', title: 'x' } }, coordinator.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(await meetingCount()).toEqual(before);
    // Only weekly series are listed for meeting finders: a one-off meeting is refused, whole.
    const listOneOff = await t.gql(UPDATE, { i: { meetingId: m.id, listed: true, types: ['C'] } }, coordinator.token);
    expect(listOneOff.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listed' });
    expect(await meetingCount()).toEqual(before);
    const byCoordinator = await t.gql(UPDATE, { i: { meetingId: m.id, types: ['C'] } }, coordinator.token);
    expect(byCoordinator.data.updateMeeting.meeting).toMatchObject({ listed: false, types: ['C'], title: 'Renamed' });
  });
});

describe('who sees what', () => {
  it('place and call link for the host, coordinators and members going; attendees for them too, minus blocked people', async () => {
    const m = await createMeeting(t, host.token, { capacity: 3 });
    const [a, b, c, d] = members;
    for (const u of [a, b, c, d]) await t.gql(RSVP, { i: { meetingId: m.id } }, u.token);
    const e = members[4];
    // d is waitlisted, e has no RSVP: neither sees inside.
    for (const u of [d, e]) {
      const r = await t.gql(GET, { id: m.id }, u.token);
      expect(r.data.meeting).toMatchObject({
        location: null,
        conferenceUrl: null,
        attendees: null,
        goingCount: 3,
        waitlistCount: 1,
        seatsLeft: 0,
      });
    }
    for (const u of [a, host, coordinator]) {
      const r = await t.gql(GET, { id: m.id }, u.token);
      expect(r.data.meeting).toMatchObject({
        location: 'Room 4, 12 Main St',
        conferenceUrl: 'https://meet.example.org/abc',
      });
      expect(r.data.meeting.attendees.edges.map((x: any) => x.node.id)).toEqual([a.id, b.id, c.id]);
    }
    // a blocks b: neither sees the other in the list.
    await t.gql(`mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`, { i: { userId: b.id } }, a.token);
    const forA = await t.gql(GET, { id: m.id }, a.token);
    expect(forA.data.meeting.attendees.edges.map((x: any) => x.node.id)).toEqual([a.id, c.id]);
    const forB = await t.gql(GET, { id: m.id }, b.token);
    expect(forB.data.meeting.attendees.edges.map((x: any) => x.node.id)).toEqual([b.id, c.id]);
    expect(forB.data.meeting.attendees.totalCount).toBe(2);
    // Pages of attendees.
    const p1 = await t.gql(
      `query($id: ID!) { meeting(id: $id) { attendees(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
      { id: m.id },
      host.token,
    );
    expect(p1.data.meeting.attendees.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(
      `query($id: ID!, $after: String) { meeting(id: $id) { attendees(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }`,
      { id: m.id, after: p1.data.meeting.attendees.pageInfo.endCursor },
      host.token,
    );
    expect(p2.data.meeting.attendees).toEqual({ edges: [{ node: { id: c.id } }], pageInfo: { hasNextPage: false } });
    expect((await t.gql(GET, { id: '00000000-0000-4000-8000-000000000000' }, a.token)).data.meeting).toBeNull();
    expect((await t.gql(GET, { id: 'nope' }, a.token)).data.meeting).toBeNull();
  });
});

describe('the meetings list', () => {
  it('is upcoming first, scheduled only, filterable by types, format and time', async () => {
    await createMeeting(t, coordinator.token, { title: 'L1', startsAt: inHours(500), types: ['W', 'O'] });
    await createMeeting(t, coordinator.token, { title: 'L2', startsAt: inHours(600), types: ['W'] });
    const cancelled = await createMeeting(t, coordinator.token, { title: 'L3', startsAt: inHours(550) });
    await createMeeting(t, coordinator.token, {
      title: 'L4',
      startsAt: inHours(650),
      format: 'ONLINE',
      location: null,
    });
    await t.gql(CANCEL, { i: { meetingId: cancelled.id, reason: 'No host' } }, coordinator.token);
    const q = `query($from: DateTime, $to: DateTime, $types: [String!], $format: MeetingFormat, $first: Int, $after: String) {
      meetings(from: $from, to: $to, types: $types, format: $format, first: $first, after: $after) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }`;
    const window = { from: inHours(499), to: inHours(700) };
    const all = await t.gql(q, window, members[0].token);
    expect(all.data.meetings.edges.map((e: any) => e.node.title)).toEqual(['L1', 'L2', 'L4']);
    expect(all.data.meetings.totalCount).toBe(3);
    expect(
      (await t.gql(q, { ...window, types: ['W'] }, members[0].token)).data.meetings.edges.map((e: any) => e.node.title),
    ).toEqual(['L1', 'L2']);
    expect(
      (await t.gql(q, { ...window, types: ['W', 'O'] }, members[0].token)).data.meetings.edges.map(
        (e: any) => e.node.title,
      ),
    ).toEqual(['L1']);
    expect(
      (await t.gql(q, { ...window, format: 'ONLINE' }, members[0].token)).data.meetings.edges.map(
        (e: any) => e.node.title,
      ),
    ).toEqual(['L4']);
    const p1 = await t.gql(q, { ...window, first: 2 }, members[0].token);
    const p2 = await t.gql(q, { ...window, first: 2, after: p1.data.meetings.pageInfo.endCursor }, members[0].token);
    expect(p2.data.meetings.edges.map((e: any) => e.node.title)).toEqual(['L4']);
    expect(codes(await t.gql(q, { types: ['BOGUS'] }, members[0].token))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(q, { first: 101 }, members[0].token))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(q, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('50 meetings with counts, viewer RSVP and three attendees each take a constant number of SQL statements', async () => {
    const viewer = members[5];
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const m = await createMeeting(t, coordinator.token, { title: `Q${i}`, startsAt: inHours(1000 + i), capacity: 5 });
      ids.push(m.id);
    }
    // Three attendees and the viewer at each, by direct service calls to keep the test quick.
    const svc = t.app.services.meetings;
    const people = [members[0], members[1], members[2], viewer];
    const auth = (u: TestUser) => ({
      id: u.id,
      role: 'MEMBER' as any,
      isMentor: false,
      displayName: u.displayName,
      timeZone: 'UTC',
    });
    for (const id of ids) for (const u of people) await svc.rsvp(auth(u), id);
    const q = `query($first: Int) { meetings(first: $first, from: "${inHours(999)}") { edges { node { id title goingCount waitlistCount seatsLeft location
      viewerRsvp { status waitlistPosition } attendees(first: 3) { totalCount edges { node { id displayName } } } } } } }`;
    await t.gql(`{ viewer { id } }`, {}, viewer.token); // the instance now holds the session
    const small = await countQueries(t, () => t.gql(q, { first: 5 }, viewer.token));
    const big = await countQueries(t, () => t.gql(q, { first: 50 }, viewer.token));
    expect(big.result.errors).toBeUndefined();
    expect(big.result.data.meetings.edges).toHaveLength(50);
    for (const e of big.result.data.meetings.edges) {
      expect(e.node).toMatchObject({
        goingCount: 4,
        seatsLeft: 1,
        viewerRsvp: { status: 'GOING', waitlistPosition: null },
        location: 'Room 4, 12 Main St',
      });
      expect(e.node.attendees.edges).toHaveLength(3);
      expect(e.node.attendees.totalCount).toBe(4);
    }
    // The page, the viewer's RSVPs, the attendees (and the session, when not held in memory).
    expect(big.count).toBeLessThanOrEqual(4);
    expect(big.count).toBe(small.count);
  });
});

describe('Subscription.meetingUpdated', () => {
  it('delivers counts, edits and the cancellation', async () => {
    const m = await createMeeting(t, host.token, { capacity: 2 });
    const { client } = t.ws(members[6].token);
    const sub = subscribe(
      client,
      `subscription($id: ID!) { meetingUpdated(meetingId: $id) { id title status goingCount seatsLeft location } }`,
      { id: m.id },
    );
    await new Promise((r) => setTimeout(r, 200));
    await t.gql(RSVP, { i: { meetingId: m.id } }, members[7].token);
    await sub.waitFor(1);
    await t.gql(UPDATE, { i: { meetingId: m.id, title: 'New title' } }, host.token);
    await sub.waitFor(2);
    await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'Ill host' } }, host.token);
    const events = await sub.waitFor(3);
    expect(events.map((e) => e.data!.meetingUpdated)).toEqual([
      { id: m.id, title: 'Tuesday alumni meeting', status: 'SCHEDULED', goingCount: 1, seatsLeft: 1, location: null },
      { id: m.id, title: 'New title', status: 'SCHEDULED', goingCount: 1, seatsLeft: 1, location: null },
      { id: m.id, title: 'New title', status: 'CANCELLED', goingCount: 1, seatsLeft: 1, location: null },
    ]);
  });
});
