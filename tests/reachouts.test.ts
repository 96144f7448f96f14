import { sql } from '../src/core/sql';
import { RecipientReason } from '../src/modules/reachouts/reachouts.enums';
import {
  standsAsRecipient,
  standsAsRecipientSql,
  type RecipientFacts,
} from '../src/modules/reachouts/reachouts.policy';
import { codes, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { END } from './helpers/mentoring';
import {
  ACKNOWLEDGE,
  CLOSE,
  menteeWithMentor,
  MINE,
  notificationsOf,
  NOTIFIED,
  ok,
  REACH_OUT,
  REACH_OUT_ENV,
  RECEIVED,
  SET_CIRCLE,
  UPDATED,
  userWithEmail,
} from './helpers/reachouts';

const ON_CALL_EMAIL = 'on.call@onward.test';
const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;
const MODERATION_LOG = `{ moderationLog(first: 50) { edges { node { action targetType targetId } } } }`;

let t: TestApp;
let coordinator: TestUser;
let onCall: TestUser;
beforeAll(async () => {
  t = await startTestApp({ ...REACH_OUT_ENV, ONCALL_COORDINATOR_EMAIL: ON_CALL_EMAIL });
  coordinator = await t.user('COORDINATOR', 'Casey Coordinator');
  onCall = await userWithEmail(t, ON_CALL_EMAIL, 'COORDINATOR', 'Oli On-Call');
});
afterAll(() => t.stop());

describe('the support circle', () => {
  it('holds up to five members, not oneself, no coordinators, nobody blocked either way; a refusal changes nothing', async () => {
    const member = await t.user('MEMBER', 'Circle Keeper');
    const friends: TestUser[] = [];
    for (let i = 0; i < 6; i++) friends.push(await t.user('MEMBER', `Friend ${i}`));
    const set = (ids: string[]) => t.gql(SET_CIRCLE, { i: { userIds: ids } }, member.token);

    const first = await set([friends[2].id, friends[0].id, friends[2].id]);
    expect(first.data.setSupportCircle.supportCircle.map((u: any) => u.id)).toEqual([friends[2].id, friends[0].id]);

    const tooMany = await set(friends.map((f) => f.id));
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].extensions!.field).toBe('userIds');
    const self = await set([member.id]);
    expect(codes(self)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await set([coordinator.id]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await set(['00000000-0000-4000-8000-000000000000']))).toEqual(['NOT_FOUND']);
    expect(codes(await set(['not-an-id']))).toEqual(['NOT_FOUND']);
    // Blocked either way: not found, so a block is never revealed.
    await ok(t, BLOCK, { i: { userId: member.id } }, friends[4].token);
    await ok(t, BLOCK, { i: { userId: friends[5].id } }, member.token);
    expect(codes(await set([friends[1].id, friends[4].id]))).toEqual(['NOT_FOUND']);
    expect(codes(await set([friends[5].id]))).toEqual(['NOT_FOUND']);

    const mine = await ok(t, `{ viewer { supportCircle { id } } }`, {}, member.token);
    expect(mine.viewer.supportCircle.map((u: any) => u.id)).toEqual([friends[2].id, friends[0].id]);
    // Nobody else sees it.
    for (const other of [friends[0], coordinator]) {
      const seen = await ok(
        t,
        `query($id: ID!) { user(id: $id) { supportCircle { id } } }`,
        { id: member.id },
        other.token,
      );
      expect(seen.user.supportCircle).toBeNull();
    }
    expect((await set([])).data.setSupportCircle.supportCircle).toEqual([]);
  });
});

describe('reaching out', () => {
  it('tells the active mentor, the support circle and the on-call coordinator at once, over notificationAdded and reachOutUpdated', async () => {
    const { mentee: member, mentor } = await menteeWithMentor(t, coordinator, {
      mentee: 'Sam Reaching',
      mentor: 'Maria Mentor',
    });
    const lee = await t.user('MEMBER', 'Lee Circle');
    const ana = await t.user('MEMBER', 'Ana Circle');
    await ok(t, SET_CIRCLE, { i: { userIds: [lee.id, ana.id, mentor.id] } }, member.token);
    const recipients = [mentor, lee, ana, onCall];

    const live = new Map<
      string,
      { updated: ReturnType<typeof subscribe<any>>; notified: ReturnType<typeof subscribe<any>> }
    >();
    for (const u of [...recipients, member, coordinator]) {
      const { client } = t.ws(u.token);
      live.set(u.id, { updated: subscribe(client, UPDATED), notified: subscribe(client, NOTIFIED) });
    }
    await sleep(300);

    const r = await t.gql(REACH_OUT, { i: { message: 'Having a really hard night.' } }, member.token);
    expect(r.errors).toBeUndefined();
    const { reachOut, resources } = r.data.reachOut;
    expect(reachOut).toMatchObject({
      message: 'Having a really hard night.',
      status: 'OPEN',
      acknowledgedBy: null,
      acknowledgedAt: null,
      escalatedAt: null,
      member: { id: member.id, displayName: 'Sam Reaching' },
    });
    // Chicago: the 988 Lifeline and SAMHSA, then the on-call coordinator.
    expect(resources.slice(0, 2)).toEqual([
      { name: '988 Suicide & Crisis Lifeline', phone: '988', text: '988', url: 'https://988lifeline.org' },
      {
        name: 'SAMHSA National Helpline',
        phone: '1-800-662-4357',
        text: null,
        url: 'https://www.samhsa.gov/find-help/national-helpline',
      },
    ]);
    expect(resources[2]).toMatchObject({ name: 'On-call program coordinator', url: `mailto:${ON_CALL_EMAIL}` });

    // Every recipient was notified once, in the same transaction: readable over HTTP at once.
    for (const u of recipients) {
      const page = await ok(
        t,
        `{ notifications(first: 5) { edges { node { kind message subjectId } } } }`,
        {},
        u.token,
      );
      expect(page.notifications.edges.map((e: any) => e.node)).toContainEqual({
        kind: 'REACH_OUT',
        message: 'Sam Reaching reached out and would like to hear from you.',
        subjectId: reachOut.id,
      });
      expect(await notificationsOf(t, u.id, 'REACH_OUT')).toHaveLength(1);
    }
    // A coordinator who is not on call is not told yet (the on-call account matched).
    expect(await notificationsOf(t, coordinator.id, 'REACH_OUT')).toEqual([]);

    // And live: each recipient and the member get reachOutUpdated; recipients get notificationAdded.
    for (const u of [...recipients, member]) {
      const [event] = await live.get(u.id)!.updated.waitFor(1);
      expect(event.data.reachOutUpdated).toMatchObject({
        id: reachOut.id,
        status: 'OPEN',
        message: 'Having a really hard night.',
      });
    }
    for (const u of recipients) {
      const [event] = await live.get(u.id)!.notified.waitFor(1);
      expect(event.data.notificationAdded).toMatchObject({ kind: 'REACH_OUT', subjectId: reachOut.id });
    }
    await sleep(300);
    expect(live.get(coordinator.id)!.updated.events).toEqual([]);
    expect(live.get(coordinator.id)!.notified.events).toEqual([]);
    expect(live.get(member.id)!.notified.events).toEqual([]);

    // Each recipient finds it among the reach-outs sent to them; the member among their own.
    for (const u of recipients) {
      const got = await ok(t, RECEIVED, {}, u.token);
      expect(got.viewer.reachOutsReceived.edges.map((e: any) => e.node.id)).toEqual([reachOut.id]);
    }
    const mine = await ok(t, MINE, {}, member.token);
    expect(mine.viewer.reachOuts.edges.map((e: any) => e.node.id)).toEqual([reachOut.id]);
    expect(mine.viewer.reachOuts.totalCount).toBe(1);
    // Nobody is notified twice for being in the circle and the mentor both.
    expect(await notificationsOf(t, mentor.id, 'REACH_OUT')).toHaveLength(1);
  });

  it('reaches every coordinator when no on-call account matches, and gives the crisis lines of the member’s country', async () => {
    const lines = {
      US: [{ name: 'US line', phone: '988' }],
      GB: [{ name: 'Samaritans', phone: '116 123', url: 'https://www.samaritans.org' }],
    };
    const other = await t.another({
      ...REACH_OUT_ENV,
      ONCALL_COORDINATOR_EMAIL: 'nobody.on.call@onward.test',
      CRISIS_LINES: JSON.stringify(lines),
    });
    const member = await t.user('MEMBER', 'Robin London');
    await ok(t, `mutation { updateProfile(input: { timeZone: "Europe/London" }) { user { id } } }`, {}, member.token);
    const r = await other.gql(REACH_OUT, {}, member.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.reachOut.reachOut.message).toBeNull();
    expect(r.data.reachOut.resources[0]).toEqual({
      name: 'Samaritans',
      phone: '116 123',
      text: null,
      url: 'https://www.samaritans.org',
    });
    const coordinators = await t.sql(`SELECT id FROM users WHERE role IN ('COORDINATOR', 'ADMIN')`);
    expect(coordinators.length).toBeGreaterThanOrEqual(3);
    for (const c of coordinators) {
      const got = await notificationsOf(t, c.id, 'REACH_OUT');
      expect(got.filter((n) => n.subject_id === r.data.reachOut.reachOut.id)).toHaveLength(1);
    }
    // A time zone of no country: the default country's lines.
    await ok(t, `mutation { updateProfile(input: { timeZone: "UTC" }) { user { id } } }`, {}, member.token);
    const utc = await other.gql(REACH_OUT, {}, member.token);
    expect(utc.data.reachOut.resources[0]).toEqual({ name: 'US line', phone: '988', text: null, url: null });
  });

  it('refuses a message too long, and then changes nothing', async () => {
    const member = await t.user('MEMBER');
    const r = await t.gql(REACH_OUT, { i: { message: 'x'.repeat(1001) } }, member.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('message');
    expect(await t.sql(`SELECT id FROM reach_outs WHERE member_id = $1`, [member.id])).toEqual([]);
    expect(codes(await t.gql(REACH_OUT, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('acknowledging and closing', () => {
  let member: TestUser;
  let mentor: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    ({ mentee: member, mentor } = await menteeWithMentor(t, coordinator, {
      mentee: 'Jordan Ack',
      mentor: 'Dev Mentor',
    }));
    friend = await t.user('MEMBER', 'Friend Ack');
    stranger = await t.user('MEMBER', 'Stranger Ack');
    await ok(t, SET_CIRCLE, { i: { userIds: [friend.id] } }, member.token);
  });

  it('only by someone it was sent to: a stranger is told it is not there and nothing changes', async () => {
    const sent = await ok(t, REACH_OUT, {}, member.token);
    const id = sent.reachOut.reachOut.id;
    const memberSocket = t.ws(member.token).client;
    const updates = subscribe(memberSocket, UPDATED);
    await sleep(300);

    for (const who of [stranger, coordinator]) {
      const r = await t.gql(ACKNOWLEDGE, { i: { reachOutId: id } }, who.token);
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
    expect(codes(await t.gql(ACKNOWLEDGE, { i: { reachOutId: id } }, member.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(ACKNOWLEDGE, { i: { reachOutId: 'nope' } }, friend.token))).toEqual(['NOT_FOUND']);
    const [row] = await t.sql(`SELECT status, acknowledged_by_id FROM reach_outs WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'OPEN', acknowledged_by_id: null });
    expect(await notificationsOf(t, member.id, 'REACH_OUT_ACKNOWLEDGED')).toEqual([]);
    await sleep(200);
    expect(updates.events).toEqual([]);

    const acked = await ok(t, ACKNOWLEDGE, { i: { reachOutId: id } }, friend.token);
    expect(acked.acknowledgeReachOut.reachOut).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedBy: { id: friend.id, displayName: 'Friend Ack' },
      acknowledgedAt: expect.any(String),
    });
    const [event] = await updates.waitFor(1);
    expect(event.data.reachOutUpdated).toMatchObject({ id, status: 'ACKNOWLEDGED', acknowledgedBy: { id: friend.id } });
    expect((await notificationsOf(t, member.id, 'REACH_OUT_ACKNOWLEDGED')).map((n) => n.actor_id)).toEqual([friend.id]);
    const shown = await ok(t, `{ notifications(first: 1) { edges { node { message } } } }`, {}, member.token);
    expect(shown.notifications.edges[0].node.message).toBe('Friend Ack saw that you reached out and will be in touch.');

    // A second acknowledgement keeps the first one's name and tells nobody again.
    const again = await ok(t, ACKNOWLEDGE, { i: { reachOutId: id } }, mentor.token);
    expect(again.acknowledgeReachOut.reachOut.acknowledgedBy.id).toBe(friend.id);
    expect(await notificationsOf(t, member.id, 'REACH_OUT_ACKNOWLEDGED')).toHaveLength(1);
  });

  it('closes by the member or a coordinator only; a coordinator’s acknowledgement and close are in the moderation log', async () => {
    const first = (await ok(t, REACH_OUT, {}, member.token)).reachOut.reachOut.id;
    expect(codes(await t.gql(CLOSE, { i: { reachOutId: first } }, mentor.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CLOSE, { i: { reachOutId: first } }, stranger.token))).toEqual(['NOT_FOUND']);
    expect((await t.sql(`SELECT status FROM reach_outs WHERE id = $1`, [first]))[0].status).toBe('OPEN');
    const closed = await ok(t, CLOSE, { i: { reachOutId: first } }, member.token);
    expect(closed.closeReachOut.reachOut).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    const late = await t.gql(ACKNOWLEDGE, { i: { reachOutId: first } }, friend.token);
    expect(codes(late)).toEqual(['CONFLICT']);

    // The on-call coordinator acknowledges one, another coordinator closes it: both logged, by id only.
    const second = (await ok(t, REACH_OUT, { i: { message: 'Private words' } }, member.token)).reachOut.reachOut.id;
    await ok(t, ACKNOWLEDGE, { i: { reachOutId: second } }, onCall.token);
    await ok(t, CLOSE, { i: { reachOutId: second } }, coordinator.token);
    const log = await ok(t, MODERATION_LOG, {}, coordinator.token);
    const entries = log.moderationLog.edges.map((e: any) => e.node).filter((n: any) => n.targetId === second);
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'REACH_OUT_ACKNOWLEDGE', targetType: 'REACH_OUT', targetId: second },
        { action: 'REACH_OUT_CLOSE', targetType: 'REACH_OUT', targetId: second },
      ]),
    );
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(await t.sql(`SELECT * FROM moderation_log`))).not.toContain('Private words');
    // The member's own close is not a moderation action.
    expect(entries.some((e: any) => e.targetId === first)).toBe(false);
    expect((await t.sql(`SELECT count(*)::int AS n FROM moderation_log WHERE target_id = $1`, [first]))[0].n).toBe(0);
  });
});

describe('who sees a reach-out', () => {
  it('a stranger, a former mentor and a blocked member see nothing of it', async () => {
    const {
      mentee: member,
      mentor,
      matchId,
    } = await menteeWithMentor(t, coordinator, {
      mentee: 'Quinn Private',
      mentor: 'Former Mentor',
    });
    const stranger = await t.user('MEMBER', 'Stranger Vis');
    const blocker = await t.user('MEMBER', 'Blocking Friend');
    const blocked = await t.user('MEMBER', 'Blocked Friend');
    const friend = await t.user('MEMBER', 'Good Friend');
    await ok(t, SET_CIRCLE, { i: { userIds: [blocker.id, blocked.id, friend.id] } }, member.token);
    // Both kinds of block, after the circle was set.
    await ok(t, BLOCK, { i: { userId: member.id } }, blocker.token);
    await ok(t, BLOCK, { i: { userId: blocked.id } }, member.token);

    const watchers = new Map<string, ReturnType<typeof subscribe<any>>>();
    for (const u of [stranger, blocker, blocked, friend, mentor])
      watchers.set(u.id, subscribe(t.ws(u.token).client, UPDATED));
    await sleep(300);
    const before = await ok(t, REACH_OUT, { i: { message: 'Only for my people' } }, member.token);
    const id = before.reachOut.reachOut.id;

    // The mentor was told; the blocked pair and the stranger were not.
    expect(await notificationsOf(t, mentor.id, 'REACH_OUT')).toHaveLength(1);
    for (const u of [stranger, blocker, blocked]) expect(await notificationsOf(t, u.id, 'REACH_OUT')).toEqual([]);
    await watchers.get(mentor.id)!.waitFor(1);
    await watchers.get(friend.id)!.waitFor(1);

    // The match ends: the mentor is a former mentor now.
    await ok(t, END, { i: { matchId, reason: 'Moving on' } }, member.token);
    await ok(t, ACKNOWLEDGE, { i: { reachOutId: id } }, friend.token);
    await watchers.get(friend.id)!.waitFor(2);
    await sleep(400);

    for (const u of [stranger, blocker, blocked, mentor]) {
      expect({ who: u.displayName, events: watchers.get(u.id)!.events.length }).toEqual({
        who: u.displayName,
        events: u.id === mentor.id ? 1 : 0,
      });
      expect(codes(await t.gql(ACKNOWLEDGE, { i: { reachOutId: id } }, u.token))).toEqual(['NOT_FOUND']);
      expect(codes(await t.gql(CLOSE, { i: { reachOutId: id } }, u.token))).toEqual(['NOT_FOUND']);
      const received = await ok(t, RECEIVED, {}, u.token);
      expect(received.viewer.reachOutsReceived).toEqual({ totalCount: 0, edges: [] });
      const profile = await t.gql(
        `query($id: ID!) { user(id: $id) { reachOuts(first: 5) { totalCount } } }`,
        { id: member.id },
        u.token,
      );
      expect(profile.data?.user?.reachOuts ?? null).toBeNull();
      const exported = await ok(t, `{ exportMyData { data } }`, {}, u.token);
      expect(JSON.stringify(exported)).not.toContain('Only for my people');
      // The former mentor keeps the notification they were sent while mentor; nobody else has a trace.
      if (u.id !== mentor.id) expect(JSON.stringify(exported)).not.toContain(id);
    }
    // Never in threads or feeds: nothing of it reaches the boards or the milestone feed.
    const boards = await ok(
      t,
      `{ threads(first: 50) { edges { node { title } } } milestoneFeed(first: 50) { totalCount } }`,
      {},
      stranger.token,
    );
    expect(JSON.stringify(boards)).not.toContain('Only for my people');
    // Those it still reaches keep seeing it.
    const friendSees = await ok(t, RECEIVED, {}, friend.token);
    expect(friendSees.viewer.reachOutsReceived.edges.map((e: any) => e.node.id)).toEqual([id]);
    // A reach-out after the match ended never reaches the former mentor at all.
    await ok(t, REACH_OUT, {}, member.token);
    expect(await notificationsOf(t, mentor.id, 'REACH_OUT')).toHaveLength(1);
    expect((await ok(t, RECEIVED, {}, mentor.token)).viewer.reachOutsReceived.totalCount).toBe(0);
  });

  it('exports and erases with the member', async () => {
    const member = await t.user('MEMBER', 'Exporting Member');
    const friend = await t.user('MEMBER', 'Exported Friend');
    await ok(t, SET_CIRCLE, { i: { userIds: [friend.id] } }, member.token);
    const id = (await ok(t, REACH_OUT, { i: { message: 'Export me' } }, member.token)).reachOut.reachOut.id;
    await ok(t, ACKNOWLEDGE, { i: { reachOutId: id } }, friend.token);
    const data = (await ok(t, `{ exportMyData { data } }`, {}, member.token)).exportMyData.data;
    expect(data.reachOuts).toEqual([
      expect.objectContaining({ id, message: 'Export me', acknowledged_by_id: friend.id }),
    ]);
    expect(data.supportCircle).toEqual([expect.objectContaining({ supporter_id: friend.id })]);
    const friendData = (await ok(t, `{ exportMyData { data } }`, {}, friend.token)).exportMyData.data;
    expect(JSON.stringify(friendData)).not.toContain('Export me');

    await ok(
      t,
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: 'correct horse battery' } },
      member.token,
    );
    for (const [table, column] of [
      ['reach_outs', 'member_id'],
      ['support_circle_members', 'member_id'],
    ]) {
      expect(await t.sql(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [member.id])).toEqual([]);
    }
    expect(await t.sql(`SELECT 1 FROM reach_out_recipients WHERE reach_out_id = $1`, [id])).toEqual([]);
    expect((await ok(t, RECEIVED, {}, friend.token)).viewer.reachOutsReceived.totalCount).toBe(0);
  });
});

describe('the rule for recipients', () => {
  it('is the same in TypeScript and in SQL', async () => {
    // Every combination of the facts, evaluated both ways.
    const all = Object.values(RecipientReason);
    const cases: RecipientFacts[] = [];
    for (let mask = 0; mask < 1 << all.length; mask++) {
      for (let f = 0; f < 16; f++) {
        cases.push({
          reasons: all.filter((_, i) => mask & (1 << i)),
          activeMentor: !!(f & 1),
          inCircle: !!(f & 2),
          coordinator: !!(f & 4),
          blocked: !!(f & 8),
        });
      }
    }
    for (const c of cases) {
      const q = sql`SELECT ${standsAsRecipientSql({
        reasons: sql`${c.reasons}::text[]`,
        activeMentor: sql`${c.activeMentor}::boolean`,
        inCircle: sql`${c.inCircle}::boolean`,
        coordinator: sql`${c.coordinator}::boolean`,
        blocked: sql`${c.blocked}::boolean`,
      })} AS stands`.build();
      const [row] = await t.sql(q.text, q.values);
      expect({ ...c, stands: row.stands }).toEqual({ ...c, stands: standsAsRecipient(c) });
    }
  });
});
