import { runSeed } from '../src/seed';
import { seedMeetings } from '../src/modules/meetings/meetings.seed';
import { startTestApp, type TestApp } from './helpers/harness';
import { MEETING_ENV } from './helpers/meetings';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
});
afterAll(() => t.stop());

describe('meetings seed', () => {
  it('creates a weekly series, a full meeting with a waitlist and an online meeting, once', async () => {
    const ctx = await runSeed(t.app.composition);
    const deps = { meetings: t.app.services.meetings, ds: t.app.ds };
    await seedMeetings(deps, ctx);
    await seedMeetings(deps, ctx);
    const [series] = await t.sql(
      `SELECT count(*)::int AS n FROM meeting_series WHERE recurrence = 'FREQ=WEEKLY;BYDAY=TU'`,
    );
    expect(series.n).toBe(1);
    const [occurrences] = await t.sql(`SELECT count(*)::int AS n FROM meetings WHERE series_id IS NOT NULL AND listed`);
    expect(occurrences.n).toBeGreaterThanOrEqual(7);
    const [full] = await t.sql(
      `SELECT going_count, waitlist_count, capacity FROM meetings WHERE title = 'Step study, small group'`,
    );
    expect(full).toEqual({ going_count: 2, waitlist_count: 1, capacity: 2 });
    const [online] = await t.sql(`SELECT format, capacity FROM meetings WHERE title = 'Online evening share'`);
    expect(online).toEqual({ format: 'ONLINE', capacity: null });
  });
});
