import { DateTime } from 'luxon';
import { Role } from '../src/core/auth';
import { addDays, todayIn } from '../src/modules/sobriety/milestones';
import type { Visibility } from '../src/modules/sobriety/sobriety.enums';
import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { meetingInput } from './helpers/meetings';
import {
  APPROVE,
  END,
  MENTORING_ENV,
  profileInput,
  RESPOND,
  SET_DATE,
  UPSERT,
  approvedMentor,
  requestMentor,
  setSoberDays,
} from './helpers/mentoring';

/**
 * The trust issue, mentoring and sobriety part: each hole named, shown through the API.
 */
const TZ = 'America/Chicago';
const today = () => todayIn(TZ, new Date());
const daysAgo = (n: number) => addDays(today(), -n);

const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;
const PAUSE = `mutation($i: SetAcceptingMenteesInput!) { setAcceptingMentees(input: $i) { profile { acceptingMentees status } } }`;
const CANDIDATES = `query($id: ID!) { mentorCandidates(requestId: $id) { mentor { id } score reasons { part points detail } } }`;
const EXPORT = `{ exportMyData { data } }`;
const ACCESS_LOG = `{ viewer { sobrietyAccessLog(first: 100) { edges { node { field reason viewer { id } } } } } }`;
const NOTES = `{ notifications(first: 50) { edges { node { kind message subjectId } } } }`;
const LOG = `{ moderationLog(first: 100) { edges { node { action targetType targetId reason detail actor { id } } } } }`;
const PROPOSE = `mutation($i: ProposeMatchInput!) { proposeMatch(input: $i) { match { id status mentor { id } } } }`;
const ROUND = `mutation { runMatchingRound { proposed { id } unmatched { reason } } }`;
const DELETE = `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`;

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp(MENTORING_ENV);
  coordinator = await t.user('COORDINATOR', 'Casey Coordinator');
});
afterAll(() => t.stop());

/** Enters the date as the member did yesterday: a milestone reached today is then news for the award job. */
async function enteredYesterday(u: TestUser, date: string, visibility: string) {
  const yesterday = DateTime.now().setZone(TZ).startOf('day').minus({ milliseconds: 1 }).toJSDate();
  await t.app.services.sobriety.setSobrietyDate(
    { id: u.id, role: Role.MEMBER, isMentor: false, displayName: u.displayName, timeZone: TZ },
    { date, visibility: visibility as Visibility },
    yesterday,
  );
}

async function accessLog(u: TestUser): Promise<Array<[string, string, string]>> {
  const r = await t.gql(ACCESS_LOG, {}, u.token);
  return r.data.viewer.sobrietyAccessLog.edges.map((e: any) => [e.node.viewer.id, e.node.reason, e.node.field]);
}

async function notes(u: TestUser): Promise<Array<{ kind: string; message: string; subjectId: string }>> {
  return (await t.gql(NOTES, {}, u.token)).data.notifications.edges.map((e: any) => e.node);
}

async function exportOf(u: TestUser): Promise<Record<string, any>> {
  const r = await t.gql(EXPORT, {}, u.token);
  expect(r.errors).toBeUndefined();
  return r.data.exportMyData.data;
}

/** The same document with what differs between two people (ids, names, instants) replaced by what it is. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k === 'id') return [k, typeof v];
        if (k === 'displayName') return [k, typeof v];
        if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return [k, 'an instant'];
        return [k, shape(v)];
      }),
    );
  }
  return value;
}

describe('1. a mentor’s relapse cannot be inferred: a lapse after a reset looks exactly like a pause', () => {
  const PUBLIC = `query($id: ID!) { user(id: $id) { id displayName isMentor mentorProfile {
    bio focusAreas languages capacity acceptingMentees availability { weekday startTime endTime } gender approvedAt updatedAt status user { id isMentor } } } }`;
  const AS_MENTEE = `{ viewer { mentorMatches(first: 10) { edges { node { status needsReview declineReason respondedAt endedAt
    mentor { id displayName isMentor mentorProfile { acceptingMentees approvedAt status } } } } } } }`;
  const STATUS = `query($id: ID!) { user(id: $id) { isMentor mentorProfile { acceptingMentees approvedAt status } } }`;
  let paused: TestUser;
  let lapsed: TestUser;
  let pausedMentee: TestUser;
  let lapsedMentee: TestUser;

  beforeAll(async () => {
    const profile = { focusAreas: ['VETERANS', 'FAITH'], capacity: 3 };
    // Each mentor takes one mentee, then one pauses and the other resets their date.
    paused = await approvedMentor(t, coordinator, profile, 'Pat Paused');
    pausedMentee = await t.user('MEMBER', 'Mentee of Pat');
    const r1 = await requestMentor(t, pausedMentee, { focusAreas: ['VETERANS', 'FAITH'] });
    expect(r1.match.mentor.id).toBe(paused.id);
    expect((await t.gql(RESPOND, { i: { matchId: r1.match.id, accept: true } }, paused.token)).errors).toBeUndefined();
    const p = await t.gql(PAUSE, { i: { acceptingMentees: false } }, paused.token);
    expect(p.data.setAcceptingMentees.profile).toEqual({ acceptingMentees: false, status: 'PAUSED' });

    lapsed = await approvedMentor(t, coordinator, profile, 'Lee Lapsed');
    lapsedMentee = await t.user('MEMBER', 'Mentee of Lee');
    const r2 = await requestMentor(t, lapsedMentee, { focusAreas: ['VETERANS', 'FAITH'] });
    expect(r2.match.mentor.id).toBe(lapsed.id);
    expect((await t.gql(RESPOND, { i: { matchId: r2.match.id, accept: true } }, lapsed.token)).errors).toBeUndefined();
    const reset = await t.gql(SET_DATE, { i: { date: today(), visibility: 'PRIVATE' } }, lapsed.token);
    expect(reset.errors).toBeUndefined();
  });

  it('a stranger, each one’s mentee and anyone reading the mentor’s public profile see the same document', async () => {
    const stranger = await t.user('MEMBER');
    const a = await t.gql(PUBLIC, { id: paused.id }, stranger.token);
    const b = await t.gql(PUBLIC, { id: lapsed.id }, stranger.token);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(shape(b.data)).toEqual(shape(a.data));
    expect(a.data.user).toMatchObject({
      isMentor: true,
      mentorProfile: { acceptingMentees: false, status: null, gender: null, user: { isMentor: true } },
    });
    expect(b.data.user.mentorProfile.approvedAt).toEqual(expect.any(String));

    const ma = await t.gql(AS_MENTEE, {}, pausedMentee.token);
    const mb = await t.gql(AS_MENTEE, {}, lapsedMentee.token);
    expect(ma.errors).toBeUndefined();
    expect(shape(mb.data)).toEqual(shape(ma.data));
    expect(ma.data.viewer.mentorMatches.edges[0].node).toMatchObject({ status: 'ACTIVE', needsReview: null });
    // Read by each mentee through the user query as well.
    expect(shape((await t.gql(PUBLIC, { id: lapsed.id }, lapsedMentee.token)).data)).toEqual(
      shape((await t.gql(PUBLIC, { id: paused.id }, pausedMentee.token)).data),
    );
  });

  it('coordinators see why, and each such read is in the mentor’s sobriety access log', async () => {
    const a = await t.gql(STATUS, { id: paused.id }, coordinator.token);
    const b = await t.gql(STATUS, { id: lapsed.id }, coordinator.token);
    expect(a.data.user).toMatchObject({ isMentor: true, mentorProfile: { acceptingMentees: false, status: 'PAUSED' } });
    expect(b.data.user).toMatchObject({ isMentor: true, mentorProfile: { acceptingMentees: false, status: 'LAPSED' } });
    expect(await accessLog(lapsed)).toContainEqual([coordinator.id, 'COORDINATOR', 'MentorProfile.status']);
    expect(await accessLog(paused)).toContainEqual([coordinator.id, 'COORDINATOR', 'MentorProfile.status']);
    // The mentor sees their own status; their own read is not recorded.
    const own = await t.gql(`{ viewer { isMentor mentorProfile { status } } }`, {}, lapsed.token);
    expect(own.data.viewer).toEqual({ isMentor: true, mentorProfile: { status: 'LAPSED' } });
    expect((await accessLog(lapsed)).filter(([viewer]) => viewer === lapsed.id)).toEqual([]);
  });

  it('a lapsed mentor is never proposed, cannot resume on their own, and has no mentor rights; a paused one can come back', async () => {
    const newcomer = await t.user();
    const request = await requestMentor(t, newcomer, { focusAreas: ['VETERANS', 'FAITH'] });
    expect(request).toMatchObject({ status: 'WAITING', match: null });

    const resume = await t.gql(PAUSE, { i: { acceptingMentees: true } }, lapsed.token);
    expect(codes(resume)).toEqual(['CONFLICT']);
    expect(resume.errors![0].extensions!.reason).toBe('APPROVAL_LAPSED');
    const upsert = await t.gql(UPSERT, { i: profileInput({ acceptingMentees: true }) }, lapsed.token);
    expect(codes(upsert)).toEqual(['BAD_USER_INPUT']);
    expect((await t.gql(STATUS, { id: lapsed.id }, lapsed.token)).data.user.mentorProfile).toMatchObject({
      acceptingMentees: false,
      status: 'LAPSED',
    });
    // Mentor rights (hosting meetings) follow the approval that holds now.
    const CREATE = `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`;
    expect(codes(await t.gql(CREATE, { i: meetingInput() }, lapsed.token))).toEqual(['FORBIDDEN']);
    expect((await t.gql(CREATE, { i: meetingInput() }, paused.token)).errors).toBeUndefined();

    const back = await t.gql(PAUSE, { i: { acceptingMentees: true } }, paused.token);
    expect(back.data.setAcceptingMentees.profile).toEqual({ acceptingMentees: true, status: 'ACCEPTING' });
    const round = await t.gql(ROUND, {}, coordinator.token);
    expect(round.errors).toBeUndefined();
    const [{ mentor_id: mentorId }] = await t.sql(
      `SELECT mentor_id FROM mentor_matches WHERE request_id = $1 AND status = 'PROPOSED'`,
      [request.id],
    );
    expect(mentorId).toBe(paused.id);
  });

  it('pausing gives the proposals waiting for the mentor to other mentors, as a lapse does', async () => {
    const busy = await approvedMentor(t, coordinator, { focusAreas: ['HOUSING', 'LEGAL', 'EMPLOYMENT'] });
    const other = await approvedMentor(t, coordinator, { focusAreas: ['HOUSING'] });
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { focusAreas: ['HOUSING', 'LEGAL', 'EMPLOYMENT'] });
    expect(request.match.mentor.id).toBe(busy.id);
    await t.gql(PAUSE, { i: { acceptingMentees: false } }, busy.token);
    const live = await t.sql(
      `SELECT mentor_id, status FROM mentor_matches WHERE request_id = $1 ORDER BY proposed_at`,
      [request.id],
    );
    expect(live).toEqual([
      { mentor_id: busy.id, status: 'WITHDRAWN' },
      { mentor_id: other.id, status: 'PROPOSED' },
    ]);
  });
});

describe('2. a block while a proposal is pending: the proposal can never become a match', () => {
  it.each([
    ['the mentee blocks the mentor', 'mentee', ['STIMULANTS', 'LGBTQ', 'TRAUMA']],
    ['the mentor blocks the mentee', 'mentor', ['ALCOHOL', 'CO_OCCURRING_ANXIETY', 'GAMBLING']],
  ])(
    '%s: accepting fails, nothing becomes active, and the mentor no longer reads the request',
    async (_n, blocker, focusAreas) => {
      const m = await approvedMentor(t, coordinator, { focusAreas });
      const f = await t.user('MEMBER', 'Frankie');
      const note = `Only for my mentor: ${blocker} nights are hard.`;
      const request = await requestMentor(t, f, { focusAreas, note });
      expect(request.match.mentor.id).toBe(m.id);
      const [who, whom] = blocker === 'mentee' ? [f, m] : [m, f];
      expect((await t.gql(BLOCK, { i: { userId: whom.id } }, who.token)).errors).toBeUndefined();

      const accept = await t.gql(RESPOND, { i: { matchId: request.match.id, accept: true } }, m.token);
      expect(codes(accept)).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(accept)).not.toContain('nights are hard');
      expect(
        await t.sql(`SELECT count(*)::int AS n FROM mentor_matches WHERE request_id = $1 AND status = 'ACTIVE'`, [
          request.id,
        ]),
      ).toEqual([{ n: 0 }]);
      const mine = await t.gql(
        `{ viewer { mentorMatches(first: 10) { edges { node { id request { note } mentee { id } } } } } }`,
        {},
        m.token,
      );
      expect(mine.errors).toBeUndefined();
      expect(JSON.stringify(mine)).not.toContain('nights are hard');

      // The job gives the request to another mentor (or has it wait), never to this one.
      const { withdrawn } = await t.app.services.mentoring.expireProposals(new Date());
      expect(withdrawn).toBeGreaterThanOrEqual(1);
      expect(await t.sql(`SELECT status FROM mentor_matches WHERE id = $1`, [request.match.id])).toEqual([
        { status: 'WITHDRAWN' },
      ]);
      expect(
        await t.sql(
          `SELECT count(*)::int AS n FROM mentor_matches WHERE request_id = $1 AND mentor_id = $2 AND status IN ('PROPOSED', 'ACTIVE')`,
          [request.id, m.id],
        ),
      ).toEqual([{ n: 0 }]);
    },
  );
});

describe('3. exports follow the API: nothing the API keeps from one side is in its export', () => {
  it('a mentee with a declined, an ended and an active match, and their mentors, export only what they may see', async () => {
    // D fits best, E next: X's first request goes to D, who declines, then to E.
    const d = await approvedMentor(t, coordinator, { focusAreas: ['CANNABIS', 'PARENTING', 'GAMBLING'] }, 'Dana');
    const e = await approvedMentor(t, coordinator, { focusAreas: ['CANNABIS', 'PARENTING'] }, 'Eli');
    const x = await t.user('MEMBER', 'Xan');
    const first = await requestMentor(t, x, { focusAreas: ['CANNABIS', 'PARENTING', 'GAMBLING'] });
    expect(first.match.mentor.id).toBe(d.id);
    const declined = await t.gql(
      RESPOND,
      { i: { matchId: first.match.id, accept: false, reason: 'DECLINE-REASON for coordinators' } },
      d.token,
    );
    expect(declined.errors).toBeUndefined();
    const [toE] = await t.sql(
      `SELECT id, mentor_id FROM mentor_matches WHERE request_id = $1 AND status = 'PROPOSED'`,
      [first.id],
    );
    expect(toE.mentor_id).toBe(e.id);
    await t.gql(RESPOND, { i: { matchId: toE.id, accept: true } }, e.token);
    // E's reset flags the match for coordinators; then X ends it, with words for coordinators.
    await t.gql(SET_DATE, { i: { date: today(), visibility: 'PRIVATE' } }, e.token);
    const ended = await t.gql(END, { i: { matchId: toE.id, reason: 'END-REASON for coordinators' } }, x.token);
    expect(ended.errors).toBeUndefined();
    // A second request: D again, who accepts this time.
    const second = await requestMentor(t, x, { focusAreas: ['CANNABIS', 'PARENTING', 'GAMBLING'] });
    expect(second.match.mentor.id).toBe(d.id);
    await t.gql(RESPOND, { i: { matchId: second.match.id, accept: true } }, d.token);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM mentor_matches WHERE mentee_id = $1`, [x.id]);
    expect(n).toBe(3);

    const mine = await exportOf(x);
    const asMentee = mine.mentorMatchesAsMentee as Array<Record<string, unknown>>;
    // The declined proposal, with D's id, is hidden from X by the API and absent here.
    expect(asMentee.map((m) => m.status).sort()).toEqual(['ACTIVE', 'ENDED']);
    expect(asMentee.find((m) => m.mentor_id === d.id)).toMatchObject({ status: 'ACTIVE' });
    for (const row of asMentee) {
      // The score holds the mentor's private time in recovery.
      for (const key of ['score', 'decline_reason', 'end_reason', 'needs_review']) expect(row).not.toHaveProperty(key);
    }
    expect(JSON.stringify(mine)).not.toContain('DECLINE-REASON');
    // What X wrote is X's own.
    expect(mine.mentorMatchEndReasonsWritten).toEqual([
      { id: toE.id, end_reason: 'END-REASON for coordinators', ended_at: expect.any(String) },
    ]);

    const eli = await exportOf(e);
    expect(eli.mentorMatchesAsMentor).toHaveLength(1);
    expect(JSON.stringify(eli)).not.toContain('END-REASON');
    for (const key of ['needs_review', 'score', 'end_reason'])
      expect(eli.mentorMatchesAsMentor[0]).not.toHaveProperty(key);
    expect(eli.mentorMatchEndReasonsWritten).toEqual([]);

    const dana = await exportOf(d);
    expect(dana.mentorMatchesAsMentor.map((m: any) => m.status).sort()).toEqual(['ACTIVE', 'DECLINED']);
    // The API shows D their own reason for declining: so does the export.
    expect(JSON.stringify(dana)).toContain('DECLINE-REASON');
    for (const row of dana.mentorMatchesAsMentor) expect(row).not.toHaveProperty('score');
  });
});

describe('4. mentorCandidates: coordinators see a mentor’s years in recovery only where the mentor shares them', () => {
  it('PRIVATE and MENTOR tiers show no sober-time part; COORDINATORS and NETWORK do, and the read is logged for them', async () => {
    const top = await approvedMentor(t, coordinator, { focusAreas: ['BENZODIAZEPINES', 'HOUSING', 'FAMILY'] });
    const tiers = ['PRIVATE', 'MENTOR', 'COORDINATORS', 'NETWORK'];
    const byTier: Record<string, TestUser> = {};
    for (const tier of tiers) {
      byTier[tier] = await approvedMentor(t, coordinator, { focusAreas: ['BENZODIAZEPINES'] }, `Tier ${tier}`, tier);
    }
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { focusAreas: ['BENZODIAZEPINES', 'HOUSING', 'FAMILY'] });
    expect(request.match.mentor.id).toBe(top.id);

    const r = await t.gql(CANDIDATES, { id: request.id }, coordinator.token);
    expect(r.errors).toBeUndefined();
    const parts = (u: TestUser) => {
      const c = r.data.mentorCandidates.find((x: any) => x.mentor.id === u.id);
      expect(c).toBeDefined();
      expect(c.score).toBe(c.reasons.reduce((s: number, x: any) => s + x.points, 0));
      return c.reasons.map((x: any) => x.part);
    };
    expect(parts(byTier.PRIVATE)).not.toContain('SOBER_TIME');
    expect(parts(byTier.MENTOR)).not.toContain('SOBER_TIME');
    expect(parts(byTier.COORDINATORS)).toContain('SOBER_TIME');
    expect(parts(byTier.NETWORK)).toContain('SOBER_TIME');
    expect(JSON.stringify(r.data)).toContain('2 full years in recovery');

    const logged = async (u: TestUser) =>
      (await accessLog(u)).some(
        ([v, reason, field]) => v === coordinator.id && reason === 'COORDINATOR' && field === 'mentorCandidates',
      );
    expect(await logged(byTier.COORDINATORS)).toBe(true);
    expect(await logged(byTier.NETWORK)).toBe(true);
    expect(await logged(byTier.PRIVATE)).toBe(false);
    expect(await logged(byTier.MENTOR)).toBe(false);

    // The mentee still sees no sober-time part at all.
    const theirs = await t.gql(CANDIDATES, { id: request.id }, mentee.token);
    expect(JSON.stringify(theirs.data)).not.toContain('SOBER_TIME');
  });
});

describe('5. milestones already reached when the date is entered', () => {
  it('are there at once, recorded silently, and never recorded twice', async () => {
    const u = await t.user('MEMBER', 'Robin');
    const peer = await t.user('MEMBER');
    const q = `subscription { milestoneReached { id label member { id } } }`;
    const bySelf = subscribe<any>(t.ws(u.token).client, q);
    const byPeer = subscribe<any>(t.ws(peer.token).client, q);
    await sleep(300);

    const r = await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { days milestones { label reachedOn } } } }`,
      { i: { date: daysAgo(30), visibility: 'NETWORK' } },
      u.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.setSobrietyDate.sobriety).toEqual({
      days: 30,
      milestones: [
        { label: '24 hours', reachedOn: daysAgo(29) },
        { label: '30 days', reachedOn: today() },
      ],
    });
    const mine = await t.gql(`{ viewer { sobriety { days milestones { label } } } }`, {}, u.token);
    expect(mine.data.viewer.sobriety).toEqual({ days: 30, milestones: [{ label: '24 hours' }, { label: '30 days' }] });

    await t.app.services.sobriety.awardDueMilestones(new Date());
    await sleep(300);
    const rows = await t.sql(`SELECT label, announced FROM sobriety_milestones WHERE user_id = $1 ORDER BY position`, [
      u.id,
    ]);
    expect(rows).toEqual([
      { label: '24 hours', announced: false },
      { label: '30 days', announced: false },
    ]);
    expect(await notes(u)).toEqual([]);
    const feed = await t.gql(`{ milestoneFeed(first: 100) { edges { node { member { id } } } } }`, {}, peer.token);
    expect(feed.data.milestoneFeed.edges.filter((e: any) => e.node.member.id === u.id)).toEqual([]);
    expect(bySelf.events).toEqual([]);
    expect(byPeer.events.filter((e) => e.data?.milestoneReached.member.id === u.id)).toEqual([]);
    bySelf.dispose();
    byPeer.dispose();
  });
});

describe('6. notifications name people when read, so a departed member is "Former member"', () => {
  it('congratulations from someone who then deleted their account', async () => {
    const m = await t.user('MEMBER', 'Morgan');
    const c = await t.user('MEMBER', 'Charlie Leaving');
    await t.gql(SET_DATE, { i: { date: daysAgo(30), visibility: 'NETWORK' } }, m.token);
    const seen = await t.gql(
      `query($id: ID!) { user(id: $id) { sobriety { milestones { id label } } } }`,
      { id: m.id },
      c.token,
    );
    const milestone = seen.data.user.sobriety.milestones.find((x: any) => x.label === '30 days');
    const sent = await t.gql(
      `mutation($i: CongratulateInput!) { congratulate(input: $i) { congratulation { id } } }`,
      { i: { milestoneId: milestone.id, message: 'Thirty days!' } },
      c.token,
    );
    expect(sent.errors).toBeUndefined();
    expect((await notes(m)).map((n) => n.message)).toEqual(['Charlie Leaving sent you congratulations.']);

    expect((await t.gql(DELETE, { i: { password: PASSWORD } }, c.token)).errors).toBeUndefined();
    expect(await notes(m)).toEqual([
      { kind: 'CONGRATULATED', message: 'Former member sent you congratulations.', subjectId: milestone.id },
    ]);
  });

  it('a mentor who accepted and then deleted their account', async () => {
    const mentor = await approvedMentor(
      t,
      coordinator,
      { focusAreas: ['YOUNG_ADULTS', 'CO_OCCURRING_DEPRESSION'] },
      'Mo Mentor',
    );
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { focusAreas: ['YOUNG_ADULTS', 'CO_OCCURRING_DEPRESSION'] });
    expect(request.match.mentor.id).toBe(mentor.id);
    await t.gql(RESPOND, { i: { matchId: request.match.id, accept: true } }, mentor.token);
    expect((await notes(mentee)).find((n) => n.kind === 'MATCH_ACCEPTED')!.message).toBe(
      'Mo Mentor accepted to be your mentor.',
    );
    expect((await t.gql(DELETE, { i: { password: PASSWORD } }, mentor.token)).errors).toBeUndefined();
    expect((await notes(mentee)).find((n) => n.kind === 'MATCH_ACCEPTED')!.message).toBe(
      'Former member accepted to be your mentor.',
    );
  });
});

describe('7. coordinators’ mentoring actions are in the moderation log', () => {
  async function log(): Promise<any[]> {
    return (await t.gql(LOG, {}, coordinator.token)).data.moderationLog.edges.map((e: any) => e.node);
  }
  const noHealthData = (entry: { reason: string; detail: string | null }) => {
    expect(`${entry.reason} ${entry.detail ?? ''}`).not.toMatch(/sober|recovery|relapse|days|years|score/i);
  };

  it('approveMentor, proposeMatch and runMatchingRound each write an entry; a refused one writes none', async () => {
    const of = async (action: string) => (await log()).filter((e) => e.action === action);

    const short = await t.user();
    await setSoberDays(t, short, 100);
    await t.gql(UPSERT, { i: profileInput() }, short.token);
    expect(codes(await t.gql(APPROVE, { i: { userId: short.id } }, coordinator.token))).toEqual(['BAD_USER_INPUT']);
    expect((await log()).filter((e) => e.targetId === short.id)).toEqual([]);

    const mentor = await approvedMentor(t, coordinator, { languages: ['sw'] });
    const [approval] = (await of('MENTOR_APPROVE')).filter((e) => e.targetId === mentor.id);
    expect(approval).toMatchObject({ targetType: 'USER', actor: { id: coordinator.id } });
    expect(approval.reason).toEqual(expect.any(String));
    noHealthData(approval);

    // A request no mentor fits waits for coordinators; a Yoruba speaker is approved after it.
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { languages: ['yo'], requireLanguage: true });
    expect(request.status).toBe('WAITING');
    const yoruba = await approvedMentor(t, coordinator, { languages: ['yo'] });
    const before = (await of('MATCH_PROPOSE')).length;
    const refused = await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: mentor.id } }, coordinator.token);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(await of('MATCH_PROPOSE')).toHaveLength(before);
    const proposed = await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: yoruba.id } }, coordinator.token);
    expect(proposed.errors).toBeUndefined();
    const proposals = await of('MATCH_PROPOSE');
    expect(proposals).toHaveLength(before + 1);
    expect(proposals[0]).toMatchObject({
      targetType: 'MENTOR_MATCH',
      targetId: proposed.data.proposeMatch.match.id,
      actor: { id: coordinator.id },
    });
    noHealthData(proposals[0]);

    const rounds = (await of('MATCHING_ROUND')).length;
    const round = await t.gql(ROUND, {}, coordinator.token);
    expect(round.errors).toBeUndefined();
    const after = await of('MATCHING_ROUND');
    expect(after).toHaveLength(rounds + 1);
    expect(after[0]).toMatchObject({ targetType: 'MATCHING_ROUND', actor: { id: coordinator.id } });
    const { proposed: placed, unmatched } = round.data.runMatchingRound;
    expect(after[0].detail).toBe(`${placed.length} proposed, ${unmatched.length} left waiting`);
    noHealthData(after[0]);
  });
});

describe('8. subscription filters decide with the viewer as they are now', () => {
  it('milestoneReached: a coordinator who is no longer one stops receiving COORDINATORS-tier milestones', async () => {
    const member = await t.user('MEMBER');
    const former = await t.user('COORDINATOR');
    await enteredYesterday(member, daysAgo(30), 'COORDINATORS');
    const q = `subscription { milestoneReached { id label member { id } } }`;
    const bySelf = subscribe<any>(t.ws(member.token).client, q);
    const byFormer = subscribe<any>(t.ws(former.token).client, q);
    await sleep(300);
    await t.sql(`UPDATE users SET role = 'MEMBER' WHERE id = $1`, [former.id]);

    await t.app.services.sobriety.awardDueMilestones(new Date());
    await bySelf.waitFor(1);
    await sleep(300);
    expect(byFormer.events.filter((e) => e.data?.milestoneReached.member.id === member.id)).toEqual([]);
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM sobriety_access_log WHERE member_id = $1 AND viewer_id = $2`, [
        member.id,
        former.id,
      ]),
    ).toEqual([{ n: 0 }]);
    bySelf.dispose();
    byFormer.dispose();
  });
});
