import { todayIn } from '../../src/modules/sobriety/milestones';
import Redis from 'ioredis';
import { freePort } from '../../src/core/embedded-postgres';
import { NotificationKind } from '../../src/modules/notifications/notification-kind.enum';
import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp } from '../helpers/harness';
import { createMeeting, mentor } from '../helpers/meetings';
import { approvedMentor, requestMentor, RESPOND } from '../helpers/mentoring';
import { startRedis, stopRedis } from './redis-process';

/**
 * Two instances on one PostgreSQL and one Redis, as behind a load balancer. Needs Redis:
 * REDIS_URL, or 127.0.0.1:6379. A missing Redis fails this suite; it is never skipped.
 */
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const LIMITS = { MUTATION_LIMIT_PER_ADDRESS: '1000000', LOGIN_LIMIT_PER_ADDRESS: '100000' };

beforeAll(async () => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    expect(await probe.ping()).toBe('PONG');
  } finally {
    probe.disconnect();
  }
});

describe('two instances sharing Redis', () => {
  let t: TestApp;
  let b: Awaited<ReturnType<TestApp['another']>>;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL, ...LIMITS, LOGIN_LIMIT_PER_ACCOUNT: '3' });
    b = await t.another();
  });
  afterAll(() => t.stop());

  it('delivers notificationAdded subscribed on A and caused on B, dates intact', async () => {
    const u = await t.user('MEMBER');
    const sub = subscribe(
      t.ws(u.token).client,
      `subscription { notificationAdded { id kind message createdAt readAt } }`,
    );
    await sleep(300);
    const n = await b.app.services.notifications.notify({
      userId: u.id,
      kind: NotificationKind.MEETING_CANCELLED,
      message: 'Tuesday group is cancelled.',
    });
    const [event] = await sub.waitFor(1);
    expect(event.data).toEqual({
      notificationAdded: {
        id: n.id,
        kind: 'MEETING_CANCELLED',
        message: 'Tuesday group is cancelled.',
        createdAt: n.createdAt.toISOString(),
        readAt: null,
      },
    });
  });

  it('delivers meetingUpdated, postAdded, moderationQueueUpdated and milestoneReached across instances', async () => {
    const host = await mentor(t, 'Host');
    const member = await t.user('MEMBER', 'Rowan');
    const coordinator = await t.user('COORDINATOR');
    const meeting = await createMeeting(t, host.token, { capacity: 5 });
    const thread = await t.gql(
      `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } } }`,
      { i: { title: 'Week one', body: 'Glad to be here.' } },
      coordinator.token,
    );
    const threadId = thread.data.createThread.thread.id;

    const onA = t.ws(member.token).client;
    const meetingSub = subscribe(
      onA,
      `subscription($id: ID!) { meetingUpdated(meetingId: $id) { id goingCount startsAt } }`,
      { id: meeting.id },
    );
    const postSub = subscribe(onA, `subscription($id: ID!) { postAdded(threadId: $id) { id body createdAt } }`, {
      id: threadId,
    });
    const milestoneSub = subscribe(onA, `subscription { milestoneReached { id label reachedOn } }`);
    const queueSub = subscribe(
      t.ws(coordinator.token).client,
      `subscription { moderationQueueUpdated { id priority } }`,
    );
    await sleep(400);

    // Caused through instance B.
    expect(
      (
        await b.gql(
          `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { status } } }`,
          { i: { meetingId: meeting.id } },
          member.token,
        )
      ).errors,
    ).toBeUndefined();
    const [m] = await meetingSub.waitFor(1);
    expect(m.data!.meetingUpdated).toEqual({ id: meeting.id, goingCount: 1, startsAt: meeting.startsAt });

    const reply = await b.gql(
      `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id createdAt } } }`,
      { i: { threadId, body: 'Welcome!' } },
      coordinator.token,
    );
    expect(reply.errors).toBeUndefined();
    const [p] = await postSub.waitFor(1);
    expect(p.data!.postAdded).toEqual({
      id: reply.data.replyToThread.post.id,
      body: 'Welcome!',
      createdAt: reply.data.replyToThread.post.createdAt,
    });

    const crisis = await b.gql(
      `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } } }`,
      { i: { title: 'Tonight', body: 'I want to end it all.' } },
      member.token,
    );
    expect(crisis.errors).toBeUndefined();
    const [q] = await queueSub.waitFor(1);
    expect(q.data!.moderationQueueUpdated.priority).toBe('HIGH');

    // A date entered today: its "24 hours" is news tomorrow (one already reached when entered is recorded silently).
    const today = todayIn('America/Chicago', new Date());
    const set = await b.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: today, visibility: 'PRIVATE' } },
      member.token,
    );
    expect(set.errors).toBeUndefined();
    await b.app.services.sobriety.awardDueMilestones(new Date(Date.now() + 86_400_000));
    const [ms] = await milestoneSub.waitFor(1);
    expect(ms.data!.milestoneReached.label).toBe('24 hours');
  });

  it('delivers matchUpdated to the mentee on A when the mentor accepts on B', async () => {
    const coordinator = await t.user('COORDINATOR');
    const mentorUser = await approvedMentor(t, coordinator);
    const mentee = await t.user('MEMBER', 'Sky');
    const sub = subscribe(t.ws(mentee.token).client, `subscription { matchUpdated { id status respondBy } }`);
    await sleep(300);
    const request = await requestMentor(t, mentee);
    const matchId = request.match.id;
    const accepted = await b.gql(RESPOND, { i: { matchId, accept: true } }, mentorUser.token);
    expect(accepted.errors).toBeUndefined();
    const deadline = Date.now() + 5000;
    while (!sub.events.some((e) => e.data?.matchUpdated.status === 'ACTIVE') && Date.now() < deadline) await sleep(50);
    const active = sub.events.find((e) => e.data?.matchUpdated.status === 'ACTIVE');
    expect(active?.data?.matchUpdated).toEqual({ id: matchId, status: 'ACTIVE', respondBy: request.match.respondBy });
  });

  it('log-out on B closes the socket on A', async () => {
    const u = await t.user('MEMBER');
    const socket = t.ws(u.token);
    subscribe(socket.client, `subscription { notificationAdded { id } }`);
    await sleep(300);
    expect((await b.gql(`mutation { logOut }`, {}, u.token)).data.logOut).toBe(true);
    expect(await socket.closed).toBe(4403);
  });

  it('counts failed log-ins across instances', async () => {
    const u = await t.user('MEMBER');
    const attempt = (gql: TestApp['gql'], password: string) =>
      gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, { i: { email: u.email, password } });
    expect(codes(await attempt(t.gql, 'wrong one'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await attempt(b.gql, 'wrong two'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await attempt(t.gql, 'wrong three'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await attempt(b.gql, PASSWORD))).toEqual(['RATE_LIMITED']);
  });
});

describe('jobs run once across instances', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL, ...LIMITS, JOBS: 'on' });
  });
  afterAll(() => t.stop());

  it('each of 12 jobs runs exactly once with two instances working the queue', async () => {
    const b = await t.another({ JOBS: 'on' });
    const runs: Record<string, string[]> = {};
    const handler = (instance: string) => async (data: Record<string, unknown>) => {
      (runs[String(data.n)] ??= []).push(instance);
      await sleep(20);
    };
    await t.app.jobs!.register('test.once', handler('A'));
    await b.app.jobs!.register('test.once', handler('B'));
    for (let n = 0; n < 12; n++) await t.app.jobs!.send('test.once', { n });
    const deadline = Date.now() + 30_000;
    while (Object.keys(runs).length < 12 && Date.now() < deadline) await sleep(200);
    await sleep(500);
    expect(Object.keys(runs).length).toBe(12);
    expect(Object.values(runs).every((r) => r.length === 1)).toBe(true);
  }, 60_000);
});

describe('Redis stopped and started', () => {
  let t: TestApp;
  let b: Awaited<ReturnType<TestApp['another']>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, ...LIMITS });
    b = await t.another();
  });
  afterAll(async () => {
    await t.stop();
    await stopRedis(redis);
  });

  it('keeps queries and mutations working while Redis is down; subscriptions resume when it returns', async () => {
    const u = await t.user('MEMBER');
    const sub = subscribe(t.ws(u.token).client, `subscription { notificationAdded { message } }`);
    await sleep(300);
    await b.app.services.notifications.notify({
      userId: u.id,
      kind: NotificationKind.CONGRATULATED,
      message: 'before',
    });
    await sub.waitFor(1);

    await stopRedis(redis);
    await sleep(300);
    const started = Date.now();
    expect((await t.gql(`{ viewer { id } }`, {}, u.token)).data.viewer.id).toBe(u.id);
    const login = await b.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: u.email, password: PASSWORD },
    });
    expect(login.errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);

    redis = await startRedis(port);
    // ioredis reconnects and resubscribes by itself; wait for the subscriber to be back.
    const deadline = Date.now() + 20_000;
    let n = 0;
    while (sub.events.length < 2 && Date.now() < deadline) {
      await b.app.services.notifications.notify({
        userId: u.id,
        kind: NotificationKind.CONGRATULATED,
        message: `after ${n++}`,
      });
      await sleep(500);
    }
    expect(sub.events.length).toBeGreaterThanOrEqual(2);
    expect(sub.events[1].data!.notificationAdded.message).toMatch(/^after/);
  }, 60_000);
});
