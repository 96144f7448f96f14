import { codes, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { CANCEL, CANCEL_RSVP, createMeeting, MEETING_ENV, mentor, RSVP, UPDATE, users } from './helpers/meetings';

let t: TestApp;
let host: TestUser;
let crowd: TestUser[];
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  host = await mentor(t, 'Host');
  crowd = await users(t, 200);
}, 180_000);
afterAll(() => t.stop());

async function rsvpRows(meetingId: string) {
  return t.sql<{ user_id: string; status: string; waitlist_seq: number | null }>(
    `SELECT user_id, status, waitlist_seq FROM meeting_rsvps WHERE meeting_id = $1 ORDER BY waitlist_seq NULLS FIRST`,
    [meetingId],
  );
}

describe('RSVP under concurrency', () => {
  it('200 members at once for 10 seats: exactly 10 GOING and 190 WAITLISTED at positions 1..190', async () => {
    const m = await createMeeting(t, host.token, { capacity: 10 });
    const results = await Promise.all(crowd.map((u) => t.gql(RSVP, { i: { meetingId: m.id } }, u.token)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const going = results.filter((r) => r.data.rsvp.rsvp.status === 'GOING');
    const waiting = results.filter((r) => r.data.rsvp.rsvp.status === 'WAITLISTED');
    expect(going).toHaveLength(10);
    expect(waiting).toHaveLength(190);
    expect(waiting.map((r) => r.data.rsvp.rsvp.waitlistPosition).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 190 }, (_, i) => i + 1),
    );
    const [counts] = await t.sql(`SELECT going_count, waitlist_count FROM meetings WHERE id = $1`, [m.id]);
    expect(counts).toEqual({ going_count: 10, waitlist_count: 190 });
    const rows = await rsvpRows(m.id);
    expect(rows.filter((r) => r.status === 'GOING')).toHaveLength(10);

    // A freed seat goes to the first in line, who hears of it live over notificationAdded.
    const byId = new Map(crowd.map((u) => [u.id, u]));
    const next = byId.get(rows.find((r) => r.status === 'WAITLISTED')!.user_id)!;
    const { client } = t.ws(next.token);
    const sub = subscribe(client, `subscription { notificationAdded { kind subjectId } }`);
    await new Promise((r) => setTimeout(r, 200));
    const leaver = byId.get(rows.find((r) => r.status === 'GOING')!.user_id)!;
    expect((await t.gql(CANCEL_RSVP, { i: { meetingId: m.id } }, leaver.token)).data.cancelRsvp.rsvp.status).toBe(
      'CANCELLED',
    );
    await sub.waitFor(1);
    expect(sub.events[0].data!.notificationAdded).toEqual({ kind: 'WAITLIST_PROMOTED', subjectId: m.id });
    const mine = await t.gql(
      `query($id: ID!) { meeting(id: $id) { goingCount waitlistCount viewerRsvp { status waitlistPosition } } }`,
      { id: m.id },
      next.token,
    );
    expect(mine.data.meeting).toEqual({
      goingCount: 10,
      waitlistCount: 189,
      viewerRsvp: { status: 'GOING', waitlistPosition: null },
    });
  });

  it('50 GOING members cancel at once: exactly 50 promotions, in waitlist order, each notified once', async () => {
    const m = await createMeeting(t, host.token, { capacity: 50 });
    const group = crowd.slice(0, 120);
    for (const u of group.slice(0, 50))
      expect((await t.gql(RSVP, { i: { meetingId: m.id } }, u.token)).data.rsvp.rsvp.status).toBe('GOING');
    const waiters = group.slice(50);
    for (const [i, u] of waiters.entries()) {
      expect((await t.gql(RSVP, { i: { meetingId: m.id } }, u.token)).data.rsvp.rsvp).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: i + 1,
      });
    }
    const results = await Promise.all(
      group.slice(0, 50).map((u) => t.gql(CANCEL_RSVP, { i: { meetingId: m.id } }, u.token)),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const rows = await rsvpRows(m.id);
    expect(
      rows
        .filter((r) => r.status === 'GOING')
        .map((r) => r.user_id)
        .sort(),
    ).toEqual(
      waiters
        .slice(0, 50)
        .map((u) => u.id)
        .sort(),
    );
    expect(rows.filter((r) => r.status === 'WAITLISTED').map((r) => r.user_id)).toEqual(
      waiters.slice(50).map((u) => u.id),
    );
    const notes = await t.sql(
      `SELECT user_id, count(*)::int AS n FROM notifications WHERE kind = 'WAITLIST_PROMOTED' AND subject_id = $1 GROUP BY user_id`,
      [m.id],
    );
    expect(notes).toHaveLength(50);
    expect(notes.every((n) => n.n === 1)).toBe(true);
    const [c] = await t.sql(`SELECT going_count, waitlist_count FROM meetings WHERE id = $1`, [m.id]);
    expect(c).toEqual({ going_count: 50, waitlist_count: 20 });
    // The remaining waiters moved up to 1..20.
    const pos = await t.gql(
      `query($id: ID!) { meeting(id: $id) { viewerRsvp { status waitlistPosition } } }`,
      { id: m.id },
      waiters[50].token,
    );
    expect(pos.data.meeting.viewerRsvp).toEqual({ status: 'WAITLISTED', waitlistPosition: 1 });
  });

  it('one member RSVPing 20 times at once gets one RSVP', async () => {
    const m = await createMeeting(t, host.token, { capacity: 3 });
    const u = crowd[0];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.gql(RSVP, { i: { meetingId: m.id } }, u.token)),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map((r) => r.data.rsvp.rsvp.id)).size).toBe(1);
    const rows = await rsvpRows(m.id);
    expect(rows).toEqual([{ user_id: u.id, status: 'GOING', waitlist_seq: null }]);
  });

  it('the database refuses a seat beyond capacity even when the application is bypassed', async () => {
    const m = await createMeeting(t, host.token, { capacity: 1 });
    await t.gql(RSVP, { i: { meetingId: m.id } }, crowd[1].token);
    await expect(
      t.sql(`INSERT INTO meeting_rsvps (meeting_id, user_id, status) VALUES ($1, $2, 'GOING')`, [m.id, crowd[2].id]),
    ).rejects.toMatchObject({ code: '23514' });
  });
});

describe('RSVP rules', () => {
  it('is idempotent, and a cancelled RSVP re-activates (at the back of the line when full)', async () => {
    const m = await createMeeting(t, host.token, { capacity: 1 });
    const [a, b, c] = crowd.slice(10, 13);
    const first = await t.gql(RSVP, { i: { meetingId: m.id } }, a.token);
    const again = await t.gql(RSVP, { i: { meetingId: m.id } }, a.token);
    expect(again.data.rsvp.rsvp).toEqual(first.data.rsvp.rsvp);
    expect((await t.gql(RSVP, { i: { meetingId: m.id } }, b.token)).data.rsvp.rsvp).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });
    expect((await t.gql(RSVP, { i: { meetingId: m.id } }, c.token)).data.rsvp.rsvp).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 2,
    });
    // b leaves the waitlist: nobody is promoted, c moves up.
    expect((await t.gql(CANCEL_RSVP, { i: { meetingId: m.id } }, b.token)).data.cancelRsvp.rsvp).toMatchObject({
      status: 'CANCELLED',
      waitlistPosition: null,
    });
    expect((await t.gql(RSVP, { i: { meetingId: m.id } }, c.token)).data.rsvp.rsvp).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });
    const back = await t.gql(RSVP, { i: { meetingId: m.id } }, b.token);
    expect(back.data.rsvp.rsvp).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
    const promoted = await t.sql(
      `SELECT count(*)::int AS n FROM notifications WHERE kind = 'WAITLIST_PROMOTED' AND subject_id = $1`,
      [m.id],
    );
    expect(promoted[0].n).toBe(0);
  });

  it('lowering capacity moves nobody; raising it promotes from the waitlist in order', async () => {
    const m = await createMeeting(t, host.token, { capacity: 3 });
    const group = crowd.slice(20, 26);
    for (const u of group) await t.gql(RSVP, { i: { meetingId: m.id } }, u.token);
    const low = await t.gql(UPDATE, { i: { meetingId: m.id, capacity: 1 } }, host.token);
    expect(low.data.updateMeeting.meeting).toMatchObject({
      capacity: 1,
      goingCount: 3,
      waitlistCount: 3,
      seatsLeft: 0,
    });
    // Still full: a cancellation frees no seat below capacity.
    await t.gql(CANCEL_RSVP, { i: { meetingId: m.id } }, group[0].token);
    expect((await t.sql(`SELECT going_count, waitlist_count FROM meetings WHERE id = $1`, [m.id]))[0]).toEqual({
      going_count: 2,
      waitlist_count: 3,
    });
    const high = await t.gql(UPDATE, { i: { meetingId: m.id, capacity: 4 } }, host.token);
    expect(high.data.updateMeeting.meeting).toMatchObject({
      capacity: 4,
      goingCount: 4,
      waitlistCount: 1,
      seatsLeft: 0,
    });
    const rows = await rsvpRows(m.id);
    expect(
      rows
        .filter((r) => r.status === 'GOING')
        .map((r) => r.user_id)
        .sort(),
    ).toEqual([group[1], group[2], group[3], group[4]].map((u) => u.id).sort());
    const open = await t.gql(UPDATE, { i: { meetingId: m.id, unlimitedCapacity: true } }, host.token);
    expect(open.data.updateMeeting.meeting).toMatchObject({
      capacity: null,
      goingCount: 5,
      waitlistCount: 0,
      seatsLeft: null,
    });
  });

  it('a cancelled, started or unknown meeting gets its code and nothing changes', async () => {
    const m = await createMeeting(t, host.token);
    await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'Room unavailable' } }, host.token);
    const u = crowd[30];
    const cancelled = await t.gql(RSVP, { i: { meetingId: m.id } }, u.token);
    expect(codes(cancelled)).toEqual(['CONFLICT']);
    expect(cancelled.errors![0].extensions!.reason).toBe('MEETING_CANCELLED');

    const past = await createMeeting(t, host.token);
    await t.sql(
      `UPDATE meetings SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = $1`,
      [past.id],
    );
    const started = await t.gql(RSVP, { i: { meetingId: past.id } }, u.token);
    expect(codes(started)).toEqual(['CONFLICT']);
    expect(started.errors![0].extensions!.reason).toBe('MEETING_STARTED');

    expect(codes(await t.gql(RSVP, { i: { meetingId: '00000000-0000-4000-8000-000000000000' } }, u.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await t.gql(RSVP, { i: { meetingId: 'not-a-uuid' } }, u.token))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(CANCEL_RSVP, { i: { meetingId: past.id } }, u.token))).toEqual(['NOT_FOUND']);
    const n = await t.sql(`SELECT count(*)::int AS n FROM meeting_rsvps WHERE meeting_id = ANY($1)`, [[m.id, past.id]]);
    expect(n[0].n).toBe(0);
    expect(codes(await t.gql(RSVP, { i: { meetingId: m.id } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('cancelling a meeting tells everyone going or waiting, once', async () => {
    const m = await createMeeting(t, host.token, { capacity: 1 });
    const [a, b, c] = crowd.slice(40, 43);
    await t.gql(RSVP, { i: { meetingId: m.id } }, a.token);
    await t.gql(RSVP, { i: { meetingId: m.id } }, b.token);
    await t.gql(RSVP, { i: { meetingId: m.id } }, c.token);
    await t.gql(CANCEL_RSVP, { i: { meetingId: m.id } }, c.token);
    const r = await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'Snow' } }, host.token);
    expect(r.data.cancelMeeting.meeting).toMatchObject({ status: 'CANCELLED', cancelReason: 'Snow' });
    await t.gql(CANCEL, { i: { meetingId: m.id, reason: 'Snow' } }, host.token);
    const notes = await t.sql(
      `SELECT user_id, message FROM notifications WHERE kind = 'MEETING_CANCELLED' AND subject_id = $1 ORDER BY user_id`,
      [m.id],
    );
    expect(notes.map((n) => n.user_id).sort()).toEqual([a.id, b.id].sort());
    expect(notes[0].message).not.toContain('Tuesday');
  });
});
