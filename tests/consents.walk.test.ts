import type { GraphQLField } from 'graphql';
import { sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting } from './helpers/meetings';
import { approvedMentor, END, MENTORING_ENV, requestMentor, RESPOND, SET_DATE } from './helpers/mentoring';
import { objectType, present, selection, unruled } from './helpers/walk';

/**
 * The field walk of what a member shares under consent. One member with daily check-ins (with
 * notes), a meeting attended and a reach-out still open gives, in turn, each set of consents
 * below; for each, every kind of viewer reads every path to the check-ins (User.checkIns and
 * its fields, User.checkInStreak, the open checkInShared subscription), to the attendance
 * (User.attendance), to the member's place in the coordinators' view (membersNeedingAttention,
 * and the check-ins and notes reached through it), and the consents themselves, and must see
 * exactly what the consents allow, with each read by someone else in the member's access log.
 */

type Viewer =
  | 'self'
  | 'activeMentor'
  | 'formerMentor'
  | 'coordinator'
  | 'stranger'
  | 'recipient'
  | 'blockedRecipient'
  | 'blockerRecipient';
type Scope = 'CHECK_INS' | 'CHECK_IN_NOTES' | 'ATTENDANCE' | 'MILESTONES' | 'DISENGAGEMENT';
interface Given {
  kind: 'MENTOR' | 'COORDINATORS' | 'USER';
  who?: Viewer;
  scopes: Scope[];
}
interface Config {
  name: string;
  give: Given[];
  /** Given, then ended before anyone reads. */
  end?: 'revoke' | 'expire';
}

const ALL: Scope[] = ['CHECK_INS', 'CHECK_IN_NOTES'];
const CONFIGS: Config[] = [
  { name: 'no consent', give: [] },
  { name: 'mentor, notes included', give: [{ kind: 'MENTOR', scopes: ALL }] },
  { name: 'mentor, no notes', give: [{ kind: 'MENTOR', scopes: ['CHECK_INS'] }] },
  { name: 'coordinators, notes included', give: [{ kind: 'COORDINATORS', scopes: ALL }] },
  { name: 'coordinators, no notes', give: [{ kind: 'COORDINATORS', scopes: ['CHECK_INS'] }] },
  { name: 'one person', give: [{ kind: 'USER', who: 'recipient', scopes: ALL }] },
  {
    name: 'attendance and quiet, to coordinators and one person',
    give: [
      { kind: 'COORDINATORS', scopes: ['ATTENDANCE', 'DISENGAGEMENT', 'CHECK_INS'] },
      { kind: 'USER', who: 'recipient', scopes: ['ATTENDANCE', 'DISENGAGEMENT'] },
    ],
  },
  {
    name: 'other scopes only',
    give: [
      { kind: 'MENTOR', scopes: ['ATTENDANCE', 'MILESTONES'] },
      { kind: 'COORDINATORS', scopes: ['DISENGAGEMENT'] },
    ],
  },
  {
    name: 'everyone, then revoked',
    give: [
      { kind: 'MENTOR', scopes: ALL },
      { kind: 'COORDINATORS', scopes: ALL },
      { kind: 'USER', who: 'recipient', scopes: ALL },
    ],
    end: 'revoke',
  },
  {
    name: 'everyone, then expired',
    give: [
      { kind: 'MENTOR', scopes: ALL },
      { kind: 'COORDINATORS', scopes: ALL },
      { kind: 'USER', who: 'recipient', scopes: ALL },
    ],
    end: 'expire',
  },
];
const VIEWERS: Viewer[] = [
  'self',
  'activeMentor',
  'formerMentor',
  'coordinator',
  'stranger',
  'recipient',
  'blockedRecipient',
  'blockerRecipient',
];

/** Whether `viewer` is reached, for `scope` (null: any scope), by the consents of `config` in effect. */
function reached(config: Config, viewer: Viewer, scope: Scope | null): boolean {
  if (viewer === 'self') return true;
  // The two blocked ones hold USER consents given before the block: a block suspends them.
  if (config.end || viewer === 'blockedRecipient' || viewer === 'blockerRecipient') return false;
  return config.give.some(
    (g) =>
      (scope === null || g.scopes.includes(scope)) &&
      (g.kind === 'MENTOR'
        ? viewer === 'activeMentor'
        : g.kind === 'COORDINATORS'
          ? viewer === 'coordinator'
          : g.who === viewer),
  );
}

type Rule = 'self' | 'checkIns' | 'notes' | 'attendance' | 'parent' | 'whenRevoked' | 'whenUnderConsent';
const RULES: Record<string, Record<string, Rule>> = {
  DailyCheckIn: {
    id: 'parent',
    day: 'parent',
    mood: 'parent',
    craving: 'parent',
    attendedMeeting: 'parent',
    note: 'notes',
    member: 'parent',
    createdAt: 'parent',
    updatedAt: 'parent',
  },
  Consent: {
    id: 'parent',
    member: 'parent',
    recipient: 'parent',
    scopes: 'parent',
    purpose: 'parent',
    givenAt: 'parent',
    expiresAt: 'parent',
    status: 'parent',
    revokedAt: 'whenRevoked',
  },
  ConsentRecipient: { kind: 'parent', user: 'parent' },
  Attendance: { id: 'parent', checkedInAt: 'parent', meeting: 'parent', user: 'parent' },
  MemberNeedingAttention: {
    member: 'parent',
    openReachOutSince: 'parent',
    reachOutEscalated: 'parent',
    quietSince: 'parent',
    quietDays: 'parent',
  },
  DisengagementAlert: { enabled: 'parent', afterDays: 'parent', notify: 'parent', lastSentAt: 'parent' },
  AccessRecord: {
    id: 'parent',
    accessedAt: 'parent',
    accessor: 'parent',
    what: 'parent',
    consent: 'whenUnderConsent',
  },
};
/** The User fields of the consents, checkins and disengagement modules, and the attendance of meetings. */
const USER_RULES: Record<string, Rule> = {
  attendance: 'attendance',
  disengagementAlert: 'self',
  checkIns: 'checkIns',
  checkInStreak: 'checkIns',
  checkInTrend: 'self',
  consents: 'self',
  consentsReceived: 'self',
  accessLog: 'self',
};

const args = (f: GraphQLField<unknown, unknown>) => (f.args.some((a) => a.name === 'first') ? '(first: 30)' : '');
/** Every field of a node type, one level down into ConsentRecipient. */
function node(typeName: string): string {
  const fields = Object.values(objectType(typeName).getFields());
  return `{ ${fields.map((f) => `${f.name}${args(f)} ${selection(f.type, 1, new Set(['ConsentRecipient']))}`).join(' ')} }`;
}
const USER_QUERY = `query($id: ID!) { user(id: $id) {
  checkIns(first: 5) { totalCount edges { node ${node('DailyCheckIn')} } }
  checkInStreak
  checkInTrend { checkIns }
  consents(first: 50) { totalCount edges { node ${node('Consent')} } }
  consentsReceived(first: 50) { totalCount edges { node ${node('Consent')} } }
  accessLog(first: 5) { totalCount edges { node ${node('AccessRecord')} } }
  attendance(first: 5) { totalCount edges { node ${node('Attendance')} } }
  disengagementAlert ${node('DisengagementAlert')}
} viewer { consentsReceived(first: 50) { edges { node ${node('Consent').slice(0, -1)} owner: member { id } } } } } }`;
const SHARED = `subscription { checkInShared ${node('DailyCheckIn')} }`;
const ATTENTION = `{ membersNeedingAttention(first: 20) { edges { node {
  ${Object.keys(RULES.MemberNeedingAttention)
    .filter((f) => f !== 'member')
    .join(' ')}
  member { id checkIns(first: 5) { edges { node { id note } } } } } } } }`;

describe('the field walk of consents and check-ins', () => {
  it('has a rule for every field of every walked type, and for each User field of the two modules', () => {
    expect(unruled(RULES)).toEqual([]);
    const userFields = Object.keys(objectType('User').getFields());
    expect(Object.keys(USER_RULES).filter((f) => !userFields.includes(f))).toEqual([]);
  });

  let t: TestApp;
  let member: TestUser;
  const viewers = {} as Record<Viewer, TestUser>;
  const sockets = {} as Record<Viewer, ReturnType<typeof subscribe<any>>>;
  const delivered = {} as Record<Viewer, number>;
  let given: string[] = [];

  async function ok(q: string, v: Record<string, unknown>, token: string) {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  }
  const GIVE = `mutation($i: GiveConsentInput!) { giveConsent(input: $i) { consent { id } } }`;
  const REVOKE = `mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { consent { id } } }`;
  const CHECK_IN = `mutation($i: DailyCheckInInput!) { dailyCheckIn(input: $i) { checkIn { id } } }`;
  const PAUSE = `mutation($i: SetAcceptingMenteesInput!) { setAcceptingMentees(input: $i) { profile { acceptingMentees } } }`;
  const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;

  beforeAll(async () => {
    t = await startTestApp(MENTORING_ENV);
    const coordinator = await t.user('COORDINATOR', 'Coordinator');
    const formerMentor = await approvedMentor(t, coordinator, {}, 'Former Mentor');
    const activeMentor = await approvedMentor(t, coordinator, {}, 'Active Mentor');
    member = await t.user('MEMBER', 'Walked Member');
    // The former mentor first (the active one paused), ended; then the active one.
    await ok(PAUSE, { i: { acceptingMentees: false } }, activeMentor.token);
    const first = await requestMentor(t, member);
    expect(first.match.mentor.id).toBe(formerMentor.id);
    await ok(RESPOND, { i: { matchId: first.match.id, accept: true } }, formerMentor.token);
    await ok(END, { i: { matchId: first.match.id, reason: 'Moving away' } }, member.token);
    await ok(PAUSE, { i: { acceptingMentees: true } }, activeMentor.token);
    const second = await requestMentor(t, member);
    expect(second.match.mentor.id).toBe(activeMentor.id);
    await ok(RESPOND, { i: { matchId: second.match.id, accept: true } }, activeMentor.token);

    const [stranger, recipient, blockedRecipient, blockerRecipient] = await Promise.all(
      ['Stranger', 'Recipient', 'Blocked Recipient', 'Blocker Recipient'].map((n) => t.user('MEMBER', n)),
    );
    // Consents given before a block either way: the block suspends them.
    for (const who of [blockedRecipient, blockerRecipient])
      await ok(
        GIVE,
        { i: { recipientKind: 'USER', userId: who.id, scopes: ALL, purpose: 'Before the block' } },
        member.token,
      );
    await ok(BLOCK, { i: { userId: blockedRecipient.id } }, member.token);
    await ok(BLOCK, { i: { userId: member.id } }, blockerRecipient.token);
    // Something the member receives and a sobriety read, so that their own lists are not empty.
    await ok(
      GIVE,
      { i: { recipientKind: 'USER', userId: member.id, scopes: ['MILESTONES'], purpose: 'For you' } },
      stranger.token,
    );
    await ok(SET_DATE, { i: { date: '2024-05-05', visibility: 'COORDINATORS' } }, member.token);
    await ok(`query($id: ID!) { user(id: $id) { sobriety { date } } }`, { id: member.id }, coordinator.token);
    await ok(CHECK_IN, { i: { mood: 3, craving: 4, attendedMeeting: true, note: 'Kept to myself.' } }, member.token);
    // A meeting the member was checked in to, and a reach-out still open: the coordinators' view has them.
    const meeting = await createMeeting(t, coordinator.token);
    await t.sql(
      `UPDATE meetings SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '30 minutes' WHERE id = $1`,
      [meeting.id],
    );
    await ok(
      `mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id } } }`,
      { i: { meetingId: meeting.id, userId: member.id } },
      coordinator.token,
    );
    await ok(`mutation { reachOut(input: {}) { reachOut { id } } }`, {}, member.token);

    Object.assign(viewers, {
      self: member,
      activeMentor,
      formerMentor,
      coordinator,
      stranger,
      recipient,
      blockedRecipient,
      blockerRecipient,
    });
    for (const v of VIEWERS) {
      sockets[v] = subscribe<any>(t.ws(viewers[v].token).client, SHARED);
      delivered[v] = 0;
    }
    await sleep(300);
  });
  afterAll(() => t.stop());

  describe.each(CONFIGS)('a member who shares with: $name', (config) => {
    let readsBefore = 0;

    beforeAll(async () => {
      for (const id of given) await ok(REVOKE, { i: { consentId: id } }, member.token);
      given = [];
      for (const g of config.give) {
        const r = await ok(
          GIVE,
          {
            i: {
              recipientKind: g.kind,
              userId: g.who ? viewers[g.who].id : undefined,
              scopes: g.scopes,
              purpose: `For ${config.name}`,
            },
          },
          member.token,
        );
        given.push(r.giveConsent.consent.id);
      }
      if (config.end === 'revoke') for (const id of given) await ok(REVOKE, { i: { consentId: id } }, member.token);
      if (config.end === 'expire')
        // Time passes: the consents' end is now behind them.
        await t.sql(
          `UPDATE consents SET given_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`,
          [given],
        );
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM consent_access_log WHERE member_id = $1`, [
        member.id,
      ]);
      readsBefore = n;
    });

    it.each(VIEWERS)('%s reads exactly what the consents allow', async (viewer) => {
      const r = await t.gql(USER_QUERY, { id: member.id }, viewers[viewer].token);
      const errorsAt = (r.errors ?? []).map((e) => `${(e.path ?? []).join('.')}: ${e.extensions?.code}`);
      expect(errorsAt).toEqual([]);
      const user = r.data.user as Record<string, any> | null;
      // Blocked either way: the member is not there at all.
      expect(user === null).toBe(viewer === 'blockedRecipient' || viewer === 'blockerRecipient');
      const wrong: string[] = [];
      const sees = (rule: Rule) =>
        rule === 'self'
          ? viewer === 'self'
          : rule === 'checkIns'
            ? reached(config, viewer, 'CHECK_INS')
            : rule === 'notes'
              ? reached(config, viewer, 'CHECK_INS') && reached(config, viewer, 'CHECK_IN_NOTES')
              : rule === 'attendance'
                ? reached(config, viewer, 'ATTENDANCE')
                : true;
      for (const [field, rule] of Object.entries(USER_RULES)) {
        const visible = present(user?.[field]);
        if (visible !== (!!user && sees(rule))) wrong.push(`User.${field}: ${visible ? 'seen' : 'hidden'}`);
      }
      for (const e of user?.checkIns?.edges ?? [])
        for (const [field, rule] of Object.entries(RULES.DailyCheckIn)) {
          const visible = present(e.node[field]);
          if (visible !== sees(rule)) wrong.push(`DailyCheckIn.${field}: ${visible ? 'seen' : 'hidden'}`);
        }
      // The member's consents as they see them; the consents others see in their consentsReceived.
      const consents = [
        ...(user?.consents?.edges ?? []),
        ...(r.data.viewer.consentsReceived?.edges ?? []).filter((e: any) => e.node.owner.id === member.id),
      ];
      for (const e of consents) {
        for (const [field, rule] of Object.entries(RULES.Consent)) {
          const visible = present(e.node[field]);
          const expected = rule === 'whenRevoked' ? e.node.status === 'REVOKED' : true;
          if (visible !== expected) wrong.push(`Consent.${field}: ${visible ? 'seen' : 'hidden'}`);
        }
        const { kind, user: to } = e.node.recipient;
        if (present(to) !== (kind !== 'COORDINATORS')) wrong.push(`ConsentRecipient.user of ${kind}`);
      }
      for (const e of user?.attendance?.edges ?? [])
        for (const [field, rule] of Object.entries(RULES.Attendance))
          if (present(e.node[field]) !== sees(rule)) wrong.push(`Attendance.${field}`);
      // The member's own alert, never set: off, the default days, nobody to tell, nothing sent.
      if (user?.disengagementAlert)
        expect(user.disengagementAlert).toEqual({ enabled: false, afterDays: 7, notify: [], lastSentAt: null });
      for (const e of user?.accessLog?.edges ?? []) {
        for (const [field, rule] of Object.entries(RULES.AccessRecord)) {
          const visible = present(e.node[field]);
          const expected = rule === 'whenUnderConsent' ? !e.node.what.startsWith('Sobriety.') : true;
          if (visible !== expected) wrong.push(`AccessRecord.${field}: ${visible ? 'seen' : 'hidden'}`);
        }
      }
      expect(wrong).toEqual([]);
      // consentsReceived lists the member's consents exactly when one reaches the viewer, for any scope.
      const receivedFromMember = consents.length - (user?.consents?.edges?.length ?? 0);
      expect(receivedFromMember > 0).toBe(viewer !== 'self' && reached(config, viewer, null));
    });

    it.each(VIEWERS)('%s finds the member in the coordinators’ view exactly when they consented', async (viewer) => {
      const r = await t.gql(ATTENTION, {}, viewers[viewer].token);
      if (viewer !== 'coordinator') {
        expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        return;
      }
      expect(r.errors).toBeUndefined();
      const entry = r.data.membersNeedingAttention.edges.find((e: any) => e.node.member.id === member.id)?.node;
      // Only a consent with DISENGAGEMENT to the coordinators puts the member there.
      const listed =
        !config.end && config.give.some((g) => g.kind === 'COORDINATORS' && g.scopes.includes('DISENGAGEMENT'));
      expect(!!entry).toBe(listed);
      if (!entry) return;
      // The member checked in today: not quiet, listed for the open reach-out.
      expect([entry.quietSince, entry.quietDays, entry.reachOutEscalated]).toEqual([null, null, false]);
      expect(entry.openReachOutSince).not.toBeNull();
      // The check-ins reached through it are as User.checkIns: notes only with CHECK_IN_NOTES.
      expect(present(entry.member.checkIns)).toBe(reached(config, viewer, 'CHECK_INS'));
      for (const e of entry.member.checkIns?.edges ?? [])
        expect(present(e.node.note)).toBe(reached(config, viewer, 'CHECK_IN_NOTES'));
    });

    /** Who read what under consent since `from` reads were recorded, as "viewer: what". */
    async function readsSince(from: number): Promise<string[]> {
      const found = await t.sql(
        `SELECT accessor_id, what FROM consent_access_log WHERE member_id = $1 ORDER BY accessed_at, id OFFSET $2`,
        [member.id, from],
      );
      const byId = Object.fromEntries(VIEWERS.map((v) => [viewers[v].id, v]));
      return [...new Set(found.map((r: any) => `${byId[r.accessor_id]}: ${r.what}`))].sort();
    }

    it('records each read by someone else in the access log, and nobody else’s', async () => {
      const readers = await readsSince(readsBefore);
      const expected = new Set<string>();
      for (const v of VIEWERS) {
        if (v === 'self' || !reached(config, v, 'CHECK_INS')) continue;
        expected.add(`${v}: User.checkIns`);
        expected.add(`${v}: User.checkInStreak`);
        if (reached(config, v, 'CHECK_IN_NOTES')) expected.add(`${v}: DailyCheckIn.note`);
      }
      for (const v of VIEWERS)
        if (v !== 'self' && reached(config, v, 'ATTENDANCE')) expected.add(`${v}: User.attendance`);
      if (!config.end && config.give.some((g) => g.kind === 'COORDINATORS' && g.scopes.includes('DISENGAGEMENT')))
        expected.add('coordinator: membersNeedingAttention');
      expect(readers).toEqual([...expected].sort());
    });

    it('delivers a new check-in on open sockets to exactly those the consents reach, notes as allowed', async () => {
      const mood = (CONFIGS.indexOf(config) % 5) + 1;
      const [{ n: before }] = await t.sql(`SELECT count(*)::int AS n FROM consent_access_log WHERE member_id = $1`, [
        member.id,
      ]);
      await ok(CHECK_IN, { i: { mood, craving: 2 } }, member.token);
      const expected = VIEWERS.filter((v) => reached(config, v, 'CHECK_INS'));
      for (const v of expected) await sockets[v].waitFor(delivered[v] + 1);
      await sleep(300);
      const got: Viewer[] = [];
      for (const v of VIEWERS) {
        const events = sockets[v].events.slice(delivered[v]);
        delivered[v] = sockets[v].events.length;
        if (!events.length) continue;
        got.push(v);
        expect(events).toHaveLength(1);
        expect(events[0].errors).toBeUndefined();
        const shared = events[0].data.checkInShared;
        expect(shared.mood).toBe(mood);
        expect(shared.note).toBe(reached(config, v, 'CHECK_IN_NOTES') ? 'Kept to myself.' : null);
      }
      expect(got).toEqual(expected);
      // Each delivery to someone else, and each note it showed, is in the member's access log.
      const logged = new Set<string>();
      for (const v of expected) {
        if (v === 'self') continue;
        logged.add(`${v}: checkInShared`);
        if (reached(config, v, 'CHECK_IN_NOTES')) logged.add(`${v}: DailyCheckIn.note`);
      }
      expect(await readsSince(before)).toEqual([...logged].sort());
    });
  });
});
