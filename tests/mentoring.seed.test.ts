import { runSeed } from '../src/seed';
import { seedMentoring } from '../src/modules/mentoring/mentoring.seed';
import { startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('mentoring seed', () => {
  it('gives the demo mentors profiles, an active match, a proposal and a waiting request, and is safe to run twice', async () => {
    const ctx = await runSeed(t.app.composition);
    const deps = { mentoring: t.app.services.mentoring, sobriety: t.app.services.sobriety };
    await seedMentoring(deps, ctx);
    const snapshot = () =>
      t.sql(`SELECT u.email, r.status AS request, m.status AS match, mu.email AS mentor
               FROM mentor_requests r JOIN users u ON u.id = r.mentee_id
               LEFT JOIN mentor_matches m ON m.request_id = r.id LEFT JOIN users mu ON mu.id = m.mentor_id ORDER BY u.email`);
    const first = await snapshot();
    expect(first).toEqual([
      { email: 'jordan@onward.example', request: 'MATCHED', match: 'ACTIVE', mentor: 'maria@onward.example' },
      { email: 'lee@onward.example', request: 'WAITING', match: null, mentor: null },
      { email: 'sam@onward.example', request: 'PROPOSED', match: 'PROPOSED', mentor: 'dev@onward.example' },
    ]);
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM mentor_profiles p JOIN users u ON u.id = p.user_id WHERE u.is_mentor`,
      ),
    ).toEqual([{ n: 2 }]);
    await seedMentoring(deps, ctx);
    expect(await snapshot()).toEqual(first);
  });
});
