import { codes, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import {
  APPROVE,
  END,
  MATCH,
  MENTORING_ENV,
  profileInput,
  REQUEST,
  RESPOND,
  SET_DATE,
  UPSERT,
  approvedMentor,
  requestMentor,
  setSoberDays,
} from './helpers/mentoring';
import { AccountDeleted } from '../src/modules/accounts/accounts.events';
import { addDays, todayIn } from '../src/modules/sobriety/milestones';

const CANDIDATES = `query($id: ID!) { mentorCandidates(requestId: $id) { mentor { id } score reasons { part points detail } } }`;
const MY_MATCHES = `query($s: MatchStatus) { viewer { mentorMatches(status: $s, first: 10) { edges { node { ${MATCH} declineReason } } } } }`;
const THEIR_SOBRIETY = `query($id: ID!) { user(id: $id) { sobriety { date } } }`;
const NOTES = `{ notifications(first: 50) { edges { node { kind message subjectId } } } }`;

async function notes(t: TestApp, u: TestUser): Promise<Array<{ kind: string; message: string; subjectId: string }>> {
  return (await t.gql(NOTES, {}, u.token)).data.notifications.edges.map((e: any) => e.node);
}

describe('mentor profiles and approval', () => {
  let t: TestApp;
  let coordinator: TestUser;
  beforeAll(async () => {
    t = await startTestApp(MENTORING_ENV);
    coordinator = await t.user('COORDINATOR');
  });
  afterAll(() => t.stop());

  it('saves a profile with codes normalised, and updates it in place', async () => {
    const u = await t.user();
    const r = await t.gql(
      UPSERT,
      { i: profileInput({ focusAreas: ['alcohol', 'LGBTQ'], languages: ['EN', 'es'], gender: 'woman' }) },
      u.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.upsertMentorProfile.profile).toMatchObject({
      focusAreas: ['ALCOHOL', 'LGBTQ'],
      languages: ['en', 'es'],
      capacity: 3,
      gender: 'WOMAN',
      approvedAt: null,
    });
    const again = await t.gql(UPSERT, { i: profileInput({ capacity: 5 }) }, u.token);
    expect(again.data.upsertMentorProfile.profile.capacity).toBe(5);
    expect(await t.sql(`SELECT count(*)::int AS n FROM mentor_profiles WHERE user_id = $1`, [u.id])).toEqual([
      { n: 1 },
    ]);
  });

  it.each([
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['capacity 11', { capacity: 11 }, 'capacity'],
    ['an unknown focus area', { focusAreas: ['ALCOHOL', 'ASTROLOGY'] }, 'focusAreas'],
    ['an unknown language code', { languages: ['en', 'xx'] }, 'languages'],
    ['a three-letter language code', { languages: ['eng'] }, 'languages'],
    ['no focus area', { focusAreas: [] }, 'focusAreas'],
    ['an unknown gender', { gender: 'ROBOT' }, 'gender'],
    [
      'an availability ending before it starts',
      { availability: [{ weekday: 1, startTime: '20:00', endTime: '19:00' }] },
      'availability.0',
    ],
    ['weekday 8', { availability: [{ weekday: 8, startTime: '10:00', endTime: '11:00' }] }, 'availability.0'],
  ])('refuses %s with BAD_USER_INPUT and changes nothing', async (_name, over, field) => {
    const u = await t.user();
    await t.gql(UPSERT, { i: profileInput() }, u.token);
    const before = await t.sql(`SELECT * FROM mentor_profiles WHERE user_id = $1`, [u.id]);
    const r = await t.gql(UPSERT, { i: profileInput(over) }, u.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(await t.sql(`SELECT * FROM mentor_profiles WHERE user_id = $1`, [u.id])).toEqual(before);
  });

  it('approves a member with a profile and a year of recovery, and only coordinators may', async () => {
    const u = await t.user();
    await setSoberDays(t, u, 400);
    await t.gql(UPSERT, { i: profileInput() }, u.token);
    const member = await t.user();
    expect(codes(await t.gql(APPROVE, { i: { userId: u.id } }, member.token))).toEqual(['FORBIDDEN']);
    const r = await t.gql(APPROVE, { i: { userId: u.id } }, coordinator.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.approveMentor.user.isMentor).toBe(true);
    expect(r.data.approveMentor.profile.approvedAt).toBeTruthy();
  });

  it('refuses to approve without a profile, without enough sober time, or an unknown id; nothing changes', async () => {
    const noProfile = await t.user();
    await setSoberDays(t, noProfile, 800);
    const short = await t.user();
    await setSoberDays(t, short, 200);
    await t.gql(UPSERT, { i: profileInput() }, short.token);
    const noDate = await t.user();
    await t.gql(UPSERT, { i: profileInput() }, noDate.token);

    const a = await t.gql(APPROVE, { i: { userId: noProfile.id } }, coordinator.token);
    expect(codes(a)).toEqual(['BAD_USER_INPUT']);
    expect(a.errors![0].extensions!.reason).toBe('NO_PROFILE');
    for (const u of [short, noDate]) {
      const r = await t.gql(APPROVE, { i: { userId: u.id } }, coordinator.token);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions).toMatchObject({
        reason: 'NOT_ENOUGH_SOBER_TIME',
        minimumDays: 365,
        field: 'userId',
      });
      // No sober time in the message: it is the member's to share.
      expect(r.errors![0].message).not.toMatch(/\d/);
    }
    expect(codes(await t.gql(APPROVE, { i: { userId: 'nope' } }, coordinator.token))).toEqual(['NOT_FOUND']);
    const rows = await t.sql(`SELECT is_mentor FROM users WHERE id = ANY($1)`, [[noProfile.id, short.id, noDate.id]]);
    expect(rows.every((r: any) => r.is_mentor === false)).toBe(true);
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM mentor_profiles WHERE approved_at IS NOT NULL AND user_id = ANY($1)`,
        [[short.id, noDate.id]],
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('requests, proposals and the match lifecycle', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let best: TestUser;
  let second: TestUser;
  let mentee: TestUser;
  let requestId: string;

  beforeAll(async () => {
    t = await startTestApp(MENTORING_ENV);
    coordinator = await t.user('COORDINATOR');
    best = await approvedMentor(t, coordinator, { focusAreas: ['ALCOHOL', 'TRAUMA'] }, 'Best Match');
    // Shares sobriety with coordinators: they see the sober-time part of this mentor's score.
    second = await approvedMentor(t, coordinator, { focusAreas: ['OPIOIDS'] }, 'Second Match', 'COORDINATORS');
    mentee = await t.user('MEMBER', 'Mentee');
    // The mentee shares sobriety with their mentor only.
    await setSoberDays(t, mentee, 40, 'MENTOR');
  });
  afterAll(() => t.stop());

  it('proposes the best-scoring mentor at once and tells them', async () => {
    const request = await requestMentor(t, mentee, { focusAreas: ['ALCOHOL', 'TRAUMA'], note: 'Evenings are hard.' });
    requestId = request.id;
    expect(request.status).toBe('PROPOSED');
    expect(request.match).toMatchObject({ status: 'PROPOSED', mentor: { id: best.id }, mentee: { id: mentee.id } });
    const hours = (Date.parse(request.match.respondBy) - Date.parse(request.match.proposedAt)) / 3600_000;
    expect(hours).toBe(72);
    const n = await notes(t, best);
    expect(n).toEqual([expect.objectContaining({ kind: 'MATCH_PROPOSED', subjectId: request.match.id })]);
    expect(n[0].message).not.toMatch(/alcohol|evening|sober/i);
  });

  it('refuses a second open request', async () => {
    const r = await t.gql(REQUEST, { i: { focusAreas: ['ALCOHOL'], languages: ['en'] } }, mentee.token);
    expect(codes(r)).toEqual(['CONFLICT']);
  });

  it('lists candidates with reasons: the requester does not see the sober-time part, coordinators do, others nothing', async () => {
    const mine = await t.gql(CANDIDATES, { id: requestId }, mentee.token);
    expect(mine.errors).toBeUndefined();
    // The proposed mentor has been asked already: only the second remains a candidate.
    expect(mine.data.mentorCandidates.map((c: any) => c.mentor.id)).toEqual([second.id]);
    const c = mine.data.mentorCandidates[0];
    expect(c.reasons.map((r: any) => r.part)).not.toContain('SOBER_TIME');
    expect(c.score).toBe(c.reasons.reduce((s: number, r: any) => s + r.points, 0));
    const theirs = await t.gql(CANDIDATES, { id: requestId }, coordinator.token);
    expect(theirs.data.mentorCandidates[0].reasons.map((r: any) => r.part)).toContain('SOBER_TIME');
    const stranger = await t.user();
    expect(codes(await t.gql(CANDIDATES, { id: requestId }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(CANDIDATES, { id: requestId }, best.token))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(CANDIDATES, { id: 'not-a-uuid' }, mentee.token))).toEqual(['NOT_FOUND']);
  });

  it("shows the mentor the mentee's name, note and focus areas, but not their sobriety before accepting", async () => {
    const r = await t.gql(
      `{ viewer { mentorMatches(first: 10) { edges { node { status mentee { displayName sobriety { date } } request { note focusAreas } } } } } }`,
      {},
      best.token,
    );
    expect(r.data.viewer.mentorMatches.edges).toEqual([
      {
        node: {
          status: 'PROPOSED',
          mentee: { displayName: 'Mentee', sobriety: null },
          request: { note: 'Evenings are hard.', focusAreas: ['ALCOHOL', 'TRAUMA'] },
        },
      },
    ]);
  });

  it('refuses answers from anyone but the proposed mentor, and changes nothing', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM mentor_matches WHERE request_id = $1 AND status = 'PROPOSED'`, [
      requestId,
    ]);
    expect(codes(await t.gql(RESPOND, { i: { matchId: id, accept: true } }, mentee.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(RESPOND, { i: { matchId: id, accept: true } }, second.token))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(RESPOND, { i: { matchId: id, accept: true } }, coordinator.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(RESPOND, { i: { matchId: 'x', accept: true } }, best.token))).toEqual(['NOT_FOUND']);
    expect(await t.sql(`SELECT status FROM mentor_matches WHERE id = $1`, [id])).toEqual([{ status: 'PROPOSED' }]);
  });

  it('a decline goes to the next candidate; its reason is never shown to the mentee', async () => {
    const mentorSub = subscribe<any>(t.ws(best.token).client, `subscription { matchUpdated { id status } }`);
    const menteeSub = subscribe<any>(
      t.ws(mentee.token).client,
      `subscription { matchUpdated { id status mentor { id } } }`,
    );
    await sleep(200);
    const [{ id }] = await t.sql(`SELECT id FROM mentor_matches WHERE request_id = $1 AND status = 'PROPOSED'`, [
      requestId,
    ]);
    const r = await t.gql(
      RESPOND,
      { i: { matchId: id, accept: false, reason: 'I am moving house this month.' } },
      best.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.respondToMatch.match.status).toBe('DECLINED');

    const mine = await t.gql(MY_MATCHES, {}, mentee.token);
    expect(mine.errors).toBeUndefined();
    const nodes = mine.data.viewer.mentorMatches.edges.map((e: any) => e.node);
    expect(nodes).toEqual([
      expect.objectContaining({ status: 'PROPOSED', mentor: { id: second.id }, declineReason: null }),
    ]);
    expect(JSON.stringify(mine)).not.toMatch(/moving/);
    const theirs = await t.gql(MY_MATCHES, { s: 'DECLINED' }, best.token);
    expect(theirs.data.viewer.mentorMatches.edges[0].node.declineReason).toBe('I am moving house this month.');

    await mentorSub.waitFor(1);
    expect(mentorSub.events[0].data.matchUpdated).toEqual({ id, status: 'DECLINED' });
    await menteeSub.waitFor(1);
    await sleep(200);
    // The mentee hears only of the new proposal.
    expect(menteeSub.events.map((e) => e.data.matchUpdated.status)).toEqual(['PROPOSED']);
    expect(menteeSub.events[0].data.matchUpdated.mentor.id).toBe(second.id);
    mentorSub.dispose();
    menteeSub.dispose();
  });

  it('accepting makes the match ACTIVE, tells both, and opens the MENTOR tier to the mentor only', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM mentor_matches WHERE request_id = $1 AND status = 'PROPOSED'`, [
      requestId,
    ]);
    const r = await t.gql(RESPOND, { i: { matchId: id, accept: true } }, second.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.respondToMatch.match).toMatchObject({ status: 'ACTIVE', request: { status: 'MATCHED' } });
    expect((await notes(t, mentee)).map((n) => n.kind)).toEqual(['MATCH_ACCEPTED']);
    expect((await notes(t, second)).map((n) => n.kind)).toContain('MATCH_ACCEPTED');

    const seen = await t.gql(THEIR_SOBRIETY, { id: mentee.id }, second.token);
    expect(seen.data.user.sobriety).toEqual({ date: addDays(todayIn('America/Chicago', new Date()), -40) });
    expect((await t.gql(THEIR_SOBRIETY, { id: mentee.id }, best.token)).data.user.sobriety).toBeNull();
    expect((await t.gql(THEIR_SOBRIETY, { id: mentee.id }, coordinator.token)).data.user.sobriety).toBeNull();
    // Answering again is refused.
    expect(codes(await t.gql(RESPOND, { i: { matchId: id, accept: true } }, second.token))).toEqual(['CONFLICT']);
  });

  it('either party may end it; the other is told kindly; the former mentor loses the MENTOR tier and is never proposed again', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM mentor_matches WHERE request_id = $1 AND status = 'ACTIVE'`, [
      requestId,
    ]);
    const stranger = await t.user();
    expect(codes(await t.gql(END, { i: { matchId: id } }, stranger.token))).toEqual(['NOT_FOUND']);
    const r = await t.gql(END, { i: { matchId: id, reason: 'Feeling steadier now.' } }, mentee.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.endMatch.match).toMatchObject({ status: 'ENDED', request: { status: 'CLOSED' } });
    const ended = (await notes(t, second)).find((n) => n.kind === 'MATCH_ENDED')!;
    expect(ended.message).toMatch(/thank you/i);
    expect(ended.message).not.toMatch(/steadier/);
    expect((await notes(t, mentee)).map((n) => n.kind)).not.toContain('MATCH_ENDED');
    expect((await t.gql(THEIR_SOBRIETY, { id: mentee.id }, second.token)).data.user.sobriety).toBeNull();
    // Ending or accepting an ended match is refused.
    expect(codes(await t.gql(END, { i: { matchId: id } }, second.token))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(RESPOND, { i: { matchId: id, accept: true } }, second.token))).toEqual(['CONFLICT']);

    // A new request: `second` ended with this mentee, `best` declined an earlier request but may be asked again.
    const again = await requestMentor(t, mentee, { focusAreas: ['OPIOIDS'] });
    expect(again.match.mentor.id).toBe(best.id);
    const cands = await t.gql(CANDIDATES, { id: again.id }, coordinator.token);
    expect(cands.data.mentorCandidates).toEqual([]);
  });

  it('when no candidate is left the request waits, and coordinators see it', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM mentor_matches WHERE mentee_id = $1 AND status = 'PROPOSED'`, [
      mentee.id,
    ]);
    await t.gql(RESPOND, { i: { matchId: id, accept: false } }, best.token);
    const list = await t.gql(
      `{ mentorRequests(status: WAITING) { totalCount edges { node { id status note mentee { id } match { id } } } } }`,
      {},
      coordinator.token,
    );
    expect(list.data.mentorRequests.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ status: 'WAITING', mentee: { id: mentee.id }, match: null }),
    ]);
    expect(codes(await t.gql(`{ mentorRequests { totalCount } }`, {}, mentee.token))).toEqual(['FORBIDDEN']);
  });

  it('coordinators see mentors with their load', async () => {
    const r = await t.gql(
      `{ mentors(first: 50) { edges { node { mentor { id isMentor } activeCount proposedCount reviewCount profile { capacity gender } } } } }`,
      {},
      coordinator.token,
    );
    const rows = r.data.mentors.edges.map((e: any) => e.node);
    expect(rows).toHaveLength(2);
    expect(rows.find((x: any) => x.mentor.id === best.id)).toMatchObject({
      activeCount: 0,
      proposedCount: 0,
      profile: { capacity: 3 },
    });
  });
});

describe('hard limits, expiry, blocks and the sobriety reset', () => {
  let t: TestApp;
  let coordinator: TestUser;
  beforeAll(async () => {
    t = await startTestApp(MENTORING_ENV);
    coordinator = await t.user('COORDINATOR');
  });
  afterAll(() => t.stop());

  it('never proposes a blocked, suspended, full, not-accepting or unapproved mentor, nor one without the required language', async () => {
    const blocked = await approvedMentor(t, coordinator, { languages: ['en'] });
    const suspended = await approvedMentor(t, coordinator, { languages: ['es'] });
    const closed = await approvedMentor(t, coordinator, { languages: ['es'], acceptingMentees: false });
    const pending = await t.user();
    await setSoberDays(t, pending, 900);
    await t.gql(UPSERT, { i: profileInput({ languages: ['es'] }) }, pending.token);
    const english = await approvedMentor(t, coordinator, { languages: ['en'] });
    await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: suspended.id, until: new Date(Date.now() + 86400_000).toISOString(), reason: 'Cooling off.' } },
      coordinator.token,
    );
    const mentee = await t.user();
    await t.gql(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: blocked.id } },
      mentee.token,
    );
    const request = await requestMentor(t, mentee, { languages: ['es'], requireLanguage: true });
    expect(request).toMatchObject({ status: 'WAITING', match: null });
    const cands = await t.gql(CANDIDATES, { id: request.id }, coordinator.token);
    expect(cands.data.mentorCandidates).toEqual([]);
    // Without the language requirement only the English speaker fits.
    const other = await t.user();
    await t.gql(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: other.id } },
      blocked.token,
    );
    const r2 = await requestMentor(t, other, { languages: ['es'] });
    expect(r2.match.mentor.id).toBe(english.id);
    void closed;
  });

  it('refuses to accept an expired proposal, and expiry offers the request to the next candidate', async () => {
    const a = await approvedMentor(t, coordinator, { focusAreas: ['GAMBLING', 'VETERANS', 'HOUSING'] });
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { focusAreas: ['GAMBLING', 'VETERANS', 'HOUSING'] });
    expect(request.match.mentor.id).toBe(a.id);
    await t.sql(`UPDATE mentor_matches SET respond_by = now() - interval '1 minute' WHERE id = $1`, [request.match.id]);
    const r = await t.gql(RESPOND, { i: { matchId: request.match.id, accept: true } }, a.token);
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(r.errors![0].extensions!.reason).toBe('EXPIRED');
    expect(await t.sql(`SELECT status FROM mentor_matches WHERE id = $1`, [request.match.id])).toEqual([
      { status: 'PROPOSED' },
    ]);
    const { expired } = await t.app.services.mentoring.expireProposals(new Date());
    expect(expired).toBeGreaterThanOrEqual(1);
    const rows = await t.sql(
      `SELECT mentor_id, status FROM mentor_matches WHERE request_id = $1 ORDER BY proposed_at`,
      [request.id],
    );
    expect(rows[0]).toEqual({ mentor_id: a.id, status: 'EXPIRED' });
    expect(rows.length === 1 || rows[1].status === 'PROPOSED').toBe(true);
  });

  it("a mentor's sobriety reset lapses approval and flags active matches for review, without telling the mentee", async () => {
    const m = await approvedMentor(t, coordinator, { focusAreas: ['PARENTING', 'FAITH', 'LEGAL'] });
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { focusAreas: ['PARENTING', 'FAITH', 'LEGAL'] });
    expect(request.match.mentor.id).toBe(m.id);
    await t.gql(RESPOND, { i: { matchId: request.match.id, accept: true } }, m.token);
    const menteeSub = subscribe<any>(t.ws(mentee.token).client, `subscription { matchUpdated { id status } }`);
    await sleep(200);
    const before = await notes(t, mentee);

    const reset = await t.gql(
      SET_DATE,
      { i: { date: todayIn('America/Chicago', new Date()), visibility: 'PRIVATE' } },
      m.token,
    );
    expect(reset.errors).toBeUndefined();
    expect(await t.sql(`SELECT is_mentor FROM users WHERE id = $1`, [m.id])).toEqual([{ is_mentor: false }]);
    const review = await t.gql(
      `{ mentorMatchesForReview { edges { node { id status needsReview mentor { id } } } } }`,
      {},
      coordinator.token,
    );
    expect(review.data.mentorMatchesForReview.edges.map((e: any) => e.node)).toEqual([
      { id: request.match.id, status: 'ACTIVE', needsReview: true, mentor: { id: m.id } },
    ]);
    const menteeView = await t.gql(MY_MATCHES, {}, mentee.token);
    expect(JSON.stringify(menteeView)).not.toMatch(/needsReview/);
    expect(await notes(t, mentee)).toEqual(before);
    await sleep(200);
    expect(menteeSub.events).toEqual([]);
    menteeSub.dispose();
    // Re-approval needs the minimum time on the new journey.
    const again = await t.gql(APPROVE, { i: { userId: m.id } }, coordinator.token);
    expect(again.errors![0].extensions!.reason).toBe('NOT_ENOUGH_SOBER_TIME');
  });

  it('a coordinator proposes a mentor for a waiting request; the hard limits still hold', async () => {
    const mentee = await t.user();
    const request = await requestMentor(t, mentee, { languages: ['ja'], requireLanguage: true });
    expect(request.status).toBe('WAITING');
    const english = await approvedMentor(t, coordinator, { languages: ['en'] });
    const japanese = await approvedMentor(t, coordinator, { languages: ['ja'] });
    const PROPOSE = `mutation($i: ProposeMatchInput!) { proposeMatch(input: $i) { match { status mentor { id } } } }`;
    const bad = await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: english.id } }, coordinator.token);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.reason).toBe('NO_SHARED_LANGUAGE');
    expect(codes(await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: japanese.id } }, mentee.token))).toEqual([
      'FORBIDDEN',
    ]);
    const ok = await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: japanese.id } }, coordinator.token);
    expect(ok.data.proposeMatch.match).toEqual({ status: 'PROPOSED', mentor: { id: japanese.id } });
    expect(
      codes(await t.gql(PROPOSE, { i: { requestId: request.id, mentorId: japanese.id } }, coordinator.token)),
    ).toEqual(['CONFLICT']);
  });

  it('before an account is deleted, its active matches end kindly and its proposals go elsewhere', async () => {
    const leaving = await approvedMentor(t, coordinator, {
      focusAreas: ['YOUNG_ADULTS', 'BENZODIAZEPINES', 'CO_OCCURRING_DEPRESSION'],
      capacity: 5,
    });
    const [a, b] = [await t.user(), await t.user()];
    const ra = await requestMentor(t, a, {
      focusAreas: ['YOUNG_ADULTS', 'BENZODIAZEPINES', 'CO_OCCURRING_DEPRESSION'],
    });
    const rb = await requestMentor(t, b, {
      focusAreas: ['YOUNG_ADULTS', 'BENZODIAZEPINES', 'CO_OCCURRING_DEPRESSION'],
    });
    expect([ra.match.mentor.id, rb.match.mentor.id]).toEqual([leaving.id, leaving.id]);
    await t.gql(RESPOND, { i: { matchId: ra.match.id, accept: true } }, leaving.token);
    expect(t.app.composition.events.listeners(AccountDeleted)).toBeGreaterThan(0);
    await t.app.services.mentoring.leaveMentoring({
      id: leaving.id,
      role: 'MEMBER' as any,
      isMentor: true,
      displayName: leaving.displayName,
      timeZone: 'America/Chicago',
    });
    expect(
      await t.sql(`SELECT status FROM mentor_matches WHERE id = ANY($1) ORDER BY status`, [[ra.match.id, rb.match.id]]),
    ).toEqual([{ status: 'ENDED' }, { status: 'WITHDRAWN' }]);
    expect((await notes(t, a)).map((n) => n.kind)).toContain('MATCH_ENDED');
    const [{ status }] = await t.sql(`SELECT status FROM mentor_requests WHERE id = $1`, [rb.id]);
    expect(['PROPOSED', 'WAITING']).toContain(status);
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM mentor_matches WHERE request_id = $1 AND mentor_id = $2 AND status IN ('PROPOSED', 'ACTIVE')`,
        [rb.id, leaving.id],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses bad request input with its field, and stores nothing', async () => {
    const mentee = await t.user();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ focusAreas: ['NOPE'], languages: ['en'] }, 'focusAreas'],
      [{ focusAreas: ['ALCOHOL'], languages: ['english'] }, 'languages'],
      [{ focusAreas: ['ALCOHOL'], languages: ['en'], sameGenderOnly: true }, 'gender'],
    ];
    for (const [i, field] of cases) {
      const r = await t.gql(REQUEST, { i }, mentee.token);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM mentor_requests WHERE mentee_id = $1`, [mentee.id])).toEqual([
      { n: 0 },
    ]);
  });
});

describe('runMatchingRound', () => {
  let t: TestApp;
  let coordinator: TestUser;
  beforeAll(async () => {
    t = await startTestApp(MENTORING_ENV);
    coordinator = await t.user('COORDINATOR');
  });
  afterAll(() => t.stop());

  it('proposes for every waiting request within capacity, and says why the rest wait', async () => {
    const mentees = await Promise.all([1, 2, 3, 4].map(() => t.user()));
    const requests = [];
    for (const m of mentees.slice(0, 3)) requests.push(await requestMentor(t, m, { languages: ['en'] }));
    requests.push(await requestMentor(t, mentees[3], { languages: ['fr'], requireLanguage: true }));
    expect(requests.every((r) => r.status === 'WAITING')).toBe(true);
    const a = await approvedMentor(t, coordinator, { capacity: 1 });
    const b = await approvedMentor(t, coordinator, { capacity: 1 });
    const ROUND = `mutation { runMatchingRound { proposed { status mentor { id } request { id } } unmatched { reason request { id status } } } }`;
    expect(codes(await t.gql(ROUND, {}, mentees[0].token))).toEqual(['FORBIDDEN']);
    const r = await t.gql(ROUND, {}, coordinator.token);
    expect(r.errors).toBeUndefined();
    const { proposed, unmatched } = r.data.runMatchingRound;
    expect(proposed).toHaveLength(2);
    expect(new Set(proposed.map((p: any) => p.mentor.id))).toEqual(new Set([a.id, b.id]));
    expect(unmatched.map((u: any) => u.reason).sort()).toEqual(['MENTORS_FULL', 'NO_ELIGIBLE_MENTOR']);
    expect(unmatched.find((u: any) => u.reason === 'NO_ELIGIBLE_MENTOR').request.id).toBe(requests[3].id);
    const mentorNotes = await notes(t, a);
    expect(mentorNotes.map((n) => n.kind)).toEqual(['MATCH_PROPOSED']);
    // A second round finds nothing new to place within capacity.
    const again = await t.gql(ROUND, {}, coordinator.token);
    expect(again.data.runMatchingRound.proposed).toEqual([]);
  });
});
