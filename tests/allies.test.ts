import { DateTime } from 'luxon';
import { Role } from '../src/core/auth';
import { authorize } from '../src/core/auth';
import { createInProcessPubSub } from '../src/core/pubsub';
import { buildOnwardSchema, operationRules } from '../src/schema';
import { ally, ALLY_OF, INVITE_ALLY, MY_ALLIES, REMOVE_ALLY, SHARE } from './helpers/allies';
import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV, mentor } from './helpers/meetings';
import { setSoberDays } from './helpers/mentoring';

const MILESTONE_REACHED = `subscription { milestoneReached { id label reachedOn } }`;
const TZ = 'America/Chicago';

async function ok(t: TestApp, query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describe('allies fail closed', () => {
  // Building the schema registers every module's operations and their rules.
  buildOnwardSchema(createInProcessPubSub());

  it('every operation not marked for allies refuses an ally (FORBIDDEN), by the rules the schema runs with', () => {
    const viewer = { id: 'a', role: Role.ALLY, isMentor: false, displayName: 'Ally', timeZone: TZ };
    const open: string[] = [];
    for (const [op, rule] of Object.entries(operationRules())) {
      const roles = rule === 'SIGNED_IN' ? [] : rule.split('|');
      let allowed = true;
      try {
        authorize(viewer, roles);
      } catch (err) {
        expect((err as { extensions?: { code?: string } }).extensions?.code).toBe('FORBIDDEN');
        allowed = false;
      }
      if (allowed) open.push(op);
    }
    // The whole of what an ally may call: their own account, their member's view, open meetings.
    expect(open.sort()).toEqual(
      [
        'Query.viewer',
        'Query.exportMyData',
        'Query.meetings',
        'Query.meeting',
        'Mutation.signUp',
        'Mutation.logIn',
        'Mutation.logOut',
        'Mutation.updateProfile',
        'Mutation.deleteMyAccount',
        'Mutation.rsvp',
        'Mutation.cancelRsvp',
        'Subscription.milestoneReached',
      ].sort(),
    );
  });
});

describe('allies', () => {
  let t: TestApp;
  let coordinator: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ ...MEETING_ENV });
    coordinator = await t.user('COORDINATOR', 'Coordinator');
  });
  afterAll(() => t.stop());

  it('a member invites an ally, who signs up with the code and sees only what the member shares', async () => {
    const member = await t.user('MEMBER', 'Shared Member');
    await setSoberDays(t, member, 100, 'PRIVATE');
    await ok(t, `mutation { dailyCheckIn(input: { mood: 4, craving: 1 }) { checkIn { id } } }`, {}, member.token);
    const a = await ally(t, member, 'Sister Ally');
    const mine = (await ok(t, MY_ALLIES, {}, member.token)).viewer.allies;
    expect(mine).toEqual([
      expect.objectContaining({ id: a.tieId, email: a.email, displayName: 'Sister Ally', status: 'JOINED' }),
    ]);

    // Nothing is shared until the member says so.
    let seen = (await ok(t, ALLY_OF, {}, a.token)).viewer;
    expect(seen.role).toBe('ALLY');
    expect(seen.allyOf.member).toEqual({ displayName: 'Shared Member', sobriety: null, checkInStreak: null });

    await ok(t, SHARE, { i: { milestones: true } }, member.token);
    seen = (await ok(t, ALLY_OF, {}, a.token)).viewer;
    expect(seen.allyOf.member.sobriety.days).toBe(100);
    expect(seen.allyOf.member.sobriety.milestones.map((m: { label: string }) => m.label)).toContain('90 days');
    expect(seen.allyOf.member.checkInStreak).toBeNull();
    // An ally is never handed a User, not even their member's.
    const deeper = await t.gql(
      `{ viewer { allyOf { member { sobriety { milestones { label member { id } } } } } } }`,
      {},
      a.token,
    );
    expect(codes(deeper).length).toBeGreaterThan(0);
    expect(codes(deeper).every((c) => c === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(deeper.data)).not.toContain(member.id);
    // The read is shown to the member, as a mentor's is.
    const log = await t.sql(`SELECT DISTINCT reason FROM sobriety_access_log WHERE member_id = $1 AND viewer_id = $2`, [
      member.id,
      a.id,
    ]);
    expect(log).toEqual([{ reason: 'ALLY' }]);

    await ok(t, SHARE, { i: { checkInStreak: true, milestones: false } }, member.token);
    seen = (await ok(t, ALLY_OF, {}, a.token)).viewer;
    expect(seen.allyOf.member).toEqual({ displayName: 'Shared Member', sobriety: null, checkInStreak: 1 });

    // The member's own view of the tie, for anyone else: nothing.
    const other = await t.user('MEMBER', 'Other');
    const theirs = await t.gql(
      `query($id: ID!) { user(id: $id) { allies { id } allySharing { milestones } hasAllies allyOf { since } } }`,
      { id: member.id },
      other.token,
    );
    expect(theirs.data.user).toEqual({ allies: null, allySharing: null, hasAllies: null, allyOf: null });
  });

  it('coordinators see that a member has allies, not who', async () => {
    const member = await t.user('MEMBER', 'Member With Allies');
    const lone = await t.user('MEMBER', 'Member Without');
    await ally(t, member, 'Friend Ally');
    const q = `query($id: ID!) { user(id: $id) { hasAllies allies { id } } }`;
    expect((await ok(t, q, { id: member.id }, coordinator.token)).user).toEqual({ hasAllies: true, allies: null });
    expect((await ok(t, q, { id: lone.id }, coordinator.token)).user).toEqual({ hasAllies: false, allies: null });
  });

  it('at most 3 allies and open invitations, even when asked at once; removing one frees a place', async () => {
    const member = await t.user('MEMBER', 'Popular Member');
    const invites = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        t.gql(
          INVITE_ALLY,
          { i: { email: `cousin${n}.${member.id.slice(0, 6)}@family.test`, relationship: 'cousin' } },
          member.token,
        ),
      ),
    );
    const made = invites.filter((r) => r.data);
    expect(made).toHaveLength(3);
    for (const r of invites.filter((x) => !x.data)) {
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'TOO_MANY_ALLIES' });
    }
    expect(made[0].data.inviteAlly.invitation.role).toBe('ALLY');
    const ties = (await ok(t, MY_ALLIES, {}, member.token)).viewer.allies;
    expect(ties.map((x: { status: string }) => x.status)).toEqual(['INVITED', 'INVITED', 'INVITED']);

    // Withdrawing an open invitation: its code stops working, and a place is free again.
    const withdrawn = ties[0];
    await ok(t, REMOVE_ALLY, { i: { allyId: withdrawn.id } }, member.token);
    const code = made.find((r) => r.data.inviteAlly.invitation.email === withdrawn.email)!.data.inviteAlly.invitation
      .code;
    const late = await t.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { token } }`, {
      i: { invitationCode: code, email: withdrawn.email, password: PASSWORD, displayName: 'Too Late', timeZone: TZ },
    });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EXPIRED' });
    const again = await t.gql(INVITE_ALLY, { i: { email: withdrawn.email, relationship: 'cousin' } }, member.token);
    expect(again.errors).toBeUndefined();
    const fifth = await t.gql(
      INVITE_ALLY,
      { i: { email: `x.${member.id.slice(0, 6)}@family.test`, relationship: 'x' } },
      member.token,
    );
    expect(codes(fifth)).toEqual(['CONFLICT']);

    // Bad input is refused and changes nothing; only members invite; nobody else removes the tie.
    const bad = await t.gql(INVITE_ALLY, { i: { email: 'someone@family.test', relationship: ' ' } }, member.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relationship' });
    expect(
      codes(await t.gql(INVITE_ALLY, { i: { email: 'c@family.test', relationship: 'aunt' } }, coordinator.token)),
    ).toEqual(['FORBIDDEN']);
    const stranger = await t.user('MEMBER', 'Stranger');
    expect(codes(await t.gql(REMOVE_ALLY, { i: { allyId: ties[1].id } }, stranger.token))).toEqual(['NOT_FOUND']);
    // Coordinators cannot make allies by the ordinary invitation either.
    const inv = await t.gql(
      `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id } } }`,
      { i: { email: 'direct@family.test', role: 'ALLY' } },
      (await t.admin()).token,
    );
    expect(codes(inv)).toEqual(['FORBIDDEN']);
  });

  it('an ally reaches nothing of other members, threads, mentoring, feeds or member-only mutations', async () => {
    const member = await t.user('MEMBER', 'Guarded Member');
    await setSoberDays(t, member, 400, 'NETWORK');
    const a = await ally(t, member, 'Curious Ally');
    const other = await t.user('MEMBER', 'Someone Else');
    const refused = [
      [`query($id: ID!) { user(id: $id) { id } }`, { id: member.id }],
      [`query($id: ID!) { user(id: $id) { id } }`, { id: other.id }],
      [`{ threads(first: 5) { totalCount } }`, {}],
      [`{ categories { id } }`, {}],
      [`{ milestoneFeed(first: 5) { totalCount } }`, {}],
      [`{ notifications(first: 5) { totalCount } }`, {}],
      [`{ meetingTypes { code } }`, {}],
      [`{ viewer { attendance(first: 5) { totalCount } } }`, {}],
      [`{ viewer { mentorMatches(first: 5) { totalCount } } }`, {}],
      [
        `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { id } } }`,
        { i: { recipientKind: 'COORDINATORS', scopes: ['CHECK_INS'], purpose: 'x' } },
      ],
      [`mutation { createThread(input: { title: "Hello there", body: "Hi everyone" }) { thread { id } } }`, {}],
      [`mutation { dailyCheckIn(input: { mood: 3, craving: 0 }) { checkIn { id } } }`, {}],
      [`mutation { reachOut(input: {}) { reachOut { id } } }`, {}],
      [
        `mutation($i: InviteAllyInput!) { inviteAlly(input: $i) { invitation { id } } }`,
        { i: { email: 'z@family.test', relationship: 'z' } },
      ],
      [`mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`, { i: { userId: other.id } }],
      [
        `mutation($i: CreateAttendanceProofInput!) { createAttendanceProof(input: $i) { proof { id } } }`,
        { i: { from: '2026-01-01', to: '2026-01-31' } },
      ],
    ] as const;
    for (const [query, variables] of refused) {
      const r = await t.gql(query, variables, a.token);
      expect([
        query,
        JSON.stringify(r.data ?? null).includes(member.id) || JSON.stringify(r.data ?? null).includes(other.id),
        codes(r),
      ]).toEqual([query, false, ['FORBIDDEN']]);
    }
    // Even a consent the member gives the ally by name reaches nothing: allies see only what is shared with allies.
    await ok(
      t,
      `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { id } } }`,
      { i: { recipientKind: 'USER', userId: a.id, scopes: ['CHECK_INS'], purpose: 'Family' } },
      member.token,
    );
    const received = await ok(t, `{ viewer { consentsReceived(first: 5) { totalCount } } }`, {}, a.token);
    expect(received.viewer.consentsReceived.totalCount).toBe(0);
    // A subscription other than milestoneReached is refused too.
    const socket = t.ws(a.token);
    const sub = subscribe(socket.client, `subscription { notificationAdded { id } }`);
    await sub.waitFor(0);
    await sleep(200);
    expect(JSON.stringify(sub.error ?? sub.events)).toContain('FORBIDDEN');
  });

  it('allies see and RSVP to FAMILY and OPEN meetings only', async () => {
    const member = await t.user('MEMBER', 'Meeting Member');
    const a = await ally(t, member, 'Meeting Ally');
    const host = await mentor(t, 'Mentor Host');
    const alumni = await createMeeting(t, coordinator.token, { title: 'Alumni only' });
    const family = await createMeeting(t, coordinator.token, { title: 'Family night', audience: 'FAMILY' });
    const open = await createMeeting(t, coordinator.token, { title: 'Open share', audience: 'OPEN' });
    // Only coordinators open a meeting to families.
    const mentorTry = await t.gql(
      `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`,
      {
        i: {
          title: 'Mentor family',
          startsAt: new Date(Date.now() + 86400_000).toISOString(),
          durationMinutes: 60,
          timeZone: TZ,
          format: 'ONLINE',
          conferenceUrl: 'https://meet.example.org/x',
          audience: 'FAMILY',
        },
      },
      host.token,
    );
    expect(mentorTry.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'audience' });

    const listed = await ok(t, `{ meetings(first: 50) { edges { node { id title audience } } } }`, {}, a.token);
    const ids = listed.meetings.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining([family.id, open.id]));
    expect(ids).not.toContain(alumni.id);
    expect(listed.meetings.edges.every((e: { node: { audience: string } }) => e.node.audience !== 'ALUMNI')).toBe(true);
    expect((await ok(t, `query($id: ID!) { meeting(id: $id) { id } }`, { id: alumni.id }, a.token)).meeting).toBeNull();

    const RSVP = `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { status meeting { id location } } } }`;
    expect(codes(await t.gql(RSVP, { i: { meetingId: alumni.id } }, a.token))).toEqual(['NOT_FOUND']);
    expect(await t.sql(`SELECT 1 FROM meeting_rsvps WHERE user_id = $1`, [a.id])).toEqual([]);
    for (const m of [family, open]) {
      const r = (await ok(t, RSVP, { i: { meetingId: m.id } }, a.token)).rsvp.rsvp;
      expect(r.status).toBe('GOING');
      expect(r.meeting.location).toBe('Room 4, 12 Main St');
    }
    // Who else comes stays hidden from an ally, even at a meeting they go to.
    const inside = await t.gql(
      `query($id: ID!) { meeting(id: $id) { id attendees(first: 5) { totalCount } host { id } } }`,
      { id: family.id },
      a.token,
    );
    expect(inside.data.meeting.id).toBe(family.id);
    expect(inside.data.meeting.attendees).toBeNull();
    expect(codes(inside)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const cancelled = await ok(
      t,
      `mutation($i: CancelRsvpInput!) { cancelRsvp(input: $i) { rsvp { status } } }`,
      { i: { meetingId: open.id } },
      a.token,
    );
    expect(cancelled.cancelRsvp.rsvp.status).toBe('CANCELLED');

    // A coordinator closes the family meeting to allies: it is gone from their list.
    await ok(
      t,
      `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { meeting { audience } } }`,
      { i: { meetingId: open.id, audience: 'ALUMNI' } },
      coordinator.token,
    );
    expect((await ok(t, `query($id: ID!) { meeting(id: $id) { id } }`, { id: open.id }, a.token)).meeting).toBeNull();
    // Members see every meeting, whatever its audience.
    const seenByMember = await ok(
      t,
      `query($id: ID!) { meeting(id: $id) { audience } }`,
      { id: family.id },
      member.token,
    );
    expect(seenByMember.meeting.audience).toBe('FAMILY');
  });

  it("allies receive their member's milestones by subscription while the member shares them, and no one else's", async () => {
    const member = await t.user('MEMBER', 'Milestone Member');
    const otherMember = await t.user('MEMBER', 'Other Milestone Member');
    const mine = await ally(t, member, 'Their Ally');
    const notMine = await ally(t, otherMember, 'Someone Elses Ally');
    await ok(t, SHARE, { i: { milestones: true } }, member.token);
    const mySocket = t.ws(mine.token);
    const otherSocket = t.ws(notMine.token);
    const mySub = subscribe(mySocket.client, MILESTONE_REACHED);
    const otherSub = subscribe(otherSocket.client, MILESTONE_REACHED);
    await sleep(300);
    const yesterday = DateTime.now().setZone(TZ).startOf('day').minus({ milliseconds: 1 }).toJSDate();
    const date = DateTime.now().setZone(TZ).minus({ days: 30 }).toISODate()!;
    for (const u of [member, otherMember]) {
      const viewer = { id: u.id, role: Role.MEMBER, isMentor: false, displayName: u.displayName, timeZone: TZ };
      // PRIVATE: no tier reaches anyone; only what the member shares with allies does.
      await t.app.services.sobriety.setSobrietyDate(viewer, { date, visibility: 'PRIVATE' as never }, yesterday);
    }
    await t.app.services.sobriety.awardDueMilestones(new Date());
    const events = await mySub.waitFor(1);
    expect(events[0].data?.milestoneReached).toMatchObject({ label: '30 days' });
    const [reached] = await t.sql(`SELECT id FROM sobriety_milestones WHERE user_id = $1 AND label = '30 days'`, [
      member.id,
    ]);
    expect(events[0].data?.milestoneReached.id).toBe(reached.id);
    await sleep(300);
    expect(otherSub.events).toEqual([]);
    expect(mySub.events).toHaveLength(1);

    // Sharing off: the next milestone is not delivered.
    await ok(t, SHARE, { i: { milestones: false } }, member.token);
    const d60 = DateTime.now().setZone(TZ).minus({ days: 60 }).toISODate()!;
    const viewer = { id: member.id, role: Role.MEMBER, isMentor: false, displayName: member.displayName, timeZone: TZ };
    await t.app.services.sobriety.setSobrietyDate(viewer, { date: d60, visibility: 'PRIVATE' as never }, yesterday);
    await t.app.services.sobriety.awardDueMilestones(new Date());
    await sleep(500);
    expect(mySub.events).toHaveLength(1);
  });

  it('removing an ally ends their sessions and open sockets at once, and erases the ally account', async () => {
    const member = await t.user('MEMBER', 'Removing Member');
    const a = await ally(t, member, 'Removed Ally');
    await ok(t, SHARE, { i: { milestones: true } }, member.token);
    const socket = t.ws(a.token);
    const sub = subscribe(socket.client, MILESTONE_REACHED);
    await sleep(300);
    expect(sub.error).toBeUndefined();
    const r = await ok(t, REMOVE_ALLY, { i: { allyId: a.tieId } }, member.token);
    expect(r.removeAlly).toEqual({ allyId: a.tieId, removed: true });
    expect(await socket.closed).toBe(4403);
    expect(codes(await t.gql(ALLY_OF, {}, a.token))).toEqual(['UNAUTHENTICATED']);
    const login = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: a.email, password: PASSWORD },
    });
    expect(codes(login)).toEqual(['UNAUTHENTICATED']);
    const [row] = await t.sql(`SELECT display_name, email, deleted_at FROM users WHERE id = $1`, [a.id]);
    expect(row.display_name).toBe('Former member');
    expect(row.email).not.toBe(a.email);
    expect(row.deleted_at).not.toBeNull();
    expect((await ok(t, MY_ALLIES, {}, member.token)).viewer.allies).toEqual([]);
    // The same person can be invited again.
    const again = await t.gql(INVITE_ALLY, { i: { email: a.email, relationship: 'my sister' } }, member.token);
    expect(again.errors).toBeUndefined();
  });

  it("deleting the member ends the tie and erases the ally's account; deleting the ally touches nothing of the member", async () => {
    const member = await t.user('MEMBER', 'Leaving Member');
    const a = await ally(t, member, 'Left Ally');
    const socket = t.ws(a.token);
    subscribe(socket.client, MILESTONE_REACHED);
    await sleep(300);
    await ok(
      t,
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      member.token,
    );
    expect(await socket.closed).toBe(4403);
    const [row] = await t.sql(`SELECT display_name, deleted_at FROM users WHERE id = $1`, [a.id]);
    expect(row).toMatchObject({ display_name: 'Former member' });
    expect(row.deleted_at).not.toBeNull();
    expect(await t.sql(`SELECT id FROM ally_ties WHERE member_id = $1`, [member.id])).toEqual([]);

    const staying = await t.user('MEMBER', 'Staying Member');
    await setSoberDays(t, staying, 50, 'PRIVATE');
    await ok(t, SHARE, { i: { milestones: true } }, staying.token);
    const leaving = await ally(t, staying, 'Leaving Ally');
    const before = await t.sql(`SELECT * FROM sobriety_journeys WHERE user_id = $1`, [staying.id]);
    await ok(
      t,
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      leaving.token,
    );
    expect(await t.sql(`SELECT * FROM sobriety_journeys WHERE user_id = $1`, [staying.id])).toEqual(before);
    expect(
      (
        await ok(
          t,
          `{ viewer { displayName allySharing { milestones checkInStreak } allies { id } } }`,
          {},
          staying.token,
        )
      ).viewer,
    ).toEqual({
      displayName: 'Staying Member',
      allySharing: { milestones: true, checkInStreak: false },
      allies: [],
    });
  });

  it('the data export covers allies: the member their ties and sharing, the ally their tie', async () => {
    const member = await t.user('MEMBER', 'Exporting Member');
    const a = await ally(t, member, 'Exporting Ally');
    await ok(t, SHARE, { i: { checkInStreak: true } }, member.token);
    const mine = (await ok(t, `{ exportMyData { data } }`, {}, member.token)).exportMyData.data;
    expect(mine.allies).toEqual([
      expect.objectContaining({ ally_id: a.id, relationship: 'my sister', email: a.email }),
    ]);
    expect(mine.allySharing).toEqual([expect.objectContaining({ milestones: false, check_in_streak: true })]);
    const theirs = (await ok(t, `{ exportMyData { data } }`, {}, a.token)).exportMyData.data;
    expect(theirs.allyOf).toEqual([expect.objectContaining({ member_id: member.id })]);
    expect(JSON.stringify(theirs.allyOf)).not.toContain('my sister');
  });
});
