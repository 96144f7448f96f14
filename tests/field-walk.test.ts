import { getNamedType } from 'graphql';
import { ally, REMOVE_ALLY } from './helpers/allies';
import { PASSWORD, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV } from './helpers/meetings';
import { approvedMentor, END, requestMentor, RESPOND, setSoberDays } from './helpers/mentoring';
import { objectType, present, selection, unruled } from './helpers/walk';

/**
 * The field walk: every field reachable from a member (User and what hangs off it, two
 * levels down) has a rule here, and each kind of viewer is checked against it under each
 * sobriety visibility tier. A new field without a rule fails the first test.
 */
type Viewer =
  | 'self'
  | 'stranger'
  | 'blockedByMember'
  | 'blockerOfMember'
  | 'activeMentor'
  | 'formerMentor'
  | 'coordinator'
  | 'allyOfMember'
  | 'allyOfOther'
  | 'removedAlly';
type Tier = 'PRIVATE' | 'MENTOR' | 'COORDINATORS' | 'NETWORK';
type Rule =
  /** Whoever may see the member at all. */
  | 'anyone'
  | 'self'
  | 'selfOrCoordinator'
  /** The member's sobriety visibility decides. */
  | 'tier'
  /** As the field that holds it. */
  | 'parent'
  /** Nobody on a member: only an ally has it, on themself (field-walk.allies.test.ts). */
  | 'allyOnly';

const VIEWERS: Viewer[] = [
  'self',
  'stranger',
  'blockedByMember',
  'blockerOfMember',
  'activeMentor',
  'formerMentor',
  'coordinator',
  'allyOfMember',
  'allyOfOther',
  'removedAlly',
];
/** Allies reach no member through `user(id)`: what their member shares they see in `viewer.allyOf` alone. */
const ALLIES: ReadonlySet<Viewer> = new Set(['allyOfMember', 'allyOfOther', 'removedAlly']);
const TIERS: Tier[] = ['PRIVATE', 'MENTOR', 'COORDINATORS', 'NETWORK'];

const RULES: Record<string, Record<string, Rule>> = {
  User: {
    id: 'anyone',
    displayName: 'anyone',
    role: 'anyone',
    timeZone: 'anyone',
    createdAt: 'anyone',
    isMentor: 'anyone',
    email: 'selfOrCoordinator',
    sobriety: 'tier',
    sobrietyAccessLog: 'self',
    // Shared under an ATTENDANCE consent, which no viewer here holds (consents.walk.test.ts walks that).
    attendance: 'self',
    mentorMatches: 'self',
    mentorProfile: 'anyone',
    supportCircle: 'self',
    reachOuts: 'self',
    reachOutsReceived: 'self',
    // The viewers here hold no consent: consents.walk.test.ts walks what consents share.
    checkIns: 'self',
    checkInStreak: 'self',
    checkInTrend: 'self',
    consents: 'self',
    consentsReceived: 'self',
    accessLog: 'self',
    disengagementAlert: 'self',
    deliveryPreferences: 'self',
    deliveries: 'self',
    attendanceProofs: 'self',
    allies: 'self',
    allySharing: 'self',
    hasAllies: 'selfOrCoordinator',
    allyOf: 'allyOnly',
  },
  Sobriety: {
    date: 'parent',
    days: 'parent',
    visibility: 'parent',
    milestones: 'parent',
    nextMilestone: 'parent',
    journeys: 'self',
    announceMilestones: 'self',
  },
  MentorProfile: {
    user: 'parent',
    bio: 'parent',
    focusAreas: 'parent',
    languages: 'parent',
    capacity: 'parent',
    acceptingMentees: 'parent',
    availability: 'parent',
    approvedAt: 'parent',
    updatedAt: 'parent',
    gender: 'selfOrCoordinator',
    status: 'selfOrCoordinator',
  },
};

/** Types the walk descends into; any other object type is checked as present or absent only. */
const WALKED = new Set(Object.keys(RULES));

function sees(rule: Rule, viewer: Viewer, tier: Tier, parentVisible: boolean): boolean {
  if (viewer === 'blockedByMember' || viewer === 'blockerOfMember' || ALLIES.has(viewer)) return false;
  switch (rule) {
    case 'allyOnly':
      return false;
    case 'anyone':
      return true;
    case 'self':
      return viewer === 'self';
    case 'selfOrCoordinator':
      return viewer === 'self' || viewer === 'coordinator';
    case 'parent':
      return parentVisible;
    case 'tier':
      if (viewer === 'self') return true;
      // Each tier adds to the one before: MENTOR the active mentor, COORDINATORS coordinators, NETWORK everyone.
      if (tier === 'NETWORK') return true;
      if (tier === 'COORDINATORS') return viewer === 'coordinator' || viewer === 'activeMentor';
      if (tier === 'MENTOR') return viewer === 'activeMentor';
      return false;
  }
}

const userType = objectType('User');

describe('the field walk', () => {
  it('has a rule for every field of every walked type', () => {
    expect(unruled(RULES)).toEqual([]);
  });

  describe.each(TIERS)('a member whose sobriety is %s', (tier) => {
    let t: TestApp;
    let member: TestUser;
    const viewers = {} as Record<Viewer, TestUser>;

    beforeAll(async () => {
      t = await startTestApp({ ...MEETING_ENV });
      const coordinator = await t.user('COORDINATOR', 'Coordinator');
      const formerMentor = await approvedMentor(t, coordinator, {}, 'Former Mentor');
      member = await approvedMentor(t, coordinator, { gender: 'WOMAN' }, 'Walked Member');
      const gql = async (q: string, v: Record<string, unknown>, token: string) => {
        const r = await t.gql(q, v, token);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        return r.data;
      };
      // A former mentor (matched, accepted, ended), then the active one: an ended pair is never proposed again.
      const first = await requestMentor(t, member);
      await gql(RESPOND, { i: { matchId: first.match.id, accept: true } }, formerMentor.token);
      await gql(END, { i: { matchId: first.match.id, reason: 'Moving away' } }, member.token);
      const activeMentor = await approvedMentor(t, coordinator, {}, 'Active Mentor');
      const second = await requestMentor(t, member);
      await gql(RESPOND, { i: { matchId: second.match.id, accept: true } }, activeMentor.token);
      await setSoberDays(t, member, 800, tier);
      // A delivery (this app sends no e-mail, so one decided by hand), an attendance record and
      // a read of the member's data, so those lists are not empty.
      await t.sql(
        `INSERT INTO deliveries (user_id, kind, channel, status, skip_reason) VALUES ($1, 'MATCH_ENDED', 'EMAIL', 'SKIPPED', 'PREFERENCE')`,
        [member.id],
      );
      const host = await t.user('COORDINATOR', 'Host');
      const meeting = await createMeeting(t, host.token);
      await t.sql(
        `UPDATE meetings SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '30 minutes' WHERE id = $1`,
        [meeting.id],
      );
      await gql(
        `mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id } } }`,
        { i: { meetingId: meeting.id, userId: member.id } },
        host.token,
      );
      await gql(
        `mutation($i: CreateAttendanceProofInput!) { createAttendanceProof(input: $i) { proof { id } } }`,
        { i: { from: '2026-01-01', to: '2026-12-31' } },
        member.token,
      );
      await t.sql(
        `INSERT INTO sobriety_access_log (member_id, viewer_id, field, reason) VALUES ($1, $2, 'date', 'COORDINATOR')`,
        [member.id, coordinator.id],
      );

      const stranger = await t.user('MEMBER', 'Stranger');
      // A support circle and a reach-out of the member's, and one sent to the member.
      const friend = await t.user('MEMBER', 'Friend');
      await gql(
        `mutation($i: SetSupportCircleInput!) { setSupportCircle(input: $i) { supportCircle { id } } }`,
        { i: { userIds: [friend.id] } },
        member.token,
      );
      await gql(`mutation { reachOut(input: {}) { reachOut { id } } }`, {}, member.token);
      await gql(
        `mutation($i: SetSupportCircleInput!) { setSupportCircle(input: $i) { supportCircle { id } } }`,
        { i: { userIds: [member.id] } },
        friend.token,
      );
      await gql(`mutation { reachOut(input: {}) { reachOut { id } } }`, {}, friend.token);
      // A check-in of the member's, a consent they gave and one they received (none reaching a viewer here).
      const confidant = await t.user('MEMBER', 'Confidant');
      const GIVE = `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { id } } }`;
      await gql(`mutation { dailyCheckIn(input: { mood: 3, craving: 2 }) { checkIn { id } } }`, {}, member.token);
      await gql(
        GIVE,
        { i: { recipientKind: 'USER', userId: confidant.id, scopes: ['CHECK_INS'], purpose: 'Walk' } },
        member.token,
      );
      await gql(
        GIVE,
        { i: { recipientKind: 'USER', userId: member.id, scopes: ['CHECK_INS'], purpose: 'Walk' } },
        confidant.token,
      );
      const blockedByMember = await t.user('MEMBER', 'Blocked');
      const blockerOfMember = await t.user('MEMBER', 'Blocker');
      await gql(
        `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
        { i: { userId: blockedByMember.id } },
        member.token,
      );
      await gql(
        `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
        { i: { userId: member.id } },
        blockerOfMember.token,
      );
      // An ally of the member (who shares everything with allies), one of someone else's, and a removed one.
      await gql(
        `mutation($i: ShareWithAlliesInput!) { shareWithAllies(input: $i) { sharing { milestones } } }`,
        { i: { milestones: true, checkInStreak: true } },
        member.token,
      );
      const allyOfMember = await ally(t, member, 'Member Ally');
      const allyOfOther = await ally(t, stranger, 'Other Ally');
      const removedAlly = await ally(t, member, 'Removed Ally');
      await gql(REMOVE_ALLY, { i: { allyId: removedAlly.tieId } }, member.token);
      Object.assign(viewers, {
        allyOfMember,
        allyOfOther,
        removedAlly,
        self: member,
        stranger,
        blockedByMember,
        blockerOfMember,
        activeMentor,
        formerMentor,
        coordinator,
      });
    });
    afterAll(() => t.stop());

    it.each(VIEWERS)('%s sees exactly what the rules allow', async (viewer) => {
      const query = `query($id: ID!) { user(id: $id) ${selection(userType, 2, WALKED)} }`;
      const r = await t.gql(query, { id: member.id }, viewers[viewer].token);
      const errorsAt = new Set((r.errors ?? []).map((e) => (e.path ?? []).join('.')));
      const wrong: string[] = [];
      const user = r.data?.user as Record<string, unknown> | null;
      for (const [field, rule] of Object.entries(RULES.User)) {
        const value = user?.[field];
        const visible = !errorsAt.has(`user.${field}`) && present(value);
        const expected = sees(rule, viewer, tier, true);
        if (visible !== expected) wrong.push(`User.${field}: ${visible ? 'seen' : 'hidden'}`);
        const named = getNamedType(userType.getFields()[field].type);
        // A list of people (the support circle) holds others, whom these rules are not about.
        if (!WALKED.has(named.name) || !value || typeof value !== 'object' || Array.isArray(value)) continue;
        for (const [sub, subRule] of Object.entries(RULES[named.name])) {
          const subVisible = present((value as Record<string, unknown>)[sub]);
          if (subVisible !== sees(subRule, viewer, tier, visible))
            wrong.push(`${named.name}.${sub}: ${subVisible ? 'seen' : 'hidden'}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('a member who deleted their account', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...MEETING_ENV });
    });
    afterAll(() => t.stop());

    it('shows every viewer a former member, with nothing of theirs left', async () => {
      const coordinator = await t.user('COORDINATOR', 'Coordinator');
      const stranger = await t.user('MEMBER', 'Stranger');
      const leaving = await approvedMentor(t, coordinator, { gender: 'MAN' }, 'Leaving Member');
      await setSoberDays(t, leaving, 900, 'NETWORK');
      const r = await t.gql(
        `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
        { i: { password: PASSWORD } },
        leaving.token,
      );
      expect(r.errors).toBeUndefined();
      for (const viewer of [stranger, coordinator]) {
        const seen = await t.gql(
          `query($id: ID!) { user(id: $id) ${selection(userType, 2, WALKED)} }`,
          { id: leaving.id },
          viewer.token,
        );
        const user = seen.data.user as Record<string, unknown>;
        expect(user.displayName).toBe('Former member');
        expect(JSON.stringify(seen.data)).not.toContain(leaving.email);
        const left = Object.keys(RULES.User).filter(
          (f) =>
            !['id', 'displayName', 'role', 'timeZone', 'createdAt', 'isMentor', 'email'].includes(f) &&
            present(user[f]),
        );
        expect(left).toEqual([]);
        expect(user.isMentor).toBe(false);
      }
    });
  });
});
