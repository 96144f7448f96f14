import { Role, type AuthUser } from '../src/core/auth';
import { runSeed } from '../src/seed';
import { one, sql } from '../src/core/sql';
import { CHECKINS } from '../src/modules/checkins/checkins.ports';
import { DISENGAGEMENT } from '../src/modules/disengagement/disengagement.ports';
import {
  dueSql,
  noticeDue,
  noticeMessage,
  noticeMessageSql,
  sentMessage,
  sentMessageSql,
  type QuietFacts,
} from '../src/modules/disengagement/disengagement.policy';
import type { DisengagementService } from '../src/modules/disengagement/disengagement.service';
import { PASSWORD, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { countQueries, createMeeting } from './helpers/meetings';
import { approvedMentor, END, MENTORING_ENV, requestMentor, RESPOND } from './helpers/mentoring';

const DAY = 86_400_000;
const GIVE = `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { id } } }`;
const REVOKE = `mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { consent { id } } }`;
const SET = `mutation($i: SetDisengagementAlertInput!) { setDisengagementAlert(input: $i) { disengagementAlert { enabled afterDays notify lastSentAt } } }`;
const MINE = `{ viewer { disengagementAlert { enabled afterDays notify lastSentAt } } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { kind message subjectId } } } }`;
const ATTENTION = `query($first: Int, $after: String) { membersNeedingAttention(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { member { id displayName } openReachOutSince reachOutEscalated quietSince quietDays } } } }`;

let t: TestApp;
let coordinator: TestUser;

async function ok(q: string, v: Record<string, unknown>, token: string) {
  const r = await t.gql(q, v, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

function alerts(app: TestApp['app'] = t.app): DisengagementService {
  return app.composition.registry.get(DISENGAGEMENT);
}

async function give(member: TestUser, recipientKind: string, userId?: string): Promise<string> {
  const r = await ok(
    GIVE,
    { i: { recipientKind, userId, scopes: ['DISENGAGEMENT'], purpose: 'Look in on me if I go quiet' } },
    member.token,
  );
  return r.giveConsent.consent.id;
}

/** When the member's quiet spell began: their sign-up session or the alert's turning on, whichever is later. */
async function spellStart(member: TestUser): Promise<Date> {
  const [row] = await t.sql(
    `SELECT greatest((SELECT max(created_at) FROM sessions WHERE user_id = $1),
                     (SELECT enabled_since FROM disengagement_alerts WHERE member_id = $1)) AS at`,
    [member.id],
  );
  return new Date(row.at);
}

/** The notices someone received, as `kind: message`. */
async function noticesOf(u: TestUser): Promise<string[]> {
  const r = await ok(NOTIFICATIONS, {}, u.token);
  return r.notifications.edges
    .map((e: any) => e.node)
    .filter((n: any) => n.kind.startsWith('DISENGAGEMENT'))
    .map((n: any) => `${n.kind}: ${n.message}`);
}

/** Notices about going quiet these people received (about `actor` alone, when given). */
async function countNotices(userIds: string[], actor?: TestUser): Promise<number> {
  const [{ n }] = await t.sql(
    `SELECT count(*)::int AS n FROM notifications
      WHERE user_id = ANY($1::uuid[]) AND kind::text LIKE 'DISENGAGEMENT%' AND ($2::uuid IS NULL OR actor_id = $2)`,
    [userIds, actor?.id ?? null],
  );
  return n;
}

function asAuth(u: TestUser): AuthUser {
  return { id: u.id, role: Role.MEMBER, isMentor: false, displayName: u.displayName, timeZone: 'America/Chicago' };
}

beforeAll(async () => {
  t = await startTestApp(MENTORING_ENV);
  coordinator = await t.user('COORDINATOR', 'Coordinator Quinn');
});
afterAll(() => t.stop());

describe('the rule and its SQL twin', () => {
  it('agree on when a notice is due, and on the words of both notices', async () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    const cases: QuietFacts[] = [];
    for (const enabled of [true, false])
      for (const afterDays of [3, 7, 30])
        for (const lastActivityAt of [null, at(2), at(3), at(7), at(31)])
          for (const enabledSince of [null, at(1), at(5), at(40)])
            for (const lastSentAt of [null, at(0.5), at(6), at(50)])
              cases.push({ enabled, afterDays, lastActivityAt, enabledSince, lastSentAt });
    const values = cases.map(
      (c, i) =>
        sql`(${i}::int, ${c.enabled}::boolean, ${c.afterDays}::int, ${c.enabledSince}::timestamptz,
             ${c.lastSentAt}::timestamptz, ${c.lastActivityAt}::timestamptz)`,
    );
    const row = await one<{ due: number[] }>(
      t.app.ds,
      sql`SELECT coalesce(array_agg(a.i ORDER BY a.i), '{}') AS due
            FROM (VALUES ${sql.join(values, ', ')}) AS a(i, enabled, after_days, enabled_since, last_sent_at, activity)
           WHERE ${dueSql(sql`a.activity`, now)}`,
    );
    const inTs = cases.flatMap((c, i) => (noticeDue(c, now) ? [i] : []));
    expect(inTs.length).toBeGreaterThan(10);
    expect(row!.due).toEqual(inTs);
    for (const days of [3, 12, 30]) {
      const words = await one<{ notice: string; sent: string }>(
        t.app.ds,
        sql`SELECT ${noticeMessageSql(sql`${days}::int`)} AS notice, ${sentMessageSql(sql`${days}::int`)} AS sent`,
      );
      expect(words).toEqual({ notice: noticeMessage(days), sent: sentMessage(days) });
    }
  });
});

describe('setting the alert', () => {
  it('shows the member their alert, off until they turn it on, and nobody else', async () => {
    const member = await t.user('MEMBER', 'Setting Sam');
    const stranger = await t.user('MEMBER', 'Stranger Stu');
    expect((await ok(MINE, {}, member.token)).viewer.disengagementAlert).toEqual({
      enabled: false,
      afterDays: 7,
      notify: [],
      lastSentAt: null,
    });
    await give(member, 'COORDINATORS');
    const set = await ok(SET, { i: { enabled: true, afterDays: 5, notify: ['COORDINATORS'] } }, member.token);
    expect(set.setDisengagementAlert.disengagementAlert).toEqual({
      enabled: true,
      afterDays: 5,
      notify: ['COORDINATORS'],
      lastSentAt: null,
    });
    for (const viewer of [stranger, coordinator]) {
      const r = await ok(
        `query($id: ID!) { user(id: $id) { disengagementAlert { enabled } } }`,
        { id: member.id },
        viewer.token,
      );
      expect(r.user.disengagementAlert).toBeNull();
    }
  });

  it('refuses days outside 3–30, nobody to tell, or someone without a consent, and changes nothing', async () => {
    const member = await t.user('MEMBER', 'Careful Cam');
    await give(member, 'COORDINATORS');
    await ok(SET, { i: { enabled: true, afterDays: 4, notify: ['COORDINATORS'] } }, member.token);
    const [before] = await t.sql(`SELECT * FROM disengagement_alerts WHERE member_id = $1`, [member.id]);
    const bad: Array<[Record<string, unknown>, string, string]> = [
      [{ enabled: true, afterDays: 2, notify: ['COORDINATORS'] }, 'afterDays', 'OUT_OF_RANGE'],
      [{ enabled: true, afterDays: 31, notify: ['COORDINATORS'] }, 'afterDays', 'OUT_OF_RANGE'],
      [{ enabled: false, afterDays: 0, notify: [] }, 'afterDays', 'OUT_OF_RANGE'],
      [{ enabled: true, afterDays: 5, notify: [] }, 'notify', 'EMPTY'],
      [{ enabled: true, afterDays: 5, notify: ['COORDINATORS', 'MENTOR'] }, 'notify', 'CONSENT_NEEDED'],
      [{ enabled: true, afterDays: 5, notify: ['USER'] }, 'notify', 'CONSENT_NEEDED'],
    ];
    for (const [input, field, reason] of bad) {
      const r = await t.gql(SET, { i: input }, member.token);
      expect(r.data).toBeNull();
      expect(r.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.extensions?.reason])).toEqual([
        ['BAD_USER_INPUT', field, reason],
      ]);
      expect(r.errors![0].message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    }
    const [after] = await t.sql(`SELECT * FROM disengagement_alerts WHERE member_id = $1`, [member.id]);
    expect(after).toEqual(before);
    // Turning it off needs no consent and keeps the choice for next time.
    const off = await ok(SET, { i: { enabled: false, afterDays: 4, notify: ['COORDINATORS'] } }, member.token);
    expect(off.setDisengagementAlert.disengagementAlert.enabled).toBe(false);
  });
});

describe('the sweep', () => {
  it('sends one notice per quiet spell at the threshold, and a second only after new activity and new quiet', async () => {
    const member = await t.user('MEMBER', 'Quiet Quincy');
    const friend = await t.user('MEMBER', 'Friend Fran');
    await give(member, 'USER', friend.id);
    await ok(SET, { i: { enabled: true, afterDays: 3, notify: ['USER'] } }, member.token);
    const start = await spellStart(member);
    const service = alerts();

    await service.sweep(new Date(start.getTime() + 3 * DAY - 1));
    expect(await noticesOf(friend)).toEqual([]);
    const due = new Date(start.getTime() + 3 * DAY);
    await service.sweep(due);
    expect(await noticesOf(friend)).toEqual([
      'DISENGAGEMENT_NOTICE: Quiet Quincy has been quiet on Onward for 3 days and asked us to let you know.',
    ]);
    expect(await noticesOf(member)).toEqual([
      'DISENGAGEMENT_NOTICE_SENT: You have been quiet for 3 days, so we let the people you chose know, as you asked.',
    ]);
    expect((await ok(MINE, {}, member.token)).viewer.disengagementAlert.lastSentAt).toBe(due.toISOString());

    // The same spell: the job runs again (and again days later), nobody is told twice.
    await service.sweep(due);
    await service.sweep(new Date(start.getTime() + 9 * DAY));
    expect(await noticesOf(friend)).toHaveLength(1);
    expect(await noticesOf(member)).toHaveLength(1);

    // New activity (a check-in four days in) starts a new spell, told once it too is three days long.
    const checkIns = t.app.composition.registry.get(CHECKINS);
    const back = new Date(start.getTime() + 10 * DAY);
    await checkIns.dailyCheckIn(asAuth(member), { mood: 3, craving: 2 }, back);
    await service.sweep(new Date(back.getTime() + 3 * DAY - 1));
    expect(await noticesOf(friend)).toHaveLength(1);
    await service.sweep(new Date(back.getTime() + 3 * DAY));
    await service.sweep(new Date(back.getTime() + 4 * DAY));
    expect(await noticesOf(friend)).toHaveLength(2);
    expect(await noticesOf(member)).toHaveLength(2);
  });

  it('counts RSVPs, attendance and sign-ins as activity, and sends nothing while the alert is off', async () => {
    const member = await t.user('MEMBER', 'Busy Bea');
    const friend = await t.user('MEMBER', 'Friend Flo');
    await give(member, 'USER', friend.id);
    await ok(SET, { i: { enabled: true, afterDays: 3, notify: ['USER'] } }, member.token);
    const start = await spellStart(member);
    // A later sign-in, then an RSVP and a check-in at a meeting, each pushing the spell on.
    await t.sql(`UPDATE sessions SET created_at = $2 WHERE user_id = $1`, [member.id, new Date(start.getTime() + DAY)]);
    const host = await t.user('COORDINATOR', 'Host Hal');
    const meeting = await createMeeting(t, host.token);
    await ok(
      `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { id } } }`,
      { i: { meetingId: meeting.id } },
      member.token,
    );
    await t.sql(`UPDATE meeting_rsvps SET updated_at = $2 WHERE user_id = $1`, [
      member.id,
      new Date(start.getTime() + 2 * DAY),
    ]);
    const service = alerts();
    await service.sweep(new Date(start.getTime() + 5 * DAY - 1));
    expect(await noticesOf(friend)).toEqual([]);
    await t.sql(
      `INSERT INTO meeting_attendance (meeting_id, user_id, checked_in_by_id, checked_in_at) VALUES ($1, $2, $3, $4)`,
      [meeting.id, member.id, host.id, new Date(start.getTime() + 4 * DAY)],
    );
    await service.sweep(new Date(start.getTime() + 7 * DAY - 1));
    expect(await noticesOf(friend)).toEqual([]);
    await service.sweep(new Date(start.getTime() + 7 * DAY));
    expect(await noticesOf(friend)).toHaveLength(1);
    // Off: a new spell after new activity goes untold.
    await t.app.composition.registry
      .get(CHECKINS)
      .dailyCheckIn(asAuth(member), { mood: 3, craving: 3 }, new Date(start.getTime() + 8 * DAY));
    await ok(SET, { i: { enabled: false, afterDays: 3, notify: ['USER'] } }, member.token);
    await service.sweep(new Date(start.getTime() + 30 * DAY));
    expect(await noticesOf(friend)).toHaveLength(1);
    expect(await noticesOf(member)).toHaveLength(1);
  });

  it('tells only the people the member chose whose consent is in effect, never someone blocked, suspended or gone', async () => {
    const member = await t.user('MEMBER', 'Chooser Cleo');
    const mentor = await approvedMentor(t, coordinator, {}, 'Mentor Mo');
    const match = await requestMentor(t, member);
    expect(match.match.mentor.id).toBe(mentor.id);
    await ok(RESPOND, { i: { matchId: match.match.id, accept: true } }, mentor.token);
    const [told, blocked, blocker, suspended, gone, revoked, unasked] = await Promise.all(
      ['Told Tia', 'Blocked Bo', 'Blocker Bex', 'Suspended Sid', 'Gone Gil', 'Revoked Rae', 'Unasked Uma'].map((n) =>
        t.user('MEMBER', n),
      ),
    );
    for (const u of [told, blocked, blocker, suspended, gone]) await give(member, 'USER', u.id);
    const revokedConsent = await give(member, 'USER', revoked.id);
    await give(member, 'MENTOR');
    const coordinatorsConsent = await give(member, 'COORDINATORS');
    await ok(SET, { i: { enabled: true, afterDays: 3, notify: ['USER', 'MENTOR', 'COORDINATORS'] } }, member.token);
    // After the choice: a block either way, a suspension, a deleted account, two revocations.
    await ok(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: blocked.id } },
      member.token,
    );
    await ok(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: member.id } },
      blocker.token,
    );
    await ok(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: suspended.id, until: new Date(Date.now() + 365 * DAY).toISOString(), reason: 'Cooling off' } },
      coordinator.token,
    );
    await ok(
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      gone.token,
    );
    await ok(REVOKE, { i: { consentId: revokedConsent } }, member.token);
    await ok(REVOKE, { i: { consentId: coordinatorsConsent } }, member.token);

    const start = await spellStart(member);
    await alerts().sweep(new Date(start.getTime() + 4 * DAY));
    const [admin] = await t.sql(`SELECT id FROM users WHERE role = 'ADMIN'`);
    const reached = await t.sql(
      `SELECT user_id FROM notifications WHERE kind = 'DISENGAGEMENT_NOTICE' AND actor_id = $1 ORDER BY user_id`,
      [member.id],
    );
    expect(reached.map((r: any) => r.user_id).sort()).toEqual([told.id, mentor.id].sort());
    expect(await countNotices([blocked.id, blocker.id, suspended.id, gone.id, revoked.id, unasked.id])).toBe(0);
    expect(await countNotices([coordinator.id, admin.id], member)).toBe(0);
    expect(await noticesOf(told)).toEqual([
      'DISENGAGEMENT_NOTICE: Chooser Cleo has been quiet on Onward for 4 days and asked us to let you know.',
    ]);
    expect(await noticesOf(member)).toHaveLength(1);

    // A mentor whose match ended is no longer the member's MENTOR.
    await ok(END, { i: { matchId: match.match.id, reason: 'Moving away' } }, member.token);
    await checkInAndGoQuiet(member, start);
    expect(await countNotices([mentor.id])).toBe(1);
    expect(await noticesOf(told)).toHaveLength(2);
  });

  /** A check-in ten days in, then a sweep five days after it. */
  async function checkInAndGoQuiet(member: TestUser, start: Date): Promise<void> {
    const back = new Date(start.getTime() + 10 * DAY);
    await t.app.composition.registry.get(CHECKINS).dailyCheckIn(asAuth(member), { mood: 4, craving: 1 }, back);
    await alerts().sweep(new Date(back.getTime() + 5 * DAY));
  }

  it('sends nothing, and marks nothing sent, when nobody the member chose can be told', async () => {
    const member = await t.user('MEMBER', 'Lonely Lou');
    const friend = await t.user('MEMBER', 'Friend Fay');
    const consent = await give(member, 'USER', friend.id);
    await ok(SET, { i: { enabled: true, afterDays: 3, notify: ['USER'] } }, member.token);
    await ok(REVOKE, { i: { consentId: consent } }, member.token);
    const start = await spellStart(member);
    await alerts().sweep(new Date(start.getTime() + 4 * DAY));
    expect(await countNotices([member.id, friend.id])).toBe(0);
    expect((await ok(MINE, {}, member.token)).viewer.disengagementAlert.lastSentAt).toBeNull();
    // A consent given again in the same spell: the notice goes on the next run.
    await give(member, 'USER', friend.id);
    await alerts().sweep(new Date(start.getTime() + 5 * DAY));
    expect(await noticesOf(friend)).toEqual([
      'DISENGAGEMENT_NOTICE: Lonely Lou has been quiet on Onward for 5 days and asked us to let you know.',
    ]);
  });

  describe('at scale and under a race', () => {
    let friend: TestUser;
    const small: TestUser[] = [];
    const large: TestUser[] = [];

    /** Members, each with an alert to `friend` under a consent, set directly: the API path is tested above. */
    async function quietMembers(n: number, afterDays: number, into: TestUser[]): Promise<void> {
      for (let i = 0; i < n; i++) into.push(await t.user('MEMBER', `Quiet ${afterDays}-${i}`));
      const ids = into.map((u) => u.id);
      await t.sql(
        `INSERT INTO consents (member_id, recipient_kind, recipient_user_id, scopes, purpose, given_at, expires_at)
         SELECT id, 'USER', $2, '{DISENGAGEMENT}', 'Scale', now(), now() + interval '1 year' FROM unnest($1::uuid[]) id`,
        [ids, friend.id],
      );
      await t.sql(
        `INSERT INTO disengagement_alerts (member_id, enabled, after_days, notify, enabled_since, updated_at)
         SELECT id, true, $2, '{USER}', now(), now() FROM unnest($1::uuid[]) id`,
        [ids, afterDays],
      );
    }

    beforeAll(async () => {
      // Only these members' alerts are on: the counts below are theirs alone.
      await t.sql(`UPDATE disengagement_alerts SET enabled = false`);
      friend = await t.user('MEMBER', 'Friend of Many');
      await quietMembers(5, 20, small);
      await quietMembers(50, 25, large);
    });

    it('runs the same number of SQL statements for 5 members as for 50', async () => {
      const service = alerts();
      const now = Date.now();
      const five = await countQueries(t, () => service.sweep(new Date(now + 21 * DAY)));
      expect(five.result).toEqual({ notified: 10 });
      const fifty = await countQueries(t, () => service.sweep(new Date(now + 26 * DAY)));
      expect(fifty.result).toEqual({ notified: 100 });
      expect(fifty.count).toBe(five.count);
      // One statement, in its transaction (begin, isolation level, commit).
      expect(five.queries.filter((q) => q.startsWith('WITH'))).toHaveLength(1);
      expect(five.count).toBeLessThanOrEqual(4);
    });

    it('sends each notice exactly once when two instances sweep at the same moment', async () => {
      const racers: TestUser[] = [];
      await quietMembers(30, 10, racers);
      const other = await t.another({ ...MENTORING_ENV });
      const at = new Date(Date.now() + 11 * DAY);
      const results = await Promise.all([
        alerts().sweep(at),
        alerts(other.app).sweep(at),
        alerts().sweep(at),
        alerts(other.app).sweep(at),
      ]);
      expect(results.reduce((n, r) => n + r.notified, 0)).toBe(60);
      const [{ n, people }] = await t.sql(
        `SELECT count(*)::int AS n, count(DISTINCT actor_id)::int AS people FROM notifications
          WHERE user_id = $1 AND kind = 'DISENGAGEMENT_NOTICE' AND actor_id = ANY($2::uuid[])`,
        [friend.id, racers.map((u) => u.id)],
      );
      expect({ n, people }).toEqual({ n: 30, people: 30 });
      expect(await countNotices(racers.map((u) => u.id))).toBe(30);
    });
  });
});

describe('the coordinators’ view', () => {
  it('is for coordinators only', async () => {
    const member = await t.user('MEMBER', 'Curious Cy');
    const r = await t.gql(ATTENTION, { first: 10 }, member.token);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('lists consenting members with open reach-outs first, oldest first, then the longest quiet, and records each read', async () => {
    const viewer = await t.user('COORDINATOR', 'Coordinator Viv');
    const mk = (n: string) => t.user('MEMBER', n);
    const [open, escalated, quietLong, quietShort, active, unconsented, userOnly, blocker] = await Promise.all(
      [
        'Open Ona',
        'Escalated Eli',
        'Quiet Long',
        'Quiet Short',
        'Active Ace',
        'Unconsented Una',
        'User Only',
        'Blocker Bly',
      ].map(mk),
    );
    for (const u of [open, escalated, quietLong, quietShort, active, blocker]) await give(u, 'COORDINATORS');
    await give(userOnly, 'USER', viewer.id);
    await ok(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: viewer.id } },
      blocker.token,
    );
    await ok(`mutation { reachOut(input: { message: "Hard night" }) { reachOut { id } } }`, {}, open.token);
    const e = await ok(`mutation { reachOut(input: {}) { reachOut { id } } }`, {}, escalated.token);
    await t.sql(`UPDATE reach_outs SET status = 'ESCALATED', created_at = now() - interval '1 hour' WHERE id = $1`, [
      e.reachOut.reachOut.id,
    ]);
    // Quiet: no activity for 20 and 9 days (past the default 7); or 9 days under an alert of 10.
    const age = (u: TestUser, days: number) =>
      t
        .sql(`UPDATE sessions SET created_at = now() - make_interval(days => $2::int) WHERE user_id = $1;`, [
          u.id,
          days,
        ])
        .then(() =>
          t.sql(`UPDATE users SET created_at = now() - make_interval(days => $2::int) WHERE id = $1`, [u.id, days]),
        );
    await age(quietLong, 20);
    await age(quietShort, 9);
    await age(unconsented, 30);
    await age(userOnly, 30);
    await age(blocker, 30);
    await age(active, 9);
    await t.sql(
      `INSERT INTO disengagement_alerts (member_id, enabled, after_days, notify, enabled_since, updated_at)
       VALUES ($1, false, 10, '{}', NULL, now())`,
      [active.id],
    );

    const all = await ok(ATTENTION, { first: 10 }, viewer.token);
    const names = all.membersNeedingAttention.edges.map((x: any) => x.node.member.displayName);
    expect(names).toEqual(['Escalated Eli', 'Open Ona', 'Quiet Long', 'Quiet Short']);
    const byName = Object.fromEntries(
      all.membersNeedingAttention.edges.map((x: any) => [x.node.member.displayName, x.node]),
    );
    expect(byName['Escalated Eli']).toMatchObject({ reachOutEscalated: true, quietSince: null, quietDays: null });
    expect(byName['Open Ona'].openReachOutSince).not.toBeNull();
    expect(byName['Quiet Long']).toMatchObject({ openReachOutSince: null, reachOutEscalated: false, quietDays: 20 });
    expect(byName['Quiet Short'].quietDays).toBe(9);
    for (const absent of ['Active Ace', 'Unconsented Una', 'User Only', 'Blocker Bly'])
      expect(byName[absent]).toBeUndefined();
    expect(all.membersNeedingAttention.totalCount).toBe(names.length);

    // Each member shown: a read in their access log, under their consent, and a moderation log entry.
    const shown = [escalated, open, quietLong, quietShort];
    const reads = await t.sql(
      `SELECT a.member_id, a.consent_id IS NOT NULL AS under_consent FROM consent_access_log a
        WHERE a.accessor_id = $1 AND a.what = 'membersNeedingAttention'`,
      [viewer.id],
    );
    expect(reads.filter((r: any) => shown.some((u) => u.id === r.member_id))).toHaveLength(4);
    expect(reads.every((r: any) => r.under_consent)).toBe(true);
    expect(reads.some((r: any) => [active, unconsented, userOnly, blocker].some((u) => u.id === r.member_id))).toBe(
      false,
    );
    const logged = await t.sql(
      `SELECT target_id FROM moderation_log WHERE actor_id = $1 AND action = 'ATTENTION_READ' AND target_type = 'USER'`,
      [viewer.id],
    );
    expect(logged.map((r: any) => r.target_id).sort()).toEqual(reads.map((r: any) => r.member_id).sort());
    const log = await ok(
      `{ viewer { accessLog(first: 10) { edges { node { what accessor { id } } } } } }`,
      {},
      quietLong.token,
    );
    expect(log.viewer.accessLog.edges.map((x: any) => [x.node.what, x.node.accessor.id])).toContainEqual([
      'membersNeedingAttention',
      viewer.id,
    ]);

    // Pages follow the same order.
    const first = await ok(ATTENTION, { first: 1 }, viewer.token);
    expect(first.membersNeedingAttention.edges[0].node.member.displayName).toBe(names[0]);
    const next = await ok(
      ATTENTION,
      { first: 1, after: first.membersNeedingAttention.pageInfo.endCursor },
      viewer.token,
    );
    expect(next.membersNeedingAttention.edges[0].node.member.displayName).toBe(names[1]);

    // A reach-out closed and a revoked consent take a member off the list.
    const mine = await ok(
      `{ viewer { consents(first: 5, activeOnly: true) { edges { node { id } } } } }`,
      {},
      quietLong.token,
    );
    await ok(REVOKE, { i: { consentId: mine.viewer.consents.edges[0].node.id } }, quietLong.token);
    const after = await ok(ATTENTION, { first: 10 }, viewer.token);
    expect(after.membersNeedingAttention.edges.map((x: any) => x.node.member.displayName)).not.toContain('Quiet Long');
  });

  it('shows no check-in notes unless the member consented to CHECK_IN_NOTES', async () => {
    const viewer = await t.user('COORDINATOR', 'Coordinator Nia');
    const [withNotes, withoutNotes] = await Promise.all([
      t.user('MEMBER', 'Notes Nell'),
      t.user('MEMBER', 'No Notes Ned'),
    ]);
    for (const [u, scopes] of [
      [withNotes, ['DISENGAGEMENT', 'CHECK_INS', 'CHECK_IN_NOTES']],
      [withoutNotes, ['DISENGAGEMENT', 'CHECK_INS']],
    ] as const) {
      await ok(GIVE, { i: { recipientKind: 'COORDINATORS', scopes, purpose: 'Care' } }, u.token);
      await ok(
        `mutation { dailyCheckIn(input: { mood: 2, craving: 6, note: "Private words" }) { checkIn { id } } }`,
        {},
        u.token,
      );
      await ok(`mutation { reachOut(input: {}) { reachOut { id } } }`, {}, u.token);
    }
    const r = await ok(
      `{ membersNeedingAttention(first: 50) { edges { node { member { displayName checkIns(first: 5) { edges { node { mood note } } } } } } } }`,
      {},
      viewer.token,
    );
    const notes = Object.fromEntries(
      r.membersNeedingAttention.edges.map((x: any) => [
        x.node.member.displayName,
        x.node.member.checkIns?.edges[0]?.node.note,
      ]),
    );
    expect(notes['Notes Nell']).toBe('Private words');
    expect(notes['No Notes Ned']).toBeNull();
  });
});

describe('the member’s data', () => {
  it('exports the alert with the member’s data and deletes it with the account', async () => {
    const member = await t.user('MEMBER', 'Leaving Lee');
    await give(member, 'COORDINATORS');
    await ok(SET, { i: { enabled: true, afterDays: 12, notify: ['COORDINATORS'] } }, member.token);
    const data = (await ok(`{ exportMyData { data } }`, {}, member.token)).exportMyData.data;
    expect(data.disengagementAlert).toEqual([
      expect.objectContaining({ member_id: member.id, enabled: true, after_days: 12, notify: ['COORDINATORS'] }),
    ]);
    await ok(
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      member.token,
    );
    expect(await t.sql(`SELECT 1 FROM disengagement_alerts WHERE member_id = $1`, [member.id])).toEqual([]);
  });

  it('the demo seed has Jordan’s alert to their mentor, and runs twice', async () => {
    await runSeed(t.app.composition);
    await runSeed(t.app.composition);
    const [jordan] = await t.sql(`SELECT id FROM users WHERE email = 'jordan@onward.example'`);
    const rows = await t.sql(`SELECT enabled, after_days, notify FROM disengagement_alerts WHERE member_id = $1`, [
      jordan.id,
    ]);
    expect(rows).toEqual([{ enabled: true, after_days: 5, notify: ['MENTOR'] }]);
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM consents WHERE member_id = $1 AND 'DISENGAGEMENT' = ANY(scopes) AND revoked_at IS NULL`,
      [jordan.id],
    );
    expect(n).toBe(1);
  });
});

describe('the sweep through the job queue, with two workers', () => {
  let q: TestApp;
  beforeAll(async () => {
    q = await startTestApp({ ...MENTORING_ENV, JOBS: 'on' });
  });
  afterAll(() => q.stop());

  it('the disengagement.sweep job tells each quiet member’s people once, whichever worker takes it', async () => {
    const b = await q.another({ ...MENTORING_ENV, JOBS: 'on' });
    const friend = await q.user('MEMBER', 'Queue Friend');
    const members = await Promise.all([1, 2, 3, 4].map((n) => q.user('MEMBER', `Queued Quiet ${n}`)));
    const ids = members.map((m) => m.id);
    for (const m of members) {
      const r = await q.gql(
        GIVE,
        {
          i: { recipientKind: 'USER', userId: friend.id, scopes: ['DISENGAGEMENT'], purpose: 'Queue' },
        },
        m.token,
      );
      expect(r.errors).toBeUndefined();
      expect(
        (await q.gql(SET, { i: { enabled: true, afterDays: 3, notify: ['USER'] } }, m.token)).errors,
      ).toBeUndefined();
    }
    // Ten days of quiet, as far as the database knows.
    await q.sql(`UPDATE sessions SET created_at = now() - interval '10 days' WHERE user_id = ANY($1::uuid[])`, [ids]);
    await q.sql(
      `UPDATE disengagement_alerts SET enabled_since = now() - interval '10 days' WHERE member_id = ANY($1::uuid[])`,
      [ids],
    );
    for (let i = 0; i < 3; i++) {
      await q.app.jobs!.send('disengagement.sweep');
      await b.app.jobs!.send('disengagement.sweep');
    }
    const told = () =>
      q.sql(
        `SELECT actor_id FROM notifications WHERE user_id = $1 AND kind = 'DISENGAGEMENT_NOTICE' ORDER BY actor_id`,
        [friend.id],
      );
    const deadline = Date.now() + 20_000;
    while ((await told()).length < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await told()).map((r: any) => r.actor_id)).toEqual([...ids].sort());
    const [{ n }] = await q.sql(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1::uuid[]) AND kind = 'DISENGAGEMENT_NOTICE_SENT'`,
      [ids],
    );
    expect(n).toBe(ids.length);
  }, 45_000);
});
