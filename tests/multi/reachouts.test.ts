import Redis from 'ioredis';
import { codes, sleep, startTestApp, subscribe, type TestApp } from '../helpers/harness';
import { NOTIFIED, ok, REACH_OUT, reachOuts, SET_CIRCLE, UPDATED } from '../helpers/reachouts';

/**
 * Reaching out across two instances sharing PostgreSQL and Redis. Needs Redis: REDIS_URL, or
 * 127.0.0.1:6379. A missing Redis fails this suite; it is never skipped.
 */
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const UPDATE = `mutation { updateProfile(input: { displayName: "Still Here" }) { user { id } } }`;

let t: TestApp;
let b: Awaited<ReturnType<TestApp['another']>>;
beforeAll(async () => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    expect(await probe.ping()).toBe('PONG');
  } finally {
    probe.disconnect();
  }
  const env = {
    REDIS_URL,
    MUTATION_LIMIT_PER_ADDRESS: '1000000',
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    REACH_OUT_LIMIT_PER_HOUR: '3',
  };
  t = await startTestApp(env);
  b = await t.another(env);
  await t.user('COORDINATOR', 'Multi Coordinator');
});
afterAll(() => t.stop());

describe('reaching out with two instances', () => {
  it('a reach-out sent on B reaches subscribers on A at once', async () => {
    const member = await t.user('MEMBER', 'Member On B');
    const friend = await t.user('MEMBER', 'Friend On A');
    await ok(t, SET_CIRCLE, { i: { userIds: [friend.id] } }, member.token);
    const onA = t.ws(friend.token).client;
    const updated = subscribe(onA, UPDATED);
    const notified = subscribe(onA, NOTIFIED);
    await sleep(300);
    const sent = await ok(b, REACH_OUT, { i: { message: 'From the other instance' } }, member.token);
    const id = sent.reachOut.reachOut.id;
    expect((await updated.waitFor(1))[0].data.reachOutUpdated).toMatchObject({
      id,
      message: 'From the other instance',
    });
    expect((await notified.waitFor(1))[0].data.notificationAdded).toMatchObject({ kind: 'REACH_OUT', subjectId: id });
  });

  it('the first three in an hour go through on either instance with the shared mutation limit spent; the fourth is limited', async () => {
    const limitedEnv = {
      REDIS_URL,
      MUTATION_LIMIT_PER_USER: '1',
      MUTATION_LIMIT_PER_ADDRESS: '1000000',
      REACH_OUT_LIMIT_PER_HOUR: '3',
    };
    const a1 = await t.another(limitedEnv);
    const b1 = await t.another(limitedEnv);
    const member = await t.user('MEMBER', 'Member Both');
    await ok(a1, UPDATE, {}, member.token);
    // The limit is shared through Redis: spent on A, refused on B.
    expect(codes(await b1.gql(UPDATE, {}, member.token))).toEqual(['RATE_LIMITED']);
    for (const app of [a1, b1, a1]) expect((await app.gql(REACH_OUT, {}, member.token)).errors).toBeUndefined();
    expect(codes(await b1.gql(REACH_OUT, {}, member.token))).toEqual(['RATE_LIMITED']);
    expect((await t.sql(`SELECT count(*)::int AS n FROM reach_outs WHERE member_id = $1`, [member.id]))[0].n).toBe(3);
  });

  it('escalates exactly once when both instances sweep together', async () => {
    const members = await Promise.all([1, 2, 3].map((n) => t.user('MEMBER', `Sweep ${n}`)));
    const ids: string[] = [];
    for (const m of members) ids.push((await ok(t, REACH_OUT, {}, m.token)).reachOut.reachOut.id);
    // Every open reach-out of this database is due: those of the tests above too.
    const [{ open }] = await t.sql(`SELECT count(*)::int AS open FROM reach_outs WHERE status = 'OPEN'`);
    const now = new Date(Date.now() + 11 * 60_000);
    const runs = await Promise.all([
      reachOuts(t).escalateDue(now),
      reachOuts(b.app).escalateDue(now),
      reachOuts(t).escalateDue(now),
      reachOuts(b.app).escalateDue(now),
    ]);
    expect(runs.reduce((n, r) => n + r.escalated, 0)).toBe(open);
    const told = await t.sql(
      `SELECT user_id, subject_id, count(*)::int AS n FROM notifications WHERE kind = 'REACH_OUT_ESCALATED' AND subject_id = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    expect(told.length).toBeGreaterThanOrEqual(ids.length);
    expect(told.every((r: any) => r.n === 1)).toBe(true);
  });
});
