import { DEMO_PASSWORD, DEMO_PEOPLE, runSeed } from '../src/seed';
import { startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('demo seed', () => {
  it('fills the program, can run twice, and every documented log-in works', async () => {
    await runSeed(t.app.composition);
    await runSeed(t.app.composition);
    for (const p of DEMO_PEOPLE) {
      const r = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { viewer { role isMentor } } }`, {
        i: { email: p.email, password: DEMO_PASSWORD },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.logIn.viewer).toEqual({ role: p.role, isMentor: !!p.mentor });
    }
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@onward.example'`);
    expect(n).toBe(DEMO_PEOPLE.length);
    // Sam's ally sees Sam, and Sam's proof link opens.
    const rosa = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: 'rosa@onward.example', password: DEMO_PASSWORD },
    });
    const seen = await t.gql(`{ viewer { allyOf { member { displayName } } } }`, {}, rosa.data.logIn.token);
    expect(seen.data.viewer.allyOf.member.displayName).toBe('Sam R.');
    const proof = await fetch(`${t.url.replace(/\/graphql$/, '')}/proofs/demo-proof-of-attendance-for-sam-r-2026`);
    expect(proof.status).toBe(200);
    expect((await proof.json()).memberName).toBe('Sam R.');
  });
});
