import { runSeed } from '../src/seed';
import { seedDiscussions } from '../src/modules/discussions/discussions.seed';
import { startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('discussions seed', () => {
  it('creates threads with replies in the categories and a reported post in the queue, and is safe to run twice', async () => {
    const ctx = await runSeed(t.app.composition);
    const deps = { ds: t.app.ds, discussions: t.app.services.discussions, moderation: t.app.services.moderation };
    await seedDiscussions(deps, ctx);
    const snapshot = () =>
      t.sql(`SELECT c.slug, t.title, t.pinned, (SELECT count(*)::int FROM posts p WHERE p.thread_id = t.id) AS posts
               FROM threads t JOIN categories c ON c.id = t.category_id ORDER BY t.title`);
    const first = await snapshot();
    expect(new Set(first.map((r: any) => r.slug))).toEqual(
      new Set(['general', 'introductions', 'wins', 'hard-days', 'family', 'relapse-prevention']),
    );
    expect(first.every((r: any) => r.posts >= 2)).toBe(true);
    const queue = await t.sql(
      `SELECT causes::text[] AS causes FROM moderation_items WHERE status = 'OPEN' ORDER BY sort_rank`,
    );
    expect(queue).toEqual([{ causes: ['PRIVACY_BREACH'] }, { causes: ['REPORTED'] }]);
    await seedDiscussions(deps, ctx);
    expect(await snapshot()).toEqual(first);
  });
});
