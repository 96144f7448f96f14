import fc from 'fast-check';
import {
  addMonths,
  daysSober,
  milestoneAt,
  milestonesBetween,
  milestonesReached,
  nextMilestone,
  todayIn,
} from '../src/modules/sobriety/milestones';

const LABELS = [
  '24 hours',
  '30 days',
  '60 days',
  '90 days',
  '6 months',
  '9 months',
  '1 year',
  '18 months',
  '2 years',
  '3 years',
];

describe('milestones: known cases', () => {
  it.each([
    ['2025-01-31', '24 hours', '2025-02-01'],
    ['2025-01-31', '30 days', '2025-03-02'],
    ['2025-01-31', '60 days', '2025-04-01'],
    ['2025-01-31', '90 days', '2025-05-01'],
    ['2025-08-31', '6 months', '2026-02-28'],
    ['2023-08-31', '6 months', '2024-02-29'],
    ['2025-05-31', '9 months', '2026-02-28'],
    ['2024-02-29', '1 year', '2025-02-28'],
    ['2024-02-29', '18 months', '2025-08-29'],
    ['2024-02-29', '2 years', '2026-02-28'],
    ['2024-02-29', '4 years', '2028-02-29'],
    ['2025-12-31', '24 hours', '2026-01-01'],
    ['2025-03-08', '24 hours', '2025-03-09'], // the night clocks jump in America/New_York
    ['2025-10-25', '24 hours', '2025-10-26'], // the night clocks fall back in Europe/Berlin
    ['1900-01-01', '1 year', '1901-01-01'],
    ['2020-06-15', '10 years', '2030-06-15'],
  ])('from %s, %s falls on %s', (start, label, date) => {
    const all = milestonesReached(start, '2100-01-01');
    expect(all.find((m) => m.label === label)?.date).toBe(date);
  });

  it('uses the labels of the contract, in order', () => {
    expect(Array.from({ length: 10 }, (_, i) => milestoneAt('2020-01-01', i).label)).toEqual(LABELS);
  });

  it('month arithmetic clamps to the end of the month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
  });

  it('between, next and days', () => {
    expect(milestonesBetween('2025-01-01', '2025-01-02', '2025-03-02').map((m) => m.label)).toEqual([
      '30 days',
      '60 days',
    ]);
    expect(milestonesBetween('2025-01-01', null, '2025-01-01')).toEqual([]);
    expect(milestonesBetween('2025-01-01', null, '2025-01-02')).toEqual([{ label: '24 hours', date: '2025-01-02' }]);
    expect(nextMilestone('2025-01-01', '2025-01-01')).toEqual({ label: '24 hours', date: '2025-01-02' });
    expect(nextMilestone('2025-01-01', '2025-01-31')).toEqual({ label: '60 days', date: '2025-03-02' });
    expect(nextMilestone('2020-01-01', '2025-06-01')).toEqual({ label: '6 years', date: '2026-01-01' });
    expect(daysSober('2025-01-01', '2025-01-01')).toBe(0);
    expect(daysSober('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysSober('2025-03-01', '2025-03-31')).toBe(30);
  });

  it('today is the calendar date in the member’s zone', () => {
    const now = new Date('2025-03-09T04:30:00Z');
    expect(todayIn('America/New_York', now)).toBe('2025-03-08');
    expect(todayIn('Europe/Berlin', now)).toBe('2025-03-09');
    expect(todayIn('Pacific/Apia', new Date('2025-01-01T10:30:00Z'))).toBe('2025-01-01');
    expect(todayIn('Pacific/Apia', new Date('2025-01-01T11:30:00Z'))).toBe('2025-01-02');
    expect(todayIn('Pacific/Kiritimati', new Date('2025-01-01T09:59:00Z'))).toBe('2025-01-01');
    expect(todayIn('Pacific/Kiritimati', new Date('2025-01-01T10:00:00Z'))).toBe('2025-01-02');
    // Samoa skipped 30 Dec 2011 entirely.
    expect(todayIn('Pacific/Apia', new Date('2011-12-30T10:30:00Z'))).toBe('2011-12-31');
    expect(() => todayIn('Mars/Olympus_Mons', now)).toThrow();
  });
});

const dateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
// Leap years from 1904 to 2096 (2000 included; 1900 and 2100 are not leap years).
const leapDayArb = fc.integer({ min: 0, max: 48 }).map((k) => `${1904 + 4 * k}-02-29`);
const monthEndArb = fc
  .tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Pacific/Apia',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/St_Johns',
  'Africa/Casablanca',
];
// Instants around DST transitions of New York and Berlin, and Lord Howe's half-hour shift.
const transitionArb = fc
  .constantFrom(
    '2025-03-09T07:00:00Z',
    '2025-11-02T06:00:00Z',
    '2025-03-30T01:00:00Z',
    '2025-10-26T01:00:00Z',
    '2025-04-05T15:00:00Z',
    '2025-10-04T15:30:00Z',
  )
  .chain((iso) =>
    fc.integer({ min: -3 * 3600, max: 3 * 3600 }).map((s) => new Date(new Date(iso).getTime() + s * 1000)),
  );

describe('milestones: properties', () => {
  const startArb = fc.oneof(dateArb, leapDayArb, monthEndArb);

  it('are strictly increasing, without duplicate labels or dates, all after the start', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        const all = Array.from({ length: 40 }, (_, i) => milestoneAt(start, i));
        for (let i = 1; i < all.length; i++) expect(all[i].date > all[i - 1].date).toBe(true);
        expect(all[0].date > start).toBe(true);
        expect(new Set(all.map((m) => m.label)).size).toBe(all.length);
      }),
    );
  });

  it('between(a, b] ∪ between(b, c] = between(a, c], and next is the first after today', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 9000 }), (start, x, y) => {
        const base = new Date(`${start}T00:00:00Z`).getTime();
        const [b, c] = [Math.min(x, y), Math.max(x, y)].map((n) =>
          new Date(base + n * 86_400_000).toISOString().slice(0, 10),
        );
        const joined = [...milestonesBetween(start, start, b), ...milestonesBetween(start, b, c)];
        expect(joined).toEqual(milestonesReached(start, c));
        const next = nextMilestone(start, c);
        expect(next.date > c).toBe(true);
        expect(milestonesReached(start, next.date).at(-1)).toEqual(next);
        expect(daysSober(start, c)).toBe(Math.max(x, y));
      }),
    );
  });

  it('a yearly anniversary keeps month and day, except 29 Feb in common years → 28 Feb', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 60 }), (start, years) => {
        const m = milestonesReached(start, '2200-01-01').find(
          (x) => x.label === (years === 1 ? '1 year' : `${years} years`),
        )!;
        const y = Number(start.slice(0, 4)) + years;
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const md = start.slice(5) === '02-29' && !leap ? '02-28' : start.slice(5);
        expect(m.date).toBe(`${y}-${md}`);
      }),
    );
  });

  it('month milestones clamp to the month end and never spill into the next month', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        for (const [i, months] of [
          [4, 6],
          [5, 9],
          [7, 18],
        ] as const) {
          const { date } = milestoneAt(start, i);
          const idx = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + months;
          expect(Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1).toBe(idx);
          expect(Number(date.slice(8))).toBeLessThanOrEqual(Number(start.slice(8)));
        }
      }),
    );
  });

  it('today in a zone is that zone’s wall-clock date, including across DST transitions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.oneof(
          transitionArb,
          fc.date({ min: new Date('1970-01-01Z'), max: new Date('2060-01-01Z'), noInvalidDate: true }),
        ),
        (zone, now) => {
          const parts = new Intl.DateTimeFormat('en-CA', {
            timeZone: zone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
          }).format(now);
          expect(todayIn(zone, now)).toBe(parts);
          // One hour later is the same day or the next one, never a skipped or repeated day.
          const later = todayIn(zone, new Date(now.getTime() + 3600_000));
          const diff = daysSober(todayIn(zone, now), later);
          expect([0, 1]).toContain(diff);
        },
      ),
    );
  });

  it('a milestone is reached on the member’s local date, whatever the zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), transitionArb, (zone, now) => {
        const today = todayIn(zone, now);
        const start = addMonths(today, -1);
        const reached = milestonesReached(start, today);
        expect(reached.every((m) => m.date <= today)).toBe(true);
        expect(nextMilestone(start, today).date > today).toBe(true);
      }),
    );
  });
});
