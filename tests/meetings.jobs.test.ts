import { sleep, startTestApp, type TestApp } from './helpers/harness';
import { createMeeting, inHours, MEETING_ENV, mentor, RSVP } from './helpers/meetings';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ...MEETING_ENV, JOBS: 'on' });
});
afterAll(() => t.stop());

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

describe('meeting jobs on pg-boss', () => {
  it('the reminder and series-horizon jobs run through the queue', async () => {
    const host = await mentor(t);
    const member = await t.user('MEMBER');
    const m = await createMeeting(t, host.token, { startsAt: inHours(0.5) });
    await t.gql(RSVP, { i: { meetingId: m.id } }, member.token);
    expect(await t.app.jobs!.send('meetings.send-reminders')).toEqual(expect.any(String));
    expect(
      await until(
        async () =>
          (await t.sql(`SELECT 1 FROM notifications WHERE kind = 'MEETING_REMINDER' AND user_id = $1`, [member.id]))
            .length === 1,
      ),
    ).toBe(true);

    // A series whose horizon fell behind is brought forward.
    const s = await createMeeting(t, host.token, { startsAt: inHours(24), recurrence: 'FREQ=DAILY', timeZone: 'UTC' });
    await t.sql(`DELETE FROM meetings WHERE series_id = $1 AND starts_at > now() + interval '3 days'`, [s.series.id]);
    await t.sql(`UPDATE meeting_series SET materialized_until = now() + interval '3 days' WHERE id = $1`, [
      s.series.id,
    ]);
    await t.app.jobs!.send('meetings.extend-series');
    expect(
      await until(
        async () =>
          (await t.sql(`SELECT count(*)::int AS n FROM meetings WHERE series_id = $1`, [s.series.id]))[0].n > 40,
      ),
    ).toBe(true);
  });
});
