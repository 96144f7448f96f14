import { sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import {
  ACKNOWLEDGE,
  notificationsOf,
  ok,
  REACH_OUT,
  REACH_OUT_ENV,
  reachOuts,
  RECEIVED,
  SET_CIRCLE,
  UPDATED,
} from './helpers/reachouts';

const MINUTE = 60_000;

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

async function coordinatorIds(t: TestApp): Promise<string[]> {
  return (await t.sql(`SELECT id FROM users WHERE role IN ('COORDINATOR', 'ADMIN') AND deleted_at IS NULL`)).map(
    (r: any) => r.id,
  );
}

describe('escalation with a controllable clock', () => {
  let t: TestApp;
  let onCall: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ ...REACH_OUT_ENV });
    // No on-call email is configured: both coordinators (and the admin) are told at once.
    onCall = await t.user('COORDINATOR', 'First Coordinator');
    other = await t.user('COORDINATOR', 'Second Coordinator');
  });
  afterAll(() => t.stop());

  it('escalates an unacknowledged reach-out to every coordinator at the deadline, once', async () => {
    const member = await t.user('MEMBER', 'Member Waiting');
    const friend = await t.user('MEMBER', 'Friend Away');
    await ok(t, SET_CIRCLE, { i: { userIds: [friend.id] } }, member.token);
    const watch = subscribe(t.ws(other.token).client, UPDATED);
    const memberWatch = subscribe(t.ws(member.token).client, UPDATED);
    await sleep(300);
    const sent = await ok(t, REACH_OUT, {}, member.token);
    const id = sent.reachOut.reachOut.id;
    const createdAt = new Date(sent.reachOut.reachOut.createdAt);
    // Both have seen it open (each event is read when it is delivered) before the clock moves on.
    await memberWatch.waitFor(1);
    await watch.waitFor(1);
    const service = reachOuts(t);

    expect(await service.escalateDue(new Date(createdAt.getTime() + 10 * MINUTE - 1))).toEqual({ escalated: 0 });
    expect((await t.sql(`SELECT status FROM reach_outs WHERE id = $1`, [id]))[0].status).toBe('OPEN');

    const deadline = new Date(createdAt.getTime() + 10 * MINUTE);
    expect(await service.escalateDue(deadline)).toEqual({ escalated: 1 });
    const [row] = await t.sql(`SELECT status, escalated_at FROM reach_outs WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'ESCALATED', escalated_at: deadline });
    for (const c of await coordinatorIds(t)) {
      const told = (await notificationsOf(t, c, 'REACH_OUT_ESCALATED')).filter((n) => n.subject_id === id);
      expect(told).toEqual([
        {
          kind: 'REACH_OUT_ESCALATED',
          message: '{actor} reached out a little while ago and has not heard back yet.',
          actor_id: member.id,
          subject_id: id,
        },
      ]);
    }
    expect(await notificationsOf(t, member.id, 'REACH_OUT_ESCALATED')).toEqual([]);
    expect(await notificationsOf(t, friend.id, 'REACH_OUT_ESCALATED')).toEqual([]);
    const events = await watch.waitFor(2);
    expect(events.map((e) => e.data.reachOutUpdated.status)).toEqual(['OPEN', 'ESCALATED']);
    expect((await memberWatch.waitFor(2))[1].data.reachOutUpdated).toMatchObject({
      status: 'ESCALATED',
      escalatedAt: deadline.toISOString(),
    });

    // Later runs find nothing to do.
    expect(await service.escalateDue(new Date(deadline.getTime() + 60 * MINUTE))).toEqual({ escalated: 0 });

    // A coordinator it escalated to may acknowledge it; it keeps the time it escalated.
    const got = await ok(t, RECEIVED, {}, other.token);
    expect(got.viewer.reachOutsReceived.edges.map((e: any) => e.node.id)).toContain(id);
    const acked = await ok(t, ACKNOWLEDGE, { i: { reachOutId: id } }, other.token);
    expect(acked.acknowledgeReachOut.reachOut).toMatchObject({
      status: 'ACKNOWLEDGED',
      escalatedAt: deadline.toISOString(),
      acknowledgedBy: { id: other.id },
    });
  });

  it('never escalates one that was acknowledged or closed in time', async () => {
    const member = await t.user('MEMBER', 'Member Answered');
    const a = (await ok(t, REACH_OUT, {}, member.token)).reachOut.reachOut;
    const b = (await ok(t, REACH_OUT, {}, member.token)).reachOut.reachOut;
    await ok(t, ACKNOWLEDGE, { i: { reachOutId: a.id } }, onCall.token);
    await ok(
      t,
      `mutation($i: CloseReachOutInput!) { closeReachOut(input: $i) { reachOut { id } } }`,
      { i: { reachOutId: b.id } },
      member.token,
    );
    expect(await reachOuts(t).escalateDue(new Date(Date.now() + 60 * MINUTE))).toEqual({ escalated: 0 });
    const rows = await t.sql(`SELECT status, escalated_at FROM reach_outs WHERE id = ANY($1) ORDER BY status`, [
      [a.id, b.id],
    ]);
    expect(rows).toEqual([
      { status: 'ACKNOWLEDGED', escalated_at: null },
      { status: 'CLOSED', escalated_at: null },
    ]);
  });

  it('follows REACH_OUT_ESCALATE_MINUTES', async () => {
    const three = await t.another({ ...REACH_OUT_ENV, REACH_OUT_ESCALATE_MINUTES: '3' });
    const member = await t.user('MEMBER', 'Member Three Minutes');
    const sent = (await three.gql(REACH_OUT, {}, member.token)).data.reachOut.reachOut;
    const at = new Date(sent.createdAt).getTime();
    const service = reachOuts(three.app);
    expect(await service.escalateDue(new Date(at + 3 * MINUTE - 1))).toEqual({ escalated: 0 });
    expect(await service.escalateDue(new Date(at + 3 * MINUTE))).toEqual({ escalated: 1 });
  });

  it('escalates each reach-out exactly once when two instances run at the same time', async () => {
    const b = await t.another({ ...REACH_OUT_ENV });
    const members = await Promise.all([1, 2, 3, 4].map((n) => t.user('MEMBER', `Racing ${n}`)));
    const ids: string[] = [];
    for (const m of members)
      for (let i = 0; i < 3; i++) ids.push((await ok(t, REACH_OUT, {}, m.token)).reachOut.reachOut.id);
    const now = new Date(Date.now() + 11 * MINUTE);
    const [x, y] = await Promise.all([reachOuts(t).escalateDue(now), reachOuts(b.app).escalateDue(now)]);
    expect(x.escalated + y.escalated).toBe(ids.length);
    const rows = await t.sql(`SELECT status FROM reach_outs WHERE id = ANY($1)`, [ids]);
    expect(rows.every((r: any) => r.status === 'ESCALATED')).toBe(true);
    for (const c of await coordinatorIds(t)) {
      const told = (await notificationsOf(t, c, 'REACH_OUT_ESCALATED')).filter((n) => ids.includes(n.subject_id!));
      expect(told.map((n) => n.subject_id).sort()).toEqual([...ids].sort());
    }
  });
});

describe('escalation through the job queue, with two workers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ...REACH_OUT_ENV, JOBS: 'on' });
  });
  afterAll(() => t.stop());

  it('the reachouts.escalate job escalates each due reach-out once, whichever worker takes it', async () => {
    const b = await t.another({ ...REACH_OUT_ENV, JOBS: 'on' });
    await t.user('COORDINATOR', 'Queue Coordinator');
    const members = await Promise.all([1, 2, 3].map((n) => t.user('MEMBER', `Queued ${n}`)));
    const ids: string[] = [];
    for (const m of members)
      for (let i = 0; i < 2; i++) ids.push((await ok(t, REACH_OUT, {}, m.token)).reachOut.reachOut.id);
    // Their time is up.
    await t.sql(`UPDATE reach_outs SET escalate_at = now() - interval '1 second' WHERE id = ANY($1)`, [ids]);
    // Both instances send the job, several times: every worker may take one.
    for (let i = 0; i < 3; i++) {
      await t.app.jobs!.send('reachouts.escalate');
      await b.app.jobs!.send('reachouts.escalate');
    }
    expect(
      await until(
        async () =>
          (
            await t.sql(`SELECT count(*)::int AS n FROM reach_outs WHERE id = ANY($1) AND status = 'ESCALATED'`, [ids])
          )[0].n === ids.length,
      ),
    ).toBe(true);
    await sleep(1500);
    for (const c of await coordinatorIds(t)) {
      const told = (await notificationsOf(t, c, 'REACH_OUT_ESCALATED')).filter((n) => ids.includes(n.subject_id!));
      expect(told.map((n) => n.subject_id).sort()).toEqual([...ids].sort());
    }
  }, 45_000);
});
