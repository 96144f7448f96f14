import { runSeed } from '../src/seed';
import { seedSobriety } from '../src/modules/sobriety/sobriety.seed';
import { startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('sobriety seed', () => {
  it('gives demo members every visibility and milestones near today, and is safe to run twice', async () => {
    const ctx = await runSeed(t.app.composition);
    const deps = { sobriety: t.app.services.sobriety };
    await seedSobriety(deps, ctx);
    const snapshot = () =>
      t.sql(`SELECT u.email, j.visibility, j.is_current, (SELECT count(*)::int FROM sobriety_milestones m WHERE m.journey_id = j.id) AS milestones
               FROM sobriety_journeys j JOIN users u ON u.id = j.user_id ORDER BY u.email`);
    const first = await snapshot();
    expect(new Set(first.map((r: any) => r.visibility))).toEqual(
      new Set(['PRIVATE', 'MENTOR', 'COORDINATORS', 'NETWORK']),
    );
    expect(first.every((r: any) => r.is_current && r.milestones > 0)).toBe(true);
    const announced = await t.sql(`SELECT label FROM sobriety_milestones WHERE announced ORDER BY label`);
    expect(announced.length).toBeGreaterThanOrEqual(4);
    expect((await t.sql(`SELECT count(*)::int AS n FROM milestone_congratulations`))[0].n).toBe(1);
    await seedSobriety(deps, ctx);
    expect(await snapshot()).toEqual(first);
    expect((await t.sql(`SELECT count(*)::int AS n FROM milestone_congratulations`))[0].n).toBe(1);
  });
});
