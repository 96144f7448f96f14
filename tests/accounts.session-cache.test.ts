import { codes, PASSWORD, startTestApp, type TestApp } from './helpers/harness';
import { countQueries } from './helpers/meetings';

// Instances keep the sessions they read; these tests change sessions and people behind
// their backs (another instance, an operator in psql) and expect the very next request to know.
const VIEWER = `{ viewer { id displayName role } }`;
const COORDINATORS_ONLY = `{ moderationQueue(first: 1) { edges { node { id } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function waitUntil(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the session an instance keeps in memory', () => {
  it('serves a repeated signed-in read without asking the database who it is', async () => {
    const sam = await t.user('MEMBER', 'Sam Cache');
    await t.gql(VIEWER, {}, sam.token);
    const { result, count } = await countQueries(t, () => t.gql(`{ viewer { id } }`, {}, sam.token));
    expect(result.data.viewer.id).toBe(sam.id);
    expect(count).toBe(0);
  });

  it('answers the first request after signing in without reading back the session it opened', async () => {
    const sam = await t.user('MEMBER', 'Sam Fresh');
    const logIn = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: sam.email, password: PASSWORD },
    });
    const token = logIn.data.logIn.token as string;
    const { result, queries } = await countQueries(t, () => t.gql(`{ viewer { id } }`, {}, token));
    expect(result.data.viewer.id).toBe(sam.id);
    // Their own record is read (it is not the session's); the session is not.
    expect(queries.filter((q) => /\bsessions\b/.test(q))).toEqual([]);
    expect(queries).toHaveLength(1);
    // What it keeps of that session goes as any other does: suspended in the database, refused.
    await t.sql(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [sam.id]);
    await waitUntil(async () => codes(await t.gql(VIEWER, {}, token))[0] === 'UNAUTHENTICATED', 2000);
  });

  it('drops a session revoked in the database before the next request', async () => {
    const sam = await t.user();
    expect((await t.gql(VIEWER, {}, sam.token)).data.viewer.id).toBe(sam.id);
    await t.sql(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [sam.id]);
    const after = await t.gql(VIEWER, {}, sam.token);
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends a session on this instance at once when the app suspends its person', async () => {
    const sam = await t.user();
    const coordinator = await t.user('COORDINATOR');
    expect((await t.gql(VIEWER, {}, sam.token)).data.viewer.id).toBe(sam.id);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const r = await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: sam.id, until, reason: 'Cooling off' } },
      coordinator.token,
    );
    expect(r.errors).toBeUndefined();
    expect(codes(await t.gql(VIEWER, {}, sam.token))).toEqual(['UNAUTHENTICATED']);
  });

  it('sees a role, a name or a suspension changed straight in the database within moments', async () => {
    const sam = await t.user('MEMBER', 'Sam Before');
    expect(codes(await t.gql(COORDINATORS_ONLY, {}, sam.token))).toEqual(['FORBIDDEN']);
    await t.sql(`UPDATE users SET role = 'COORDINATOR', display_name = 'Sam After' WHERE id = $1`, [sam.id]);
    await waitUntil(async () => (await t.gql(COORDINATORS_ONLY, {}, sam.token)).errors === undefined, 2000);
    expect((await t.gql(VIEWER, {}, sam.token)).data.viewer).toMatchObject({
      displayName: 'Sam After',
      role: 'COORDINATOR',
    });
    await t.sql(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [sam.id]);
    await waitUntil(async () => codes(await t.gql(VIEWER, {}, sam.token))[0] === 'UNAUTHENTICATED', 2000);
  });

  it('keeps nothing while change notifications cannot reach it, and caches again once they do', async () => {
    const sam = await t.user();
    await t.gql(VIEWER, {}, sam.token);
    const listeners = async () =>
      t.sql<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN onward_accounts'`,
      );
    const [first] = await listeners();
    await t.sql(`SELECT pg_terminate_backend($1)`, [first.pid]);
    // A change while the listener is down is never announced to it: what it held must go.
    await t.sql(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [sam.id]);
    await waitUntil(async () => (await listeners()).some((l) => l.pid !== first.pid));
    expect(codes(await t.gql(VIEWER, {}, sam.token))).toEqual(['UNAUTHENTICATED']);
    const kim = await t.user();
    await t.gql(VIEWER, {}, kim.token);
    const { count } = await countQueries(t, () => t.gql(`{ viewer { id } }`, {}, kim.token));
    expect(count).toBe(0);
  });
  it('a sign-out on one instance ends the session on another within moments', async () => {
    const other = await t.another();
    const sam = await t.user();
    expect((await other.gql(VIEWER, {}, sam.token)).data.viewer.id).toBe(sam.id);
    expect((await t.gql(`mutation { logOut }`, {}, sam.token)).data.logOut).toBe(true);
    // On the instance that signed out: at once.
    expect(codes(await t.gql(VIEWER, {}, sam.token))).toEqual(['UNAUTHENTICATED']);
    const began = Date.now();
    await waitUntil(async () => codes(await other.gql(VIEWER, {}, sam.token))[0] === 'UNAUTHENTICATED', 2000);
    expect(Date.now() - began).toBeLessThan(2000);
  });
});
