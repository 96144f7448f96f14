import { getNamedType } from 'graphql';
import { ally, REMOVE_ALLY } from './helpers/allies';
import { startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { MEETING_ENV } from './helpers/meetings';
import { setSoberDays } from './helpers/mentoring';
import { objectType, present, selection, unruled } from './helpers/walk';

/**
 * The field walk from the ally's side: everything an ally reaches from `viewer` (their own
 * User, their tie, the member as they see them, two levels down), for an ally of the member,
 * an ally of someone else and a removed ally, under each choice of what the member shares.
 * A new field without a rule fails the first test.
 */
type Viewer = 'allyOfMember' | 'allyOfOther' | 'removedAlly';
type Sharing = 'nothing' | 'milestones' | 'streak' | 'both';
type Rule =
  /** Public facts of the ally's own account. */
  | 'own'
  /** Nothing: refused or null for an ally, whatever is shared. */
  | 'never'
  /** The ally's own tie. */
  | 'tie'
  /** While the member shares milestones with allies. */
  | 'milestones'
  /** While the member shares their check-in streak. */
  | 'streak'
  /** Only the member themself, never an ally. */
  | 'memberOnly';

const RULES: Record<string, Record<string, Rule>> = {
  User: {
    id: 'own',
    displayName: 'own',
    role: 'own',
    timeZone: 'own',
    createdAt: 'own',
    isMentor: 'own',
    email: 'own',
    allyOf: 'tie',
    // The ally's own streak and trend: always 0 and empty, since an ally cannot check in.
    checkInStreak: 'own',
    checkInTrend: 'own',
    // The ally's own data of these kinds is empty, and what is not theirs is refused.
    sobriety: 'never',
    sobrietyAccessLog: 'never',
    attendance: 'never',
    attendanceProofs: 'never',
    mentorMatches: 'never',
    mentorProfile: 'never',
    supportCircle: 'never',
    reachOuts: 'never',
    reachOutsReceived: 'never',
    checkIns: 'never',
    consents: 'never',
    consentsReceived: 'never',
    accessLog: 'never',
    allies: 'never',
    allySharing: 'never',
    hasAllies: 'never',
    deliveries: 'never',
    // The ally's own settings: an alert that is off, and how Onward may reach them.
    disengagementAlert: 'own',
    deliveryPreferences: 'own',
  },
  AllyOf: { member: 'tie', since: 'tie' },
  AlliedMember: { displayName: 'tie', sobriety: 'milestones', checkInStreak: 'streak' },
  Sobriety: {
    date: 'milestones',
    days: 'milestones',
    visibility: 'milestones',
    milestones: 'milestones',
    nextMilestone: 'milestones',
    journeys: 'memberOnly',
    announceMilestones: 'memberOnly',
  },
};
const WALKED = new Set(Object.keys(RULES));
const VIEWERS: Viewer[] = ['allyOfMember', 'allyOfOther', 'removedAlly'];
const SHARINGS: Sharing[] = ['nothing', 'milestones', 'streak', 'both'];

/** Whether `viewer` sees a field of this rule, given what the member behind their tie shares. */
function sees(rule: Rule, viewer: Viewer, sharing: Sharing): boolean {
  if (viewer === 'removedAlly') return false;
  // The other ally's member shares nothing: their tie is seen, and nothing else of anyone.
  const shared = viewer === 'allyOfMember' ? sharing : 'nothing';
  switch (rule) {
    case 'own':
    case 'tie':
      return true;
    case 'milestones':
      return shared === 'milestones' || shared === 'both';
    case 'streak':
      return shared === 'streak' || shared === 'both';
    default:
      return false;
  }
}

/** Every field of `value` of type `typeName` (and the walked types below it) against the rules. */
function check(
  typeName: string,
  value: unknown,
  path: string,
  viewer: Viewer,
  sharing: Sharing,
  errorsAt: Set<string>,
  wrong: string[],
) {
  const obj = value as Record<string, unknown> | null;
  for (const [field, rule] of Object.entries(RULES[typeName])) {
    const at = `${path}.${field}`;
    const v = obj?.[field];
    const visible = !errorsAt.has(at) && present(v);
    if (visible !== sees(rule, viewer, sharing)) wrong.push(`${typeName}.${field}: ${visible ? 'seen' : 'hidden'}`);
    const named = getNamedType(objectType(typeName).getFields()[field].type).name;
    if (WALKED.has(named) && visible && typeof v === 'object' && !Array.isArray(v)) {
      check(named, v, at, viewer, sharing, errorsAt, wrong);
    }
  }
}

describe('the field walk of allies', () => {
  it('has a rule for every field of every walked type', () => {
    expect(unruled(RULES)).toEqual([]);
  });

  describe.each(SHARINGS)('a member who shares %s with allies', (sharing) => {
    let t: TestApp;
    const viewers = {} as Record<Viewer, TestUser>;

    beforeAll(async () => {
      t = await startTestApp({ ...MEETING_ENV });
      const member = await t.user('MEMBER', 'Walked Member');
      const other = await t.user('MEMBER', 'Other Member');
      for (const u of [member, other]) {
        await setSoberDays(t, u, 400, 'NETWORK');
        const r = await t.gql(
          `mutation { dailyCheckIn(input: { mood: 4, craving: 1 }) { checkIn { id } } }`,
          {},
          u.token,
        );
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      }
      const share = {
        milestones: sharing === 'milestones' || sharing === 'both',
        checkInStreak: sharing === 'streak' || sharing === 'both',
      };
      const r = await t.gql(
        `mutation($i: ShareWithAlliesInput!) { shareWithAllies(input: $i) { sharing { milestones } } }`,
        { i: share },
        member.token,
      );
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      viewers.allyOfMember = await ally(t, member, 'Member Ally');
      viewers.allyOfOther = await ally(t, other, 'Other Ally');
      const removed = await ally(t, member, 'Removed Ally');
      await t.gql(REMOVE_ALLY, { i: { allyId: removed.tieId } }, member.token);
      viewers.removedAlly = removed;
    });
    afterAll(() => t.stop());

    it.each(VIEWERS)('%s sees exactly what the rules allow', async (viewer) => {
      const query = `{ viewer ${selection(objectType('User'), 4, WALKED)} }`;
      const r = await t.gql(query, {}, viewers[viewer].token);
      const errorsAt = new Set((r.errors ?? []).map((e) => (e.path ?? []).join('.')));
      const wrong: string[] = [];
      check('User', r.data?.viewer ?? null, 'viewer', viewer, sharing, errorsAt, wrong);
      expect(wrong).toEqual([]);
      // Nothing of the other member ever reaches this ally.
      if (viewer === 'allyOfMember') expect(JSON.stringify(r.data)).not.toContain('Other Member');
    });
  });
});
