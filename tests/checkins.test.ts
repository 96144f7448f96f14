import fc from 'fast-check';
import type { AuthUser } from '../src/core/auth';
import { Role } from '../src/core/auth';
import { rows, sql } from '../src/core/sql';
import { addDays, todayIn } from '../src/modules/checkins/checkins.dates';
import { checkInStreak, checkInStreakSql, trendWindows } from '../src/modules/checkins/checkins.policy';
import { CHECKINS } from '../src/modules/checkins/checkins.ports';
import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { MENTORING_ENV } from './helpers/mentoring';

/**
 * Daily check-ins: one per day on the member's own calendar (across DST and time-zone moves,
 * under concurrency), the streak and the trend. The clock is set through the service (the
 * CHECKINS port); everything else goes through the API.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(MENTORING_ENV);
});
afterAll(() => t.stop());

const CHECK_IN = `mutation($i: DailyCheckInInput!) { dailyCheckIn(input: $i) { checkIn { id day mood craving attendedMeeting note member { id } createdAt updatedAt } } }`;
const MOVE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { user { timeZone } } }`;

const service = () => t.app.composition.registry.get(CHECKINS);
const asAuth = (u: TestUser): AuthUser => ({
  id: u.id,
  role: Role.MEMBER,
  isMentor: false,
  displayName: u.displayName,
  timeZone: 'America/Chicago',
});

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** Checks in through the service at the instant `at` (with its offset), as the member. */
async function checkInAt(u: TestUser, at: string, mood = 3, craving = 2) {
  return service().dailyCheckIn(asAuth(u), { mood, craving }, new Date(at));
}

async function days(u: TestUser): Promise<Array<{ day: string; mood: number }>> {
  return t.sql(`SELECT day::text AS day, mood FROM daily_check_ins WHERE member_id = $1 ORDER BY day`, [u.id]);
}

async function moveTo(u: TestUser, timeZone: string) {
  await ok(MOVE, { i: { timeZone } }, u.token);
}

describe('dailyCheckIn', () => {
  it("is for today on the member's calendar; again the same day updates it", async () => {
    const u = await t.user('MEMBER', 'Daily Dana');
    const first = (
      await ok(CHECK_IN, { i: { mood: 2, craving: 6, attendedMeeting: true, note: 'Hard morning.' } }, u.token)
    ).dailyCheckIn.checkIn;
    expect(first).toMatchObject({
      day: todayIn('America/Chicago', new Date()),
      mood: 2,
      craving: 6,
      attendedMeeting: true,
      note: 'Hard morning.',
      member: { id: u.id },
    });
    // Left out: the note and the meeting stay; given: they change.
    const second = (await ok(CHECK_IN, { i: { mood: 4, craving: 3 } }, u.token)).dailyCheckIn.checkIn;
    expect(second).toMatchObject({ id: first.id, mood: 4, craving: 3, attendedMeeting: true, note: 'Hard morning.' });
    expect(second.createdAt).toBe(first.createdAt);
    const third = (await ok(CHECK_IN, { i: { mood: 4, craving: 3, note: null, attendedMeeting: false } }, u.token))
      .dailyCheckIn.checkIn;
    expect(third).toMatchObject({ id: first.id, note: null, attendedMeeting: false });
    expect(await days(u)).toHaveLength(1);
  });

  it('refuses moods, cravings and notes out of range, naming the field, and changes nothing', async () => {
    const u = await t.user('MEMBER');
    await ok(CHECK_IN, { i: { mood: 3, craving: 3, note: 'Kept.' } }, u.token);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ mood: 0, craving: 3 }, 'mood'],
      [{ mood: 6, craving: 3 }, 'mood'],
      [{ mood: 3, craving: -1 }, 'craving'],
      [{ mood: 3, craving: 11 }, 'craving'],
      [{ mood: 3, craving: 3, note: 'x'.repeat(1001) }, 'note'],
      [{ mood: 3, craving: 3, note: 'bad\u0000byte' }, 'note'],
    ];
    for (const [input, field] of cases) {
      const r = await t.gql(CHECK_IN, { i: input }, u.token);
      expect({ field, codes: codes(r), got: r.errors?.[0].extensions?.field }).toEqual({
        field,
        codes: ['BAD_USER_INPUT'],
        got: field,
      });
    }
    const [row] = await t.sql(`SELECT mood, craving, note FROM daily_check_ins WHERE member_id = $1`, [u.id]);
    expect(row).toEqual({ mood: 3, craving: 3, note: 'Kept.' });
    const long = await t.gql(CHECK_IN, { i: { mood: 3, craving: 3, note: 'y'.repeat(1000) } }, u.token);
    expect(long.errors).toBeUndefined();
  });

  it('ten at once give one row', async () => {
    const u = await t.user('MEMBER', 'Racing Ray');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.gql(CHECK_IN, { i: { mood: (i % 5) + 1, craving: i } }, u.token)),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(new Set(results.map((r) => r.data.dailyCheckIn.checkIn.id)).size).toBe(1);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM daily_check_ins WHERE member_id = $1`, [u.id]);
    expect(n).toBe(1);
  });

  it('needs a session', async () => {
    expect(codes(await t.gql(CHECK_IN, { i: { mood: 3, craving: 3 } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('one check-in per local day', () => {
  it('across the spring DST change (America/Chicago, 8 March 2026: a 23-hour day)', async () => {
    const u = await t.user('MEMBER', 'Spring Forward');
    await checkInAt(u, '2026-03-07T23:30:00-06:00', 1);
    await checkInAt(u, '2026-03-08T00:30:00-06:00', 2);
    // 23 hours later, still 8 March locally (a UTC date would say the 9th).
    await checkInAt(u, '2026-03-08T23:30:00-05:00', 3);
    await checkInAt(u, '2026-03-09T00:10:00-05:00', 4);
    expect(await days(u)).toEqual([
      { day: '2026-03-07', mood: 1 },
      { day: '2026-03-08', mood: 3 },
      { day: '2026-03-09', mood: 4 },
    ]);
    expect(await service().streakOf(u.id, new Date('2026-03-09T12:00:00-05:00'))).toBe(3);
  });

  it('across the autumn DST change (1 November 2026: 01:30 happens twice, a 25-hour day)', async () => {
    const u = await t.user('MEMBER', 'Fall Back');
    await checkInAt(u, '2026-10-31T23:59:00-05:00', 1);
    await checkInAt(u, '2026-11-01T01:30:00-05:00', 2);
    await checkInAt(u, '2026-11-01T01:30:00-06:00', 3); // the second 01:30, an hour later
    await checkInAt(u, '2026-11-01T23:59:00-06:00', 4); // 24.5 hours after the first, same local day
    expect(await days(u)).toEqual([
      { day: '2026-10-31', mood: 1 },
      { day: '2026-11-01', mood: 4 },
    ]);
    expect(await service().streakOf(u.id, new Date('2026-11-02T20:00:00-06:00'))).toBe(2);
    expect(await service().streakOf(u.id, new Date('2026-11-03T00:30:00-06:00'))).toBe(0);
  });

  it('across a move east and a move west, and the streak survives both', async () => {
    const u = await t.user('MEMBER', 'Moving Morgan');
    await checkInAt(u, '2026-05-01T20:00:00-05:00', 1); // Chicago, 1 May (already 2 May in UTC)
    await moveTo(u, 'Asia/Tokyo');
    await checkInAt(u, '2026-05-02T10:30:00+09:00', 2); // Tokyo, 2 May: a new day
    await checkInAt(u, '2026-05-02T22:00:00+09:00', 3); // same Tokyo day: updated
    expect(await service().streakOf(u.id, new Date('2026-05-02T23:00:00+09:00'))).toBe(2);
    await moveTo(u, 'Pacific/Honolulu');
    await checkInAt(u, '2026-05-02T04:00:00-10:00', 4); // Honolulu, 2 May again: the same day, updated
    expect(await days(u)).toEqual([
      { day: '2026-05-01', mood: 1 },
      { day: '2026-05-02', mood: 4 },
    ]);
    await checkInAt(u, '2026-05-03T10:00:00-10:00', 5);
    expect(await service().streakOf(u.id, new Date('2026-05-03T11:00:00-10:00'))).toBe(3);
  });

  it('a day that is still tomorrow after a move west counts in the streak', async () => {
    const u = await t.user('MEMBER', 'Date Line');
    await moveTo(u, 'Asia/Tokyo');
    await checkInAt(u, '2026-06-01T12:00:00+09:00');
    await checkInAt(u, '2026-06-02T01:00:00+09:00'); // 2 June in Tokyo
    await moveTo(u, 'Pacific/Honolulu');
    // In Honolulu it is still 1 June: the latest check-in sits on "tomorrow".
    const now = new Date('2026-06-01T07:00:00-10:00');
    expect(todayIn('Pacific/Honolulu', now)).toBe('2026-06-01');
    expect(await service().streakOf(u.id, now)).toBe(2);
    await checkInAt(u, '2026-06-01T08:00:00-10:00', 5); // 1 June in Honolulu: that day's row
    expect((await days(u)).map((d) => d.day)).toEqual(['2026-06-01', '2026-06-02']);
  });
});

describe('the streak', () => {
  it('counts consecutive days up to today or yesterday, and nothing once two days are missed', async () => {
    const u = await t.user('MEMBER', 'Streaky');
    const at = (day: string) => `${day}T12:00:00-05:00`;
    for (const day of ['2026-07-01', '2026-07-02', '2026-07-04', '2026-07-05', '2026-07-06'])
      await checkInAt(u, at(day));
    const streakOn = (day: string, time = '09:00:00') => service().streakOf(u.id, new Date(`${day}T${time}-05:00`));
    expect(await streakOn('2026-07-06')).toBe(3);
    expect(await streakOn('2026-07-07')).toBe(3); // today not yet: yesterday still counts
    expect(await streakOn('2026-07-08')).toBe(0);
    expect(await service().streakOf((await t.user('MEMBER')).id)).toBe(0);
  });

  it('agrees with its SQL twin on random days', async () => {
    const today = '2026-03-10';
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: -40, max: 2 }), { maxLength: 25 }), async (offsets) => {
        const list = offsets.map((o) => addDays(today, o));
        const [row] = await rows<{ streak: number }>(
          t.app.ds,
          sql`SELECT ${checkInStreakSql(sql`(SELECT unnest(${list}::date[]) AS day)`, today)} AS streak`,
        );
        expect(row.streak).toBe(checkInStreak(list, today));
      }),
      { numRuns: 300 },
    );
    expect(checkInStreak(['2026-03-08', '2026-03-09'], today)).toBe(2);
    expect(checkInStreak(['2026-03-07', '2026-03-08'], today)).toBe(0);
  });

  it('is shown to the member, and to nobody without a consent', async () => {
    const u = await t.user('MEMBER');
    const other = await t.user('COORDINATOR');
    await ok(CHECK_IN, { i: { mood: 3, craving: 3 } }, u.token);
    const q = `query($id: ID!) { user(id: $id) { checkInStreak checkInTrend { checkIns } checkIns(first: 1) { totalCount } } }`;
    expect((await ok(q, { id: u.id }, u.token)).user).toEqual({
      checkInStreak: 1,
      checkInTrend: { checkIns: 1 },
      checkIns: { totalCount: 1 },
    });
    expect((await ok(q, { id: u.id }, other.token)).user).toEqual({
      checkInStreak: null,
      checkInTrend: null,
      checkIns: null,
    });
  });
});

describe('the 30-day trend', () => {
  it('averages mood and craving per week back from today, oldest first', async () => {
    const u = await t.user('MEMBER', 'Trending Tay');
    const today = '2026-04-30';
    const at = (ago: number) => `${addDays(today, -ago)}T12:00:00-05:00`;
    await checkInAt(u, at(0), 5, 1);
    await checkInAt(u, at(3), 3, 3);
    await checkInAt(u, at(7), 1, 9);
    await checkInAt(u, at(29), 2, 4);
    await checkInAt(u, at(30), 1, 10); // one day too old
    const trend = await service().trendOf(u.id, new Date(`${today}T20:00:00-05:00`));
    expect(trend).toEqual({
      from: '2026-04-01',
      to: today,
      checkIns: 4,
      averageMood: 2.75,
      averageCraving: 4.25,
      weeks: [
        { from: '2026-04-01', to: '2026-04-02', checkIns: 1, averageMood: 2, averageCraving: 4 },
        { from: '2026-04-03', to: '2026-04-09', checkIns: 0, averageMood: null, averageCraving: null },
        { from: '2026-04-10', to: '2026-04-16', checkIns: 0, averageMood: null, averageCraving: null },
        { from: '2026-04-17', to: '2026-04-23', checkIns: 1, averageMood: 1, averageCraving: 9 },
        { from: '2026-04-24', to: '2026-04-30', checkIns: 2, averageMood: 4, averageCraving: 2 },
      ],
    });
  });

  it('covers exactly the 30 days, each once', () => {
    const windows = trendWindows('2026-03-10');
    const covered: string[] = [];
    for (const w of windows) for (let d = w.from; d <= w.to; d = addDays(d, 1)) covered.push(d);
    expect(covered).toHaveLength(30);
    expect(new Set(covered).size).toBe(30);
    expect(covered[29]).toBe('2026-03-10');
  });
});

describe('viewer.checkIns', () => {
  it('pages latest day first and refuses a forged cursor before any SQL', async () => {
    const u = await t.user('MEMBER', 'Pager');
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-03']) await checkInAt(u, `${day}T12:00:00-06:00`);
    const Q = `query($after: String) { viewer { checkIns(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { day } } } } }`;
    const first = (await ok(Q, {}, u.token)).viewer.checkIns;
    expect(first.edges.map((e: any) => e.node.day)).toEqual(['2026-01-03', '2026-01-02']);
    expect(first.totalCount).toBe(3);
    const second = (await ok(Q, { after: first.pageInfo.endCursor }, u.token)).viewer.checkIns;
    expect(second.edges.map((e: any) => e.node.day)).toEqual(['2026-01-01']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const forged = Buffer.from(JSON.stringify(['2026-13-45'])).toString('base64url');
    expect(codes(await t.gql(Q, { after: forged }, u.token))).toEqual(['BAD_USER_INPUT']);
  });
});
