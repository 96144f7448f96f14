import { DateTime } from 'luxon';
import { Role } from '../src/core/auth';
import { addDays, todayIn } from '../src/modules/sobriety/milestones';
import type { Visibility } from '../src/modules/sobriety/sobriety.enums';
import { MENTOR_LOOKUP } from '../src/modules/sobriety/sobriety.ports';
import { codes, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';

const SOBRIETY = `date days visibility milestones { id label reachedOn member { id } } nextMilestone { label date } journeys { id startDate isCurrent endedAt } announceMilestones`;
const SET = `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { ${SOBRIETY} } } }`;
const MINE = `{ viewer { sobriety { ${SOBRIETY} } } }`;
const THEIRS = `query($id: ID!) { user(id: $id) { sobriety { date days visibility milestones { id label } nextMilestone { label } journeys { id } announceMilestones } } }`;
const FEED = `query($first: Int, $after: String) { milestoneFeed(first: $first, after: $after) { edges { cursor node { id label reachedOn member { id } } } pageInfo { hasNextPage endCursor } totalCount } }`;
const CONGRATULATE = `mutation($i: CongratulateInput!) { congratulate(input: $i) { congratulation { id message milestone { id label } from { id } } } }`;
const ACCESS_LOG = `{ viewer { sobrietyAccessLog(first: 50) { edges { node { field reason accessedAt viewer { id } } } totalCount } } }`;

const TZ = 'America/Chicago';
const today = () => todayIn(TZ, new Date());
const daysAgo = (n: number) => addDays(today(), -n);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function setDate(u: TestUser, date: string, visibility = 'NETWORK', announce?: boolean) {
  const r = await t.gql(SET, { i: { date, visibility, ...(announce === undefined ? {} : { announce }) } }, u.token);
  expect(r.errors).toBeUndefined();
  return r.data.setSobrietyDate.sobriety;
}

/**
 * Enters the date as the member did yesterday (the service, with yesterday's clock): a milestone
 * reached today is then news for the award job, where one reached by the day of entry is
 * recorded at once, silently.
 */
async function enteredYesterday(u: TestUser, date: string, visibility = 'NETWORK') {
  const yesterday = DateTime.now().setZone(TZ).startOf('day').minus({ milliseconds: 1 }).toJSDate();
  const viewer = { id: u.id, role: Role.MEMBER, isMentor: false, displayName: u.displayName, timeZone: TZ };
  await t.app.services.sobriety.setSobrietyDate(viewer, { date, visibility: visibility as Visibility }, yesterday);
}

async function state(userId: string) {
  const [row] = await t.sql(
    `SELECT (SELECT count(*) FROM sobriety_journeys WHERE user_id = $1)::int AS journeys,
            (SELECT string_agg(start_date::text || ':' || visibility || ':' || is_current, ',' ORDER BY created_at) FROM sobriety_journeys WHERE user_id = $1) AS detail,
            (SELECT count(*) FROM sobriety_settings WHERE user_id = $1)::int AS settings,
            (SELECT count(*) FROM notifications)::int AS notifications`,
    [userId],
  );
  return row;
}

async function notificationsOf(userId: string) {
  return t.sql(`SELECT kind, message, subject_id FROM notifications WHERE user_id = $1 ORDER BY created_at`, [userId]);
}

describe('setSobrietyDate', () => {
  it('sets the date and reads it back on the member’s calendar', async () => {
    const u = await t.user('MEMBER');
    const s = await setDate(u, daysAgo(10), 'PRIVATE');
    expect(s).toMatchObject({
      date: daysAgo(10),
      days: 10,
      visibility: 'PRIVATE',
      // Already reached when entered: recorded at once.
      milestones: [{ label: '24 hours', reachedOn: daysAgo(9), member: { id: u.id } }],
      announceMilestones: true,
    });
    expect(s.nextMilestone).toEqual({ label: '30 days', date: addDays(daysAgo(10), 30) });
    expect(s.journeys).toHaveLength(1);
    expect(s.journeys[0]).toMatchObject({ startDate: daysAgo(10), isCurrent: true, endedAt: null });
    const mine = await t.gql(MINE, {}, u.token);
    expect(mine.data.viewer.sobriety.date).toBe(daysAgo(10));
  });

  it('bad input gets its code and field, and changes nothing', async () => {
    const u = await t.user('MEMBER');
    await setDate(u, daysAgo(5), 'COORDINATORS');
    const before = await state(u.id);
    const cases: Array<[Record<string, unknown>, string | undefined, string | undefined]> = [
      [{ date: addDays(today(), 2), visibility: 'NETWORK' }, 'date', 'FUTURE'],
      [{ date: '1899-12-31', visibility: 'NETWORK' }, 'date', 'TOO_EARLY'],
      [{ date: '2025-02-30', visibility: 'NETWORK' }, undefined, undefined],
      [{ date: 'yesterday', visibility: 'NETWORK' }, undefined, undefined],
      [{ date: daysAgo(3), visibility: 'EVERYONE' }, undefined, undefined],
    ];
    for (const [input, field, reason] of cases) {
      const r = await t.gql(SET, { i: { ...input, announce: false } }, u.token);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      if (field) {
        expect(r.errors![0].extensions).toMatchObject({ field, reason });
        expect(r.errors![0].message).not.toContain(String(input.date));
      }
    }
    expect(await state(u.id)).toEqual(before);
    expect(codes(await t.gql(SET, { i: { date: daysAgo(1), visibility: 'NETWORK' } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('"future" is judged in the member’s own time zone', async () => {
    const east = await t.user('MEMBER');
    const west = await t.user('MEMBER');
    const zone = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { user { timeZone } } }`;
    await t.gql(zone, { i: { timeZone: 'Pacific/Kiritimati' } }, east.token);
    await t.gql(zone, { i: { timeZone: 'Pacific/Pago_Pago' } }, west.token);
    const kiritimatiToday = todayIn('Pacific/Kiritimati', new Date());
    expect(
      (await t.gql(SET, { i: { date: kiritimatiToday, visibility: 'PRIVATE' } }, east.token)).errors,
    ).toBeUndefined();
    // Pago Pago is 25 hours behind: Kiritimati's today has not begun there yet.
    const r = await t.gql(SET, { i: { date: kiritimatiToday, visibility: 'PRIVATE' } }, west.token);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date', reason: 'FUTURE' });
  });

  it('a different date is a reset: the old journey is kept privately, nobody else can tell', async () => {
    const u = await t.user('MEMBER');
    const other = await t.user('MEMBER');
    const coordinator = await t.user('COORDINATOR');
    await setDate(u, daysAgo(400), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const notesBefore = (await t.sql(`SELECT count(*)::int AS n FROM notifications`))[0].n;
    const feedBefore = (await t.gql(FEED, { first: 100 }, other.token)).data.milestoneFeed.edges;

    const s = await setDate(u, daysAgo(3), 'NETWORK');
    // The new journey's own milestones only, recorded silently as it was entered.
    expect(s).toMatchObject({ date: daysAgo(3), days: 3, milestones: [{ label: '24 hours', reachedOn: daysAgo(2) }] });
    expect(s.journeys.map((j: any) => [j.startDate, j.isCurrent])).toEqual([
      [daysAgo(3), true],
      [daysAgo(400), false],
    ]);
    expect(s.journeys[1].endedAt).not.toBeNull();
    // Nothing announced or notified, to anyone.
    expect((await t.sql(`SELECT count(*)::int AS n FROM notifications`))[0].n).toBe(notesBefore);
    expect((await t.gql(FEED, { first: 100 }, other.token)).data.milestoneFeed.edges).toEqual(feedBefore);
    // Others see the current date only; never the journeys.
    for (const viewer of [other, coordinator]) {
      const theirs = (await t.gql(THEIRS, { id: u.id }, viewer.token)).data.user.sobriety;
      expect(theirs).toMatchObject({ date: daysAgo(3), journeys: null, announceMilestones: null });
      expect(theirs.milestones.map((m: any) => m.label)).toEqual(['24 hours']);
    }
    // The old journey's milestones stay with it, for the member alone.
    const old = await t.sql(
      `SELECT count(*)::int AS n FROM sobriety_milestones m JOIN sobriety_journeys j ON j.id = m.journey_id WHERE j.user_id = $1 AND NOT j.is_current`,
      [u.id],
    );
    expect(old[0].n).toBe(7);
  });

  it('the same date with another visibility is not a reset', async () => {
    const u = await t.user('MEMBER');
    await setDate(u, daysAgo(40), 'PRIVATE');
    const s = await setDate(u, daysAgo(40), 'NETWORK', false);
    expect(s).toMatchObject({ visibility: 'NETWORK', announceMilestones: false });
    expect(s.journeys).toHaveLength(1);
  });

  it('concurrent calls leave exactly one current journey', async () => {
    const u = await t.user('MEMBER');
    const results = await Promise.all(
      [5, 6, 7, 8, 9].map((n) => t.gql(SET, { i: { date: daysAgo(n), visibility: 'PRIVATE' } }, u.token)),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    const [row] = await t.sql(
      `SELECT count(*) FILTER (WHERE is_current)::int AS current, count(*)::int AS all FROM sobriety_journeys WHERE user_id = $1`,
      [u.id],
    );
    expect(row).toEqual({ current: 1, all: 5 });
  });
});

describe('awardDueMilestones', () => {
  it('a date 400 days ago: every reached milestone recorded once, silently', async () => {
    const u = await t.user('MEMBER');
    const other = await t.user('MEMBER');
    await setDate(u, daysAgo(400), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const s = (await t.gql(MINE, {}, u.token)).data.viewer.sobriety;
    expect(s.milestones.map((m: any) => m.label)).toEqual([
      '24 hours',
      '30 days',
      '60 days',
      '90 days',
      '6 months',
      '9 months',
      '1 year',
    ]);
    expect(s.milestones[0].reachedOn).toBe(daysAgo(399));
    expect(s.nextMilestone.label).toBe('18 months');
    // Old news: no notification to the member, nothing in anyone's feed.
    expect(await notificationsOf(u.id)).toEqual([]);
    const feed = (await t.gql(FEED, { first: 100 }, other.token)).data.milestoneFeed.edges;
    expect(feed.filter((e: any) => e.node.member.id === u.id)).toEqual([]);
  });

  it('a milestone reached today is announced and notified, with no health data beyond its label', async () => {
    const u = await t.user('MEMBER');
    await enteredYesterday(u, daysAgo(30), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const notes = await notificationsOf(u.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'MILESTONE_REACHED', message: 'You reached a milestone: 30 days.' });
    const rows = await t.sql(`SELECT label, announced FROM sobriety_milestones WHERE user_id = $1 ORDER BY position`, [
      u.id,
    ]);
    expect(rows).toEqual([
      { label: '24 hours', announced: false },
      { label: '30 days', announced: true },
    ]);
  });

  it('two runs at once award each milestone exactly once', async () => {
    const users = await Promise.all([1, 2, 3].map(() => t.user('MEMBER')));
    for (const u of users) await enteredYesterday(u, daysAgo(30), 'NETWORK');
    const now = new Date();
    const runs = await Promise.all([1, 2, 3, 4].map(() => t.app.services.sobriety.awardDueMilestones(now)));
    const ids = users.map((u) => u.id);
    const rows = await t.sql(
      `SELECT user_id, label, count(*)::int AS n FROM sobriety_milestones WHERE user_id = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
    const notes = await t.sql(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1) AND kind = 'MILESTONE_REACHED'`,
      [ids],
    );
    expect(notes[0].n).toBe(3);
    // "24 hours" was recorded when each date was entered: the runs award "30 days", once each.
    expect(runs.reduce((a, r) => a + r.awarded, 0)).toBe(3);
    // Run again: nothing new.
    expect((await t.app.services.sobriety.awardDueMilestones(now)).awarded).toBe(0);
  });

  it('after downtime, a later run catches up every missed milestone once', async () => {
    const u = await t.user('MEMBER');
    await setDate(u, daysAgo(28), 'NETWORK');
    const now = new Date();
    await t.app.services.sobriety.awardDueMilestones(now);
    expect(
      (await t.sql(`SELECT label FROM sobriety_milestones WHERE user_id = $1`, [u.id])).map((r: any) => r.label),
    ).toEqual(['24 hours']);
    // Down for 40 days: 30 and 60 days were both missed.
    const later = new Date(now.getTime() + 40 * 86_400_000);
    await Promise.all([
      t.app.services.sobriety.awardDueMilestones(later),
      t.app.services.sobriety.awardDueMilestones(later),
    ]);
    await t.app.services.sobriety.awardDueMilestones(later);
    const rows = await t.sql(
      `SELECT label, reached_on::text AS reached_on, announced FROM sobriety_milestones WHERE user_id = $1 ORDER BY position`,
      [u.id],
    );
    expect(rows).toEqual([
      { label: '24 hours', reached_on: daysAgo(27), announced: false },
      { label: '30 days', reached_on: addDays(daysAgo(28), 30), announced: false },
      { label: '60 days', reached_on: addDays(daysAgo(28), 60), announced: false },
    ]);
    // The member hears about both missed milestones, once each.
    expect((await notificationsOf(u.id)).map((n: any) => n.message)).toEqual([
      'You reached a milestone: 30 days.',
      'You reached a milestone: 60 days.',
    ]);
  });

  it('a milestone is reached on the member’s local date', async () => {
    const u = await t.user('MEMBER');
    await t.gql(`mutation { updateProfile(input: { timeZone: "Pacific/Apia" }) { user { id } } }`, {}, u.token);
    const now = new Date();
    const apiaToday = todayIn('Pacific/Apia', now);
    await setDate(u, addDays(apiaToday, -29), 'PRIVATE');
    // Shortly after the next midnight in Apia (00:10 to 01:10), and an hour or two before it.
    const apiaHour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Pacific/Apia', hour: '2-digit', hourCycle: 'h23' }).format(now),
    );
    const nextLocalMidnight = new Date(now.getTime() + (24 - apiaHour) * 3600_000 + 600_000);
    const lateEvening = new Date(nextLocalMidnight.getTime() - 2 * 3600_000 - 600_000);
    expect(todayIn('Pacific/Apia', lateEvening)).toBe(apiaToday);
    expect(todayIn('Pacific/Apia', nextLocalMidnight)).toBe(addDays(apiaToday, 1));
    await t.app.services.sobriety.awardDueMilestones(lateEvening);
    expect(
      (await t.sql(`SELECT label FROM sobriety_milestones WHERE user_id = $1`, [u.id])).map((r: any) => r.label),
    ).toEqual(['24 hours']);
    await t.app.services.sobriety.awardDueMilestones(nextLocalMidnight);
    expect(
      (await t.sql(`SELECT label FROM sobriety_milestones WHERE user_id = $1 ORDER BY position`, [u.id])).map(
        (r: any) => r.label,
      ),
    ).toEqual(['24 hours', '30 days']);
  });
});

describe('celebrations', () => {
  let member: TestUser;
  let friend: TestUser;
  let milestoneId: string;

  beforeAll(async () => {
    member = await t.user('MEMBER', 'Celebrated');
    friend = await t.user('MEMBER', 'Friend');
    await enteredYesterday(member, daysAgo(30), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const feed = (await t.gql(FEED, { first: 100 }, friend.token)).data.milestoneFeed;
    const mine = feed.edges.filter((e: any) => e.node.member.id === member.id);
    expect(mine.map((e: any) => e.node.label)).toEqual(['30 days']);
    milestoneId = mine[0].node.id;
  });

  it('congratulate: notifies the member once; a repeat is a CONFLICT', async () => {
    const r = await t.gql(CONGRATULATE, { i: { milestoneId, message: '  So proud of you!  ' } }, friend.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.congratulate.congratulation).toMatchObject({
      message: 'So proud of you!',
      milestone: { id: milestoneId },
      from: { id: friend.id },
    });
    // Read as the member reads it: the sender's name is filled in then (it is stored as an actor id).
    const notes = (
      await t.gql(`{ notifications(first: 50) { edges { node { kind message subjectId } } } }`, {}, member.token)
    ).data.notifications.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.kind === 'CONGRATULATED');
    expect(notes).toEqual([
      { kind: 'CONGRATULATED', message: 'Friend sent you congratulations.', subjectId: milestoneId },
    ]);
    const again = await t.gql(CONGRATULATE, { i: { milestoneId, message: 'Again!' } }, friend.token);
    expect(codes(again)).toEqual(['CONFLICT']);
    const both = await Promise.all(
      [1, 2, 3].map(async () =>
        t.gql(CONGRATULATE, { i: { milestoneId, message: 'x' } }, (await t.user('MEMBER')).token),
      ),
    );
    expect(both.every((b) => !b.errors)).toBe(true);
    expect(
      (
        await t.sql(`SELECT count(*)::int AS n FROM milestone_congratulations WHERE milestone_id = $1`, [milestoneId])
      )[0].n,
    ).toBe(4);
  });

  it('concurrent congratulations by one person: exactly one', async () => {
    const fan = await t.user('MEMBER');
    const rs = await Promise.all(
      [1, 2, 3, 4, 5].map(() => t.gql(CONGRATULATE, { i: { milestoneId, message: 'Yay' } }, fan.token)),
    );
    expect(rs.filter((r) => !r.errors)).toHaveLength(1);
    expect(rs.filter((r) => codes(r)[0] === 'CONFLICT')).toHaveLength(4);
  });

  it('not oneself, not an invisible or unknown milestone, not an empty message', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM milestone_congratulations`))[0].n;
    const self = await t.gql(CONGRATULATE, { i: { milestoneId, message: 'Me!' } }, member.token);
    expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'milestoneId' });
    const hidden = await t.user('MEMBER');
    await setDate(hidden, daysAgo(30), 'PRIVATE');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const [privateMilestone] = await t.sql(`SELECT id FROM sobriety_milestones WHERE user_id = $1 LIMIT 1`, [
      hidden.id,
    ]);
    expect(
      codes(await t.gql(CONGRATULATE, { i: { milestoneId: privateMilestone.id, message: 'Hi' } }, friend.token)),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(CONGRATULATE, { i: { milestoneId: 'not-a-uuid', message: 'Hi' } }, friend.token))).toEqual(
      ['NOT_FOUND'],
    );
    expect(
      codes(
        await t.gql(
          CONGRATULATE,
          { i: { milestoneId: '00000000-0000-4000-8000-000000000000', message: 'Hi' } },
          friend.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const empty = await t.gql(CONGRATULATE, { i: { milestoneId, message: '   ' } }, (await t.user('MEMBER')).token);
    expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
    expect((await t.sql(`SELECT count(*)::int AS n FROM milestone_congratulations`))[0].n).toBe(before);
  });

  it('a reset hides the old journey’s milestones from the feed and from congratulations', async () => {
    const m = await t.user('MEMBER');
    await enteredYesterday(m, daysAgo(30), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const [announced] = await t.sql(`SELECT id FROM sobriety_milestones WHERE user_id = $1 AND announced`, [m.id]);
    await setDate(m, daysAgo(2), 'NETWORK');
    const feed = (await t.gql(FEED, { first: 100 }, friend.token)).data.milestoneFeed.edges;
    expect(feed.map((e: any) => e.node.id)).not.toContain(announced.id);
    expect(codes(await t.gql(CONGRATULATE, { i: { milestoneId: announced.id, message: 'Hi' } }, friend.token))).toEqual(
      ['NOT_FOUND'],
    );
  });

  it('opting out removes the member from others’ feeds, whatever the visibility', async () => {
    const quiet = await t.user('MEMBER');
    await enteredYesterday(quiet, daysAgo(30), 'NETWORK');
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const ids = async () =>
      (await t.gql(FEED, { first: 100 }, friend.token)).data.milestoneFeed.edges.map((e: any) => e.node.member.id);
    expect(await ids()).toContain(quiet.id);
    const r = await t.gql(
      `mutation { setMilestoneAnnouncements(input: { enabled: false }) { enabled } }`,
      {},
      quiet.token,
    );
    expect(r.data.setMilestoneAnnouncements.enabled).toBe(false);
    expect(await ids()).not.toContain(quiet.id);
    // Still visible where the member chose NETWORK.
    expect((await t.gql(THEIRS, { id: quiet.id }, friend.token)).data.user.sobriety.date).toBe(daysAgo(30));
  });

  it('the feed pages newest first with stable cursors', async () => {
    const first = (await t.gql(FEED, { first: 2 }, friend.token)).data.milestoneFeed;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await t.gql(FEED, { first: 100, after: first.pageInfo.endCursor }, friend.token)).data
      .milestoneFeed;
    const all = (await t.gql(FEED, { first: 100 }, friend.token)).data.milestoneFeed;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual(all.edges.map((e: any) => e.node.id));
    expect(all.totalCount).toBe(all.edges.length);
    expect(codes(await t.gql(FEED, { first: 2, after: 'garbage' }, friend.token))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(FEED, { first: 0 }, friend.token))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('access log', () => {
  it('records reads by coordinators and mentors, per field; the member sees them', async () => {
    const member = await t.user('MEMBER');
    const coordinator = await t.user('COORDINATOR');
    const mentor = await t.user('MEMBER');
    const peer = await t.user('MEMBER');
    await enteredYesterday(member, daysAgo(30), 'COORDINATORS');
    await t.app.services.sobriety.awardDueMilestones(new Date());

    const r = await t.gql(
      `query($id: ID!) { user(id: $id) { sobriety { date milestones { label } } } }`,
      { id: member.id },
      coordinator.token,
    );
    expect(r.data.user.sobriety.date).toBe(daysAgo(30));
    // The member's own reads and a peer's denied read are not recorded.
    await t.gql(MINE, {}, member.token);
    expect((await t.gql(THEIRS, { id: member.id }, peer.token)).data.user.sobriety).toBeNull();

    // Stands in for an active match, through the port mentoring offers sobriety.
    const lookup = t.app.composition.registry.get(MENTOR_LOOKUP);
    const mentorOf = jest
      .spyOn(lookup, 'activeMentorOf')
      .mockImplementation(async (id) => (id === member.id ? mentor.id : null));
    const menteesOf = jest
      .spyOn(lookup, 'activeMenteesOf')
      .mockImplementation(async (id) => (id === mentor.id ? [member.id] : []));
    try {
      const m = await t.gql(`query($id: ID!) { user(id: $id) { sobriety { days } } }`, { id: member.id }, mentor.token);
      expect(m.data.user.sobriety.days).toBe(30);
      const feed = (await t.gql(FEED, { first: 100 }, mentor.token)).data.milestoneFeed.edges;
      expect(feed.map((e: any) => e.node.member.id)).toContain(member.id);
    } finally {
      mentorOf.mockRestore();
      menteesOf.mockRestore();
    }
    // Without the match, the mentor sees nothing.
    expect(
      (await t.gql(`query($id: ID!) { user(id: $id) { sobriety { days } } }`, { id: member.id }, mentor.token)).data
        .user.sobriety,
    ).toBeNull();

    const log = (await t.gql(ACCESS_LOG, {}, member.token)).data.viewer.sobrietyAccessLog;
    const entries = log.edges.map((e: any) => [e.node.viewer.id, e.node.reason, e.node.field]).sort();
    expect(entries).toEqual(
      [
        [coordinator.id, 'COORDINATOR', 'Sobriety.date'],
        [coordinator.id, 'COORDINATOR', 'Sobriety.milestones'],
        [mentor.id, 'MENTOR', 'Sobriety.days'],
        [mentor.id, 'MENTOR', 'milestoneFeed'],
      ].sort(),
    );
    // Nobody else can read someone's access log.
    expect(
      (
        await t.gql(
          `query($id: ID!) { user(id: $id) { sobrietyAccessLog { totalCount } } }`,
          { id: member.id },
          coordinator.token,
        )
      ).data.user.sobrietyAccessLog,
    ).toBeNull();
  });
});

describe('milestoneReached subscription', () => {
  it('delivers to those who may see it, and records coordinator deliveries', async () => {
    const member = await t.user('MEMBER');
    const coordinator = await t.user('COORDINATOR');
    const peer = await t.user('MEMBER');
    await enteredYesterday(member, daysAgo(30), 'COORDINATORS');
    const q = `subscription { milestoneReached { id label reachedOn member { id } } }`;
    const bySelf = subscribe(t.ws(member.token).client, q);
    const byCoordinator = subscribe(t.ws(coordinator.token).client, q);
    const byPeer = subscribe(t.ws(peer.token).client, q);
    await sleep(300);
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const [ev] = await byCoordinator.waitFor(1);
    expect(ev.data!.milestoneReached).toMatchObject({
      label: '30 days',
      reachedOn: today(),
      member: { id: member.id },
    });
    await bySelf.waitFor(1);
    await sleep(300);
    expect(byPeer.events.filter((e) => e.data?.milestoneReached.member.id === member.id)).toEqual([]);
    const log = await t.sql(`SELECT field, reason FROM sobriety_access_log WHERE member_id = $1 AND viewer_id = $2`, [
      member.id,
      coordinator.id,
    ]);
    expect(log).toEqual([{ field: 'milestoneReached', reason: 'COORDINATOR' }]);
  });
});
