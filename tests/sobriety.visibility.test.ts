import { DateTime } from 'luxon';
import { Role } from '../src/core/auth';
import { addDays, todayIn } from '../src/modules/sobriety/milestones';
import type { Visibility } from '../src/modules/sobriety/sobriety.enums';
import { codes, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';

/**
 * No leak: every visibility tier × every kind of viewer × every path that carries
 * sobriety data (User.sobriety, milestoneFeed, milestoneReached).
 */
const TIERS = ['PRIVATE', 'MENTOR', 'COORDINATORS', 'NETWORK'] as const;
type Tier = (typeof TIERS)[number];
type Viewer = 'self' | 'coordinator' | 'member' | 'nonMentor' | 'blocked';

// Who may see each tier. Mentoring is not built yet, so the MENTOR tier reaches no one else;
// `nonMentor` is an approved mentor who is not this member's mentor.
const EXPECTED: Record<Viewer, Tier[]> = {
  self: [...TIERS],
  coordinator: ['COORDINATORS', 'NETWORK'],
  member: ['NETWORK'],
  nonMentor: ['NETWORK'],
  blocked: [],
};

const SUB = `subscription { milestoneReached { id label member { id } } }`;
const THEIRS = `query($id: ID!) { user(id: $id) { id sobriety { date days visibility milestones { id label } nextMilestone { label } } } }`;
const FEED = `{ milestoneFeed(first: 100) { edges { node { id member { id } } } } }`;

let t: TestApp;
const owners = {} as Record<Tier, TestUser>;
const viewers = {} as Record<Exclude<Viewer, 'self'>, TestUser>;
const events = {} as Record<string, ReturnType<typeof subscribe<any>>>;

beforeAll(async () => {
  t = await startTestApp();
  for (const tier of TIERS) owners[tier] = await t.user('MEMBER', `Owner ${tier}`);
  viewers.coordinator = await t.user('COORDINATOR');
  viewers.member = await t.user('MEMBER');
  viewers.nonMentor = await t.user('MEMBER');
  viewers.blocked = await t.user('MEMBER');
  await t.sql(`UPDATE users SET is_mentor = true WHERE id = $1`, [viewers.nonMentor.id]);
  const start = addDays(todayIn('America/Chicago', new Date()), -30);
  // Entered yesterday: "30 days" is reached today, news for the award job below (a milestone
  // already reached on the day the date is entered is recorded silently).
  const yesterday = DateTime.now().setZone('America/Chicago').startOf('day').minus({ milliseconds: 1 }).toJSDate();
  for (const tier of TIERS) {
    const o = owners[tier];
    await t.app.services.sobriety.setSobrietyDate(
      { id: o.id, role: Role.MEMBER, isMentor: false, displayName: o.displayName, timeZone: 'America/Chicago' },
      { date: start, visibility: tier as Visibility },
      yesterday,
    );
    // The blocked viewer is blocked by every owner; half of them the other way round.
    const [blocker, blocked] =
      tier === 'PRIVATE' || tier === 'COORDINATORS' ? [owners[tier], viewers.blocked] : [viewers.blocked, owners[tier]];
    await t.gql(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: blocked.id } },
      blocker.token,
    );
  }
  for (const [name, v] of Object.entries(viewers)) events[name] = subscribe<any>(t.ws(v.token).client, SUB);
  for (const tier of TIERS) events[`self:${tier}`] = subscribe<any>(t.ws(owners[tier].token).client, SUB);
  await sleep(300);
  // Each owner reaches "30 days" today: one announced milestone each.
  await t.app.services.sobriety.awardDueMilestones(new Date());
  await sleep(500);
});
afterAll(() => t.stop());

describe.each(Object.keys(EXPECTED) as Viewer[])('viewer: %s', (viewer) => {
  const tokenFor = (tier: Tier) => (viewer === 'self' ? owners[tier].token : viewers[viewer].token);

  it.each(TIERS)('User.sobriety of a %s member', async (tier) => {
    const r = await t.gql(THEIRS, { id: owners[tier].id }, tokenFor(tier));
    expect(r.errors).toBeUndefined();
    if (viewer === 'blocked') {
      expect(r.data.user).toBeNull(); // a block hides the whole person
    } else if (EXPECTED[viewer].includes(tier)) {
      expect(r.data.user.sobriety).toMatchObject({ days: 30, visibility: tier });
      expect(r.data.user.sobriety.milestones.map((m: any) => m.label)).toEqual(['24 hours', '30 days']);
    } else {
      expect(r.data.user).not.toBeNull();
      expect(r.data.user.sobriety).toBeNull();
    }
  });

  it('milestoneFeed holds exactly the milestones of tiers it may see, never its own', async () => {
    for (const tier of TIERS) {
      const r = await t.gql(FEED, {}, tokenFor(tier));
      const seen = new Set<string>(r.data.milestoneFeed.edges.map((e: any) => e.node.member.id));
      const owned = TIERS.filter((other) => seen.has(owners[other].id));
      if (viewer === 'self') {
        // Owners are members too: they see the NETWORK owner, never themselves.
        expect(owned).toEqual(tier === 'NETWORK' ? [] : ['NETWORK']);
      } else {
        expect(owned).toEqual(EXPECTED[viewer]);
      }
    }
  });

  it('milestoneReached delivers exactly what it may see', async () => {
    for (const tier of TIERS) {
      const stream = viewer === 'self' ? events[`self:${tier}`] : events[viewer];
      expect(stream.error).toBeUndefined();
      const got = stream.events.map((e) => e.data!.milestoneReached.member.id);
      const expected =
        viewer === 'self'
          ? [owners[tier].id, ...(tier === 'NETWORK' ? [] : [owners.NETWORK.id])]
          : EXPECTED[viewer].map((x) => owners[x].id);
      expect(got.sort()).toEqual(expected.sort());
    }
  });
});

describe('viewer: anonymous', () => {
  it('gets nothing on any path', async () => {
    expect((await t.gql(`{ viewer { sobriety { date } } }`)).data.viewer).toBeNull();
    expect(codes(await t.gql(THEIRS, { id: owners.NETWORK.id }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(FEED))).toEqual(['UNAUTHENTICATED']);
    // An anonymous socket cannot subscribe at all: closed with 4403 (tests/websocket.test.ts).
  });
});

describe('after a reset', () => {
  it('nothing from the old journey reaches anyone else on any path', async () => {
    const owner = owners.NETWORK;
    const old = await t.sql(`SELECT id FROM sobriety_milestones WHERE user_id = $1`, [owner.id]);
    const r = await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: addDays(todayIn('America/Chicago', new Date()), -1), visibility: 'NETWORK' } },
      owner.token,
    );
    expect(r.errors).toBeUndefined();
    for (const v of [viewers.member, viewers.coordinator]) {
      const theirs = (await t.gql(THEIRS, { id: owner.id }, v.token)).data.user.sobriety;
      // Only the new journey's "24 hours", recorded as the date was entered.
      expect(theirs.milestones.map((m: any) => m.label)).toEqual(['24 hours']);
      for (const m of old) expect(theirs.milestones.map((x: any) => x.id)).not.toContain(m.id);
      const feed = (await t.gql(FEED, {}, v.token)).data.milestoneFeed.edges.map((e: any) => e.node.id);
      for (const m of old) expect(feed).not.toContain(m.id);
    }
  });
});
