import { sleep, startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ JOBS: 'on' });
});
afterAll(() => t.stop());

describe('background jobs (pg-boss)', () => {
  it('runs the clean-up of expired sessions and invitations through the queue', async () => {
    const u = await t.user('MEMBER');
    await t.sql(`UPDATE sessions SET expires_at = now() - interval '2 days' WHERE user_id = $1`, [u.id]);
    const admin = await t.admin();
    await t.sql(
      `INSERT INTO invitations (email, role, code_hash, invited_by_id, expires_at) VALUES ('old@example.org', 'MEMBER', 'x', $1, now() - interval '60 days')`,
      [admin.id],
    );
    expect(await t.app.jobs!.send('accounts.cleanup-expired')).toEqual(expect.any(String));
    const deadline = Date.now() + 15_000;
    let left = -1;
    while (Date.now() < deadline) {
      const [row] = await t.sql(
        `SELECT (SELECT count(*) FROM sessions WHERE user_id = $1)::int + (SELECT count(*) FROM invitations WHERE email = 'old@example.org')::int AS n`,
        [u.id],
      );
      left = row.n;
      if (left === 0) break;
      await sleep(250);
    }
    expect(left).toBe(0);
  });
});

describe('a restart in the middle of a job', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await startTestApp({ JOBS: 'on', JOBS_MAINTENANCE_SECONDS: '1' });
  });
  afterAll(() => r.stop());

  it('a job queued while no worker runs is done once a worker starts', async () => {
    const queue = 'test.queued-while-down';
    const b = await r.another({ JOBS: 'on' });
    await b.app.jobs!.register(queue, async () => undefined);
    await b.app.jobs!.stop(1000); // the only worker goes away
    await r.app.jobs!.send(queue, { n: 1 });
    const runs: number[] = [];
    await r.app.jobs!.register(queue, async (data) => {
      runs.push(Number(data.n));
    });
    const deadline = Date.now() + 15_000;
    while (!runs.length && Date.now() < deadline) await sleep(200);
    expect(runs).toEqual([1]);
  });

  it('a job whose instance stops mid-way is run again by another instance', async () => {
    const queue = 'test.survives-restart';
    const a = await r.another({ JOBS: 'on', JOBS_MAINTENANCE_SECONDS: '1' });
    const runs: string[] = [];
    let started!: () => void;
    const startedOnA = new Promise<void>((resolve) => (started = resolve));
    await a.app.jobs!.register(
      queue,
      async () => {
        runs.push('A');
        started();
        await new Promise(() => undefined); // the instance dies before this finishes
      },
      { expireInSeconds: 2 },
    );
    await a.app.jobs!.send(queue, {});
    await startedOnA;
    await a.app.jobs!.stop(100);
    await r.app.jobs!.register(
      queue,
      async () => {
        runs.push('B');
      },
      { expireInSeconds: 2 },
    );
    const deadline = Date.now() + 30_000;
    while (!runs.includes('B') && Date.now() < deadline) await sleep(250);
    expect(runs).toEqual(['A', 'B']);
  }, 45_000);
});
