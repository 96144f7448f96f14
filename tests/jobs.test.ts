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
