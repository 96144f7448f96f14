import { DateTime } from 'luxon';
import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { CANCEL, CREATE, MEETING_ENV, meetingInput, mentor, UPDATE } from './helpers/meetings';
import { expandOccurrences } from '../src/modules/meetings/meetings.recurrence';

let t: TestApp;
let host: TestUser;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  host = await mentor(t, 'Series host');
});
afterAll(() => t.stop());

async function occurrences(seriesId: string) {
  return t.sql<{
    id: string;
    starts_at: Date;
    title: string;
    status: string;
    capacity: number | null;
    detached: boolean;
  }>(`SELECT id, starts_at, title, status, capacity, detached FROM meetings WHERE series_id = $1 ORDER BY starts_at`, [
    seriesId,
  ]);
}

describe('recurring series', () => {
  it.each([
    // Tuesday 19:00 in New York, across 14 March and 7 November 2027.
    ['America/New_York', '2027-02-23T19:00:00-05:00', 'FREQ=WEEKLY;BYDAY=TU', 2, '19:00'],
    // Thursday 18:30 in Berlin, across 28 March and 31 October 2027.
    ['Europe/Berlin', '2027-02-25T18:30:00+01:00', 'FREQ=WEEKLY;BYDAY=TH', 4, '18:30'],
  ])(
    'a weekly series in %s keeps its local time across both DST changes',
    async (zone, startsAt, rule, weekday, time) => {
      const r = await t.gql(
        CREATE,
        { i: meetingInput({ startsAt, timeZone: zone, recurrence: rule, capacity: 20 }) },
        host.token,
      );
      expect(r.errors).toBeUndefined();
      const first = r.data.createMeeting.meeting;
      expect(first.series).toEqual({ id: expect.any(String), recurrence: rule, timeZone: zone });
      expect(first.startsAt).toBe(new Date(startsAt).toISOString());

      // The horizon job, run every four weeks from February to late November 2027, fills in the year.
      let created = 0;
      for (
        let at = new Date('2027-02-01T12:00:00Z');
        at < new Date('2027-11-21T00:00:00Z');
        at = new Date(at.getTime() + 28 * 24 * 3600_000)
      ) {
        created += (await t.app.services.meetings.extendSeriesHorizon(at)).created;
      }
      created += (await t.app.services.meetings.extendSeriesHorizon(new Date('2027-11-20T12:00:00Z'))).created;
      expect(created).toBeGreaterThan(40);
      const again = await t.app.services.meetings.extendSeriesHorizon(new Date('2027-11-20T12:00:00Z'));
      expect(again.created).toBe(0);

      const rows = await occurrences(first.series.id);
      expect(rows.length).toBeGreaterThan(40);
      const offsets = new Set<number>();
      for (const [i, row] of rows.entries()) {
        const local = DateTime.fromJSDate(row.starts_at, { zone });
        expect(local.toFormat('HH:mm')).toBe(time);
        expect(local.weekday).toBe(weekday);
        if (i > 0)
          expect(local.diff(DateTime.fromJSDate(rows[i - 1].starts_at, { zone }), 'days').days).toBeCloseTo(7, 1);
        offsets.add(local.offset);
      }
      // Both the winter and the summer offsets were crossed.
      expect(offsets.size).toBe(2);
      expect(DateTime.fromJSDate(rows[rows.length - 1].starts_at).toISO()! > '2027-11-08').toBe(true);
    },
  );

  it('two horizon runs at once create each occurrence once', async () => {
    const r = await t.gql(
      CREATE,
      { i: meetingInput({ startsAt: '2027-03-01T09:00:00Z', timeZone: 'UTC', recurrence: 'FREQ=DAILY' }) },
      host.token,
    );
    const id = r.data.createMeeting.meeting.series.id;
    const now = new Date('2027-03-20T00:00:00Z');
    const runs = await Promise.all([1, 2, 3].map(() => t.app.services.meetings.extendSeriesHorizon(now)));
    const rows = await occurrences(id);
    expect(new Set(rows.map((x) => +x.starts_at)).size).toBe(rows.length);
    expect(runs.reduce((n, x) => n + x.created, 0)).toBe(rows.length - 1);
  });

  it('one occurrence is edited or cancelled alone; a FUTURE edit changes this and later ones, and the series', async () => {
    const start = DateTime.now().plus({ days: 2 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
    const r = await t.gql(
      CREATE,
      {
        i: meetingInput({
          startsAt: start.toISO(),
          timeZone: 'America/Chicago',
          recurrence: 'FREQ=WEEKLY',
          capacity: 10,
        }),
      },
      host.token,
    );
    expect(r.errors).toBeUndefined();
    const seriesId = r.data.createMeeting.meeting.series.id;
    let rows = await occurrences(seriesId);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    const [o1, o2, o3, o4, o5] = rows;

    const alone = await t.gql(UPDATE, { i: { meetingId: o3.id, title: 'Special speaker' } }, host.token);
    expect(alone.data.updateMeeting.meeting.title).toBe('Special speaker');
    await t.gql(CANCEL, { i: { meetingId: o5.id, reason: 'Holiday' } }, host.token);
    const future = await t.gql(
      UPDATE,
      { i: { meetingId: o2.id, scope: 'FUTURE', title: 'Alumni circle', capacity: 5 } },
      host.token,
    );
    expect(future.errors).toBeUndefined();
    rows = await occurrences(seriesId);
    const byId = new Map(rows.map((x) => [x.id, x]));
    expect(byId.get(o1.id)).toMatchObject({ title: 'Tuesday alumni meeting', capacity: 10 });
    expect(byId.get(o2.id)).toMatchObject({ title: 'Alumni circle', capacity: 5 });
    expect(byId.get(o3.id)).toMatchObject({ title: 'Special speaker', capacity: 10, detached: true });
    expect(byId.get(o4.id)).toMatchObject({ title: 'Alumni circle', capacity: 5 });
    expect(byId.get(o5.id)).toMatchObject({ status: 'CANCELLED' });
    expect(rows.slice(5).every((x) => x.title === 'Alumni circle' && x.status === 'SCHEDULED')).toBe(true);

    // New occurrences follow the edited series; the cancelled one is not brought back.
    await t.app.services.meetings.extendSeriesHorizon(new Date(Date.now() + 30 * 24 * 3600_000));
    const later = await occurrences(seriesId);
    expect(later.length).toBeGreaterThan(rows.length);
    expect(later.slice(rows.length).every((x) => x.title === 'Alumni circle' && x.capacity === 5)).toBe(true);
    expect(later.find((x) => x.id === o5.id)!.status).toBe('CANCELLED');

    // Moving occurrences is one at a time.
    const move = await t.gql(
      UPDATE,
      { i: { meetingId: o4.id, scope: 'FUTURE', startsAt: start.plus({ days: 30 }).toISO() } },
      host.token,
    );
    expect(codes(move)).toEqual(['BAD_USER_INPUT']);
    const single = await t.gql(
      UPDATE,
      {
        i: {
          meetingId: (await t.gql(CREATE, { i: meetingInput() }, host.token)).data.createMeeting.meeting.id,
          scope: 'FUTURE',
          title: 'x',
        },
      },
      host.token,
    );
    expect(single.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scope' });
  });

  it('expands in wall-clock time (pure function)', () => {
    const at = expandOccurrences(
      'FREQ=WEEKLY;BYDAY=SU',
      '2027-03-07T02:30:00',
      'America/New_York',
      new Date('2027-03-01T00:00:00Z'),
      new Date('2027-03-22T00:00:00Z'),
    );
    // 14 March 02:30 does not exist in New York: it becomes 03:30 EDT.
    expect(at.map((d) => DateTime.fromJSDate(d, { zone: 'America/New_York' }).toFormat('MM-dd HH:mm'))).toEqual([
      '03-07 02:30',
      '03-14 03:30',
      '03-21 02:30',
    ]);
  });
});
