import { runSeed } from '../src/seed';
import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { approvedMentor, END, MENTORING_ENV, requestMentor, RESPOND, SET_DATE } from './helpers/mentoring';

/**
 * Consents through the API: giving and revoking them, what each recipient kind reaches, the
 * access log that records every read, and revocation and expiry taking effect at once, open
 * subscriptions included. The field walk of every viewer is in consents.walk.test.ts.
 */

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp(MENTORING_ENV);
  coordinator = await t.user('COORDINATOR', 'Casey Coordinator');
});
afterAll(() => t.stop());

const CONSENT = `id member { id } recipient { kind user { id displayName } } scopes purpose givenAt expiresAt revokedAt status`;
const GIVE = `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { ${CONSENT} } } }`;
const REVOKE = `mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { consent { ${CONSENT} } } }`;
const CHECK_IN = `mutation($i: DailyCheckInInput!) { dailyCheckIn(input: $i) { checkIn { id day mood craving note } } }`;
const CHECK_INS_OF = `query($id: ID!) { user(id: $id) { checkIns(first: 10) { totalCount edges { node { id mood note } } } checkInStreak } }`;
const SHARED = `subscription { checkInShared { id mood note member { id } } }`;

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function give(member: TestUser, input: Record<string, unknown>) {
  return (await ok(GIVE, { i: { purpose: 'Support between meetings', ...input } }, member.token)).giveConsent.consent;
}

async function checkIn(member: TestUser, mood = 3, note: string | null = 'A quiet day.') {
  return (await ok(CHECK_IN, { i: { mood, craving: 2, note } }, member.token)).dailyCheckIn.checkIn;
}

async function checkInsSeenBy(viewer: TestUser, member: TestUser) {
  return (await ok(CHECK_INS_OF, { id: member.id }, viewer.token)).user.checkIns;
}

/** A member whose mentor (in an ACTIVE match) is a new approved mentor. */
async function matched(name: string): Promise<{ member: TestUser; mentor: TestUser; matchId: string }> {
  const mentor = await approvedMentor(t, coordinator, {}, `${name}'s mentor`);
  // Only this mentor takes mentees while the match is made.
  await t.sql(`UPDATE mentor_profiles SET accepting_mentees = (user_id = $1) WHERE accepting_mentees OR user_id = $1`, [
    mentor.id,
  ]);
  const member = await t.user('MEMBER', name);
  const request = await requestMentor(t, member);
  expect(request.match.mentor.id).toBe(mentor.id);
  await ok(RESPOND, { i: { matchId: request.match.id, accept: true } }, mentor.token);
  return { member, mentor, matchId: request.match.id };
}

describe('giving a consent', () => {
  it('records who shares, with whom, what, why, until when and since when; both sides see it', async () => {
    const member = await t.user('MEMBER', 'Robin Sharer');
    const friend = await t.user('MEMBER', 'Sky Friend');
    const stranger = await t.user('MEMBER', 'Stranger');
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const before = Date.now();
    const consent = await give(member, {
      recipientKind: 'USER',
      userId: friend.id,
      scopes: ['CHECK_INS', 'CHECK_IN_NOTES'],
      purpose: '  My sponsor, so she knows how I am doing.  ',
      expiresAt,
    });
    expect(consent).toMatchObject({
      member: { id: member.id },
      recipient: { kind: 'USER', user: { id: friend.id, displayName: 'Sky Friend' } },
      scopes: ['CHECK_INS', 'CHECK_IN_NOTES'],
      purpose: 'My sponsor, so she knows how I am doing.',
      expiresAt,
      revokedAt: null,
      status: 'ACTIVE',
    });
    expect(Date.parse(consent.givenAt)).toBeGreaterThanOrEqual(before - 1000);

    const LISTS = `{ viewer { consents(first: 5) { totalCount edges { node { id } } } consentsReceived(first: 5) { totalCount edges { node { id member { id } purpose } } } } }`;
    const mine = (await ok(LISTS, {}, member.token)).viewer;
    expect(mine.consents.edges.map((e: any) => e.node.id)).toEqual([consent.id]);
    expect(mine.consentsReceived.totalCount).toBe(0);
    const theirs = (await ok(LISTS, {}, friend.token)).viewer;
    expect(theirs.consentsReceived.edges.map((e: any) => e.node)).toEqual([
      { id: consent.id, member: { id: member.id }, purpose: 'My sponsor, so she knows how I am doing.' },
    ]);
    expect(theirs.consents.totalCount).toBe(0);
    expect((await ok(LISTS, {}, stranger.token)).viewer.consentsReceived.totalCount).toBe(0);
    // Nobody reads another's lists.
    const other = await ok(
      `query($id: ID!) { user(id: $id) { consents(first: 5) { totalCount } consentsReceived(first: 5) { totalCount } accessLog(first: 5) { totalCount } } }`,
      { id: member.id },
      friend.token,
    );
    expect(other.user).toEqual({ consents: null, consentsReceived: null, accessLog: null });
  });

  it('without an end date ends after a year; coordinators and the mentor are kinds, not people', async () => {
    const member = await t.user('MEMBER');
    const consent = await give(member, { recipientKind: 'COORDINATORS', scopes: ['ATTENDANCE'] });
    const year = Date.parse(consent.expiresAt) - Date.parse(consent.givenAt);
    expect(year).toBe(365 * 86_400_000);
    expect(consent.recipient).toEqual({ kind: 'COORDINATORS', user: null });
    const mentor = await give(member, { recipientKind: 'MENTOR', scopes: ['MILESTONES'] });
    expect(mentor.recipient).toEqual({ kind: 'MENTOR', user: null }); // no active mentor yet
  });

  it('refuses what is not a valid consent, naming the field, and writes nothing', async () => {
    const member = await t.user('MEMBER', 'Careful Member');
    const blocked = await t.user('MEMBER', 'Blocked');
    const blocker = await t.user('MEMBER', 'Blocker');
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
    const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const cases: Array<{ input: Record<string, unknown>; code: string; field?: string }> = [
      { input: { recipientKind: 'USER', scopes: ['CHECK_INS'] }, code: 'BAD_USER_INPUT', field: 'userId' },
      {
        input: { recipientKind: 'USER', userId: member.id, scopes: ['CHECK_INS'] },
        code: 'BAD_USER_INPUT',
        field: 'userId',
      },
      {
        input: { recipientKind: 'MENTOR', userId: blocked.id, scopes: ['CHECK_INS'] },
        code: 'BAD_USER_INPUT',
        field: 'userId',
      },
      { input: { recipientKind: 'USER', userId: blocked.id, scopes: ['CHECK_INS'] }, code: 'NOT_FOUND' },
      { input: { recipientKind: 'USER', userId: blocker.id, scopes: ['CHECK_INS'] }, code: 'NOT_FOUND' },
      {
        input: { recipientKind: 'USER', userId: '00000000-0000-4000-8000-000000000000', scopes: ['CHECK_INS'] },
        code: 'NOT_FOUND',
      },
      { input: { recipientKind: 'USER', userId: 'not-an-id', scopes: ['CHECK_INS'] }, code: 'NOT_FOUND' },
      { input: { recipientKind: 'MENTOR', scopes: [] }, code: 'BAD_USER_INPUT', field: 'scopes' },
      { input: { recipientKind: 'MENTOR', scopes: ['CHECK_IN_NOTES'] }, code: 'BAD_USER_INPUT', field: 'scopes' },
      {
        input: { recipientKind: 'MENTOR', scopes: ['CHECK_INS'], purpose: '   ' },
        code: 'BAD_USER_INPUT',
        field: 'purpose',
      },
      {
        input: { recipientKind: 'MENTOR', scopes: ['CHECK_INS'], purpose: 'x'.repeat(501) },
        code: 'BAD_USER_INPUT',
        field: 'purpose',
      },
      {
        input: { recipientKind: 'MENTOR', scopes: ['CHECK_INS'], expiresAt: soon(-1) },
        code: 'BAD_USER_INPUT',
        field: 'expiresAt',
      },
      {
        input: { recipientKind: 'MENTOR', scopes: ['CHECK_INS'], expiresAt: soon(3 * 365 + 2) },
        code: 'BAD_USER_INPUT',
        field: 'expiresAt',
      },
      { input: { recipientKind: 'EVERYONE', scopes: ['CHECK_INS'] }, code: 'BAD_USER_INPUT', field: 'recipientKind' },
    ];
    for (const c of cases) {
      const r = await t.gql(GIVE, { i: { purpose: 'Support', ...c.input } }, member.token);
      expect({ input: c.input, codes: codes(r), field: r.errors?.[0].extensions?.field }).toEqual({
        input: c.input,
        codes: [c.code],
        field: c.field,
      });
      // No ids, emails or what was typed in the message.
      expect(r.errors?.[0].message).not.toMatch(/[0-9a-f]{8}-|@|xxxx/);
    }
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM consents WHERE member_id = $1`, [member.id]);
    expect(n).toBe(0);
  });

  it('holds at most 25 consents in effect per member', async () => {
    const member = await t.user('MEMBER');
    for (let i = 0; i < 25; i++) await give(member, { recipientKind: 'COORDINATORS', scopes: ['MILESTONES'] });
    const r = await t.gql(
      GIVE,
      { i: { recipientKind: 'COORDINATORS', scopes: ['MILESTONES'], purpose: 'One more' } },
      member.token,
    );
    expect(codes(r)).toEqual(['CONFLICT']);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM consents WHERE member_id = $1`, [member.id]);
    expect(n).toBe(25);
  });
});

describe('revoking a consent', () => {
  it('is for the member alone; again it changes nothing; someone else’s consent is not found', async () => {
    const member = await t.user('MEMBER');
    const friend = await t.user('MEMBER');
    const consent = await give(member, { recipientKind: 'USER', userId: friend.id, scopes: ['CHECK_INS'] });
    for (const who of [friend, coordinator]) {
      const r = await t.gql(REVOKE, { i: { consentId: consent.id } }, who.token);
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
    expect(codes(await t.gql(REVOKE, { i: { consentId: 'nope' } }, member.token))).toEqual(['NOT_FOUND']);
    const revoked = (await ok(REVOKE, { i: { consentId: consent.id } }, member.token)).revokeConsent.consent;
    expect(revoked).toMatchObject({ id: consent.id, status: 'REVOKED' });
    expect(revoked.revokedAt).toEqual(expect.any(String));
    const again = (await ok(REVOKE, { i: { consentId: consent.id } }, member.token)).revokeConsent.consent;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const listed = await ok(
      `{ viewer { all: consents(first: 5) { totalCount } active: consents(first: 5, activeOnly: true) { totalCount } } }`,
      {},
      member.token,
    );
    expect(listed.viewer).toEqual({ all: { totalCount: 1 }, active: { totalCount: 0 } });
    expect((await ok(`{ viewer { consentsReceived(first: 5) { totalCount } } }`, {}, friend.token)).viewer).toEqual({
      consentsReceived: { totalCount: 0 },
    });
  });

  it('and expiry take effect at once, on an open checkInShared subscription too', async () => {
    const member = await t.user('MEMBER', 'Rowan Revoker');
    const friend = await t.user('MEMBER', 'Frankie Friend');
    const consent = await give(member, { recipientKind: 'USER', userId: friend.id, scopes: ['CHECK_INS'] });
    const theirs = subscribe(t.ws(friend.token).client, SHARED);
    const own = subscribe(t.ws(member.token).client, SHARED);
    await sleep(300);

    const first = await checkIn(member, 2, 'Shaky.');
    await theirs.waitFor(1);
    expect(theirs.events[0].data.checkInShared).toEqual({
      id: first.id,
      mood: 2,
      note: null,
      member: { id: member.id },
    });
    expect((await checkInsSeenBy(friend, member)).totalCount).toBe(1);

    await ok(REVOKE, { i: { consentId: consent.id } }, member.token);
    expect(await checkInsSeenBy(friend, member)).toBeNull();
    await checkIn(member, 4);
    await own.waitFor(2); // the member's own socket hears it: the event was published
    await sleep(300);
    expect(theirs.events).toHaveLength(1);

    // A new consent reaches the open socket at once; its end stops it at once.
    const expiresAt = new Date(Date.now() + 1500);
    await give(member, {
      recipientKind: 'USER',
      userId: friend.id,
      scopes: ['CHECK_INS', 'CHECK_IN_NOTES'],
      expiresAt: expiresAt.toISOString(),
    });
    await checkIn(member, 5, 'Better.');
    await theirs.waitFor(2);
    expect(theirs.events[1].data.checkInShared).toMatchObject({ mood: 5, note: 'Better.' });
    await sleep(Math.max(0, expiresAt.getTime() - Date.now() + 50));
    expect(await checkInsSeenBy(friend, member)).toBeNull();
    await checkIn(member, 3);
    await own.waitFor(4);
    await sleep(300);
    expect(theirs.events).toHaveLength(2);
    expect(theirs.error).toBeUndefined();
  });
});

describe('a MENTOR consent', () => {
  it('reaches whoever mentors the member in an ACTIVE match, and a mentor no longer once the match ends', async () => {
    const { member, mentor, matchId } = await matched('Mentee Mo');
    await checkIn(member, 3, 'Talked to my mentor.');
    const consent = await give(member, { recipientKind: 'MENTOR', scopes: ['CHECK_INS'] });
    expect(consent.recipient).toEqual({ kind: 'MENTOR', user: { id: mentor.id, displayName: mentor.displayName } });

    const seen = await checkInsSeenBy(mentor, member);
    expect(seen.totalCount).toBe(1);
    expect(seen.edges[0].node.note).toBeNull(); // CHECK_IN_NOTES was not given
    const received = await ok(`{ viewer { consentsReceived(first: 5) { edges { node { id } } } } }`, {}, mentor.token);
    expect(received.viewer.consentsReceived.edges).toEqual([{ node: { id: consent.id } }]);

    const socket = subscribe(t.ws(mentor.token).client, SHARED);
    await sleep(300);
    await checkIn(member, 4);
    await socket.waitFor(1);

    await ok(END, { i: { matchId, reason: 'Moving on' } }, member.token);
    expect(await checkInsSeenBy(mentor, member)).toBeNull();
    const after = await ok(`{ viewer { consentsReceived(first: 5) { totalCount } } }`, {}, mentor.token);
    expect(after.viewer.consentsReceived.totalCount).toBe(0);
    await checkIn(member, 2);
    await sleep(400);
    expect(socket.events).toHaveLength(1);

    // The consent stays the member's: a new mentor is reached by it.
    const next = await approvedMentor(t, coordinator, {}, 'Next Mentor');
    await t.sql(`UPDATE mentor_profiles SET accepting_mentees = (user_id = $1)`, [next.id]);
    const request = await requestMentor(t, member);
    await ok(RESPOND, { i: { matchId: request.match.id, accept: true } }, next.token);
    expect((await checkInsSeenBy(next, member)).totalCount).toBe(1);
    expect(await checkInsSeenBy(mentor, member)).toBeNull();
  });
});

describe('the access log', () => {
  it("records coordinators' reads under consent with the consent, merged with sobriety reads, newest first", async () => {
    const member = await t.user('MEMBER', 'Logged Member');
    const other = await t.user('COORDINATOR', 'Other Coordinator');
    await ok(SET_DATE, { i: { date: '2024-02-02', visibility: 'COORDINATORS' } }, member.token);
    await checkIn(member, 3, 'Private thoughts.');

    // Without a consent: nothing shown, nothing recorded as a consent read.
    expect(await checkInsSeenBy(coordinator, member)).toBeNull();
    const none = await t.sql(`SELECT count(*)::int AS n FROM consent_access_log WHERE member_id = $1`, [member.id]);
    expect(none[0].n).toBe(0);

    await ok(`query($id: ID!) { user(id: $id) { sobriety { date } } }`, { id: member.id }, coordinator.token);
    await sleep(5);
    const consent = await give(member, { recipientKind: 'COORDINATORS', scopes: ['CHECK_INS', 'CHECK_IN_NOTES'] });
    const seen = await checkInsSeenBy(coordinator, member);
    expect(seen.edges[0].node.note).toBe('Private thoughts.');
    await sleep(5);
    await checkInsSeenBy(other, member);

    const LOG = `query($after: String) { viewer { accessLog(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { what accessedAt accessor { id displayName } consent { id } } } } } }`;
    // Two at a time, across the merged lists.
    const all: any[] = [];
    let after: string | null = null;
    const totals: number[] = [];
    for (;;) {
      const page: any = (await ok(LOG, { after }, member.token)).viewer.accessLog;
      totals.push(page.totalCount);
      all.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all).toHaveLength(7);
    expect(new Set(totals)).toEqual(new Set([7]));
    const brief = all.map((n: any) => `${n.accessor.displayName}: ${n.what}${n.consent ? ' (consent)' : ''}`);
    // Within one request the reads share a millisecond or two: compare as sets per accessor, order by time.
    expect(brief.slice(0, 3).sort()).toEqual(
      [
        'Other Coordinator: User.checkIns (consent)',
        'Other Coordinator: User.checkInStreak (consent)',
        'Other Coordinator: DailyCheckIn.note (consent)',
      ].sort(),
    );
    expect(brief.slice(3, 6).sort()).toEqual(
      [
        'Casey Coordinator: User.checkIns (consent)',
        'Casey Coordinator: User.checkInStreak (consent)',
        'Casey Coordinator: DailyCheckIn.note (consent)',
      ].sort(),
    );
    expect(brief.slice(6)).toEqual(['Casey Coordinator: Sobriety.date']);
    expect(all.filter((n: any) => n.consent).every((n: any) => n.consent.id === consent.id)).toBe(true);
    const times = all.map((n: any) => Date.parse(n.accessedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(codes(await t.gql(LOG, { after: 'bm90IGEgY3Vyc29y' }, member.token))).toEqual(['BAD_USER_INPUT']);
  });

  it('records nothing for the member reading their own data', async () => {
    const member = await t.user('MEMBER');
    await checkIn(member);
    await checkInsSeenBy(member, member);
    const log = await ok(`{ viewer { accessLog(first: 5) { totalCount } } }`, {}, member.token);
    expect(log.viewer.accessLog.totalCount).toBe(0);
  });
});

describe("a member's own data", () => {
  it('export holds check-ins, consents given and received, and reads under consent; deletion erases them', async () => {
    const member = await t.user('MEMBER', 'Leaving Lou');
    const friend = await t.user('MEMBER', 'Staying Sam');
    await checkIn(member, 4, 'Last day here.');
    const given = await give(member, { recipientKind: 'USER', userId: friend.id, scopes: ['CHECK_INS'] });
    const received = await give(friend, { recipientKind: 'USER', userId: member.id, scopes: ['CHECK_INS'] });
    await checkInsSeenBy(friend, member);
    await checkInsSeenBy(member, friend);

    const data = (await ok(`{ exportMyData { data } }`, {}, member.token)).exportMyData.data;
    expect(data.dailyCheckIns).toEqual([expect.objectContaining({ mood: 4, note: 'Last day here.' })]);
    expect(data.consentsGiven.map((c: any) => c.id)).toEqual([given.id]);
    expect(data.consentsReceived.map((c: any) => c.id)).toEqual([received.id]);
    expect(data.consentAccessLog.map((r: any) => [r.accessor_id, r.what])).toEqual(
      expect.arrayContaining([[friend.id, 'User.checkIns']]),
    );

    const r = await t.gql(
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      member.token,
    );
    expect(r.errors).toBeUndefined();
    for (const [table, column] of [
      ['daily_check_ins', 'member_id'],
      ['consents', 'member_id'],
      ['consent_access_log', 'member_id'],
    ]) {
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [member.id]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // The friend's own records stay: the consent they gave, and that the member read under it.
    const mine = await ok(
      `{ viewer { consents(first: 5) { edges { node { id recipient { user { displayName } } } } } accessLog(first: 5) { edges { node { what accessor { displayName } } } } } }`,
      {},
      friend.token,
    );
    expect(mine.viewer.consents.edges).toEqual([
      { node: { id: received.id, recipient: { user: { displayName: 'Former member' } } } },
    ]);
    expect(mine.viewer.accessLog.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([{ what: 'User.checkIns', accessor: { displayName: 'Former member' } }]),
    );
  });
});

describe('the demo seed', () => {
  it("has Jordan's check-ins, shared under a consent with their mentor Maria, and runs twice", async () => {
    await runSeed(t.app.composition);
    await runSeed(t.app.composition);
    const [jordan] = await t.sql(`SELECT id FROM users WHERE email = 'jordan@onward.example'`);
    const [consents] = await t.sql(
      `SELECT count(*)::int AS n, bool_and('CHECK_IN_NOTES' = ANY(scopes)) AS notes FROM consents WHERE member_id = $1 AND recipient_kind = 'MENTOR'`,
      [jordan.id],
    );
    expect(consents).toEqual({ n: 1, notes: true });
    const login = await t.gql(
      `mutation { logIn(input: { email: "maria@onward.example", password: "onward-demo-2026" }) { token } }`,
    );
    const maria = login.data.logIn.token as string;
    const seen = await t.gql(
      `query($id: ID!) { user(id: $id) { checkInStreak checkIns(first: 20) { totalCount edges { node { note } } } } }`,
      { id: jordan.id },
      maria,
    );
    expect(seen.data.user.checkInStreak).toBe(4);
    expect(seen.data.user.checkIns.totalCount).toBe(11);
    expect(seen.data.user.checkIns.edges.some((e: any) => e.node.note)).toBe(true);
  });
});
