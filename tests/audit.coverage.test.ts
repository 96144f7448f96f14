import { operationRules } from '../src/schema';
import './helpers/walk'; // builds the schema, which fills the rule table read below
import { startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV, mentor } from './helpers/meetings';
import { APPROVE, approvedMentor, profileInput, requestMentor, setSoberDays, UPSERT } from './helpers/mentoring';

/**
 * Every coordinator and admin mutation leaves an entry in the moderation log, in its own
 * transaction. The list comes from the operation rule table, so a new coordinator
 * mutation fails here until it has a scenario (and so, a log entry).
 */
let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
  coordinator = await t.user('COORDINATOR', 'Logging Coordinator');
});
afterAll(() => t.stop());

async function ok(query: string, variables: Record<string, unknown>, token = coordinator.token) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function thread(): Promise<{ threadId: string; postId: string }> {
  const r = await ok(
    `mutation { createThread(input: { title: "Logged", body: "A thread to act on." }) { thread { id } post { id } } }`,
    {},
  );
  return { threadId: r.createThread.thread.id, postId: r.createThread.post.id };
}

/** Beyond the coordinator rules: mutations that are coordinator actions when they touch someone else. */
const ALSO = ['Mutation.cancelMeeting', 'Mutation.checkIn'];

/** Each scenario prepares what its mutation needs and returns the mutation itself, to be run alone. */
const SCENARIOS: Record<string, () => Promise<() => Promise<unknown>>> = {
  'Mutation.createInvitation': async () => {
    return () =>
      ok(`mutation { createInvitation(input: { email: "logged.invite@onward.test" }) { invitation { id } } }`, {});
  },
  'Mutation.suspendUser': async () => {
    const m = await t.user('MEMBER');
    return () =>
      ok(`mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`, {
        i: { userId: m.id, until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Cooling off' },
      });
  },
  'Mutation.liftSuspension': async () => {
    const m = await t.user('MEMBER');
    await ok(`mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`, {
      i: { userId: m.id, until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Cooling off' },
    });
    return () =>
      ok(`mutation($i: LiftSuspensionInput!) { liftSuspension(input: $i) { user { id } } }`, {
        i: { userId: m.id, reason: 'Talked it through' },
      });
  },
  'Mutation.createCategory': async () => {
    return () => ok(`mutation { createCategory(input: { name: "Logged category" }) { category { id } } }`, {});
  },
  'Mutation.renameCategory': async () => {
    const c = await ok(`mutation { createCategory(input: { name: "Before rename" }) { category { id } } }`, {});
    return () =>
      ok(`mutation($i: RenameCategoryInput!) { renameCategory(input: $i) { category { id } } }`, {
        i: { categoryId: c.createCategory.category.id, name: 'After rename' },
      });
  },
  'Mutation.pinThread': async () => {
    const { threadId } = await thread();
    return () =>
      ok(`mutation($i: PinThreadInput!) { pinThread(input: $i) { thread { id } } }`, {
        i: { threadId, reason: 'Useful' },
      });
  },
  'Mutation.lockThread': async () => {
    const { threadId } = await thread();
    return () =>
      ok(`mutation($i: LockThreadInput!) { lockThread(input: $i) { thread { id } } }`, {
        i: { threadId, locked: true, reason: 'Heated' },
      });
  },
  'Mutation.setSlowMode': async () => {
    const { threadId } = await thread();
    return () =>
      ok(`mutation($i: SetSlowModeInput!) { setSlowMode(input: $i) { thread { id } } }`, {
        i: { threadId, seconds: 60, reason: 'Busy' },
      });
  },
  'Mutation.moderatePost': async () => {
    const { postId } = await thread();
    return () =>
      ok(`mutation($i: ModeratePostInput!) { moderatePost(input: $i) { post { id } } }`, {
        i: { postId, action: 'HIDE', reason: 'Off topic' },
      });
  },
  'Mutation.approveMentor': async () => {
    const m = await t.user('MEMBER');
    await setSoberDays(t, m, 800);
    await ok(UPSERT, { i: profileInput() }, m.token);
    return () => ok(APPROVE, { i: { userId: m.id } });
  },
  'Mutation.proposeMatch': async () => {
    const mentee = await t.user('MEMBER');
    // Nobody can take this request at once (every mentor is paused), so it waits for a coordinator.
    await t.sql(`UPDATE mentor_profiles SET accepting_mentees = false`);
    const request = await requestMentor(t, mentee);
    const m = await approvedMentor(t, coordinator);
    return () =>
      ok(`mutation($i: ProposeMatchInput!) { proposeMatch(input: $i) { match { id } } }`, {
        i: { requestId: request.id, mentorId: m.id },
      });
  },
  'Mutation.runMatchingRound': async () => {
    return () => ok(`mutation { runMatchingRound { proposed { id } } }`, {});
  },
  'Mutation.cancelMeeting': async () => {
    const meeting = await createMeeting(t, coordinator.token);
    return () =>
      ok(`mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { meeting { id } } }`, {
        i: { meetingId: meeting.id, reason: 'Room closed' },
      });
  },
  'Mutation.checkIn': async () => {
    const host = await mentor(t, 'Checking Host');
    const member = await t.user('MEMBER');
    const meeting = await createMeeting(t, host.token);
    // The coordinator records someone else's attendance (not the host, not the member).
    await t.sql(
      `UPDATE meetings SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '50 minutes' WHERE id = $1`,
      [meeting.id],
    );
    return () =>
      ok(`mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id } } }`, {
        i: { meetingId: meeting.id, userId: member.id },
      });
  },
};

const coordinatorMutations = [
  ...Object.entries(operationRules())
    .filter(([op, rule]) => op.startsWith('Mutation.') && /COORDINATOR|ADMIN/.test(rule))
    .map(([op]) => op),
  ...ALSO,
].sort();

describe('the moderation log', () => {
  it('has a scenario for every coordinator and admin mutation', () => {
    expect(coordinatorMutations.filter((op) => !SCENARIOS[op])).toEqual([]);
  });

  it.each(coordinatorMutations)('%s writes an entry by its actor', async (op) => {
    const count = async () =>
      (
        await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM moderation_log WHERE actor_id = $1`, [
          coordinator.id,
        ])
      )[0].n;
    const scenario = SCENARIOS[op];
    if (!scenario) throw new Error(`no scenario for ${op}`);
    // Setup may log too (invitations for new members, say): count around the mutation alone.
    const act = await scenario();
    const before = await count();
    await act();
    expect(await count()).toBeGreaterThan(before);
    const [newest] = await t.sql<{ actor_id: string }>(
      `SELECT actor_id FROM moderation_log ORDER BY created_at DESC LIMIT 1`,
    );
    expect(newest.actor_id).toBe(coordinator.id);
  });
});
