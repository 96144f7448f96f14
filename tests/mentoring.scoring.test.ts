import fc from 'fast-check';
import { ScorePart, UnmatchedReason } from '../src/modules/mentoring/mentoring.enums';
import { deferredAcceptance, prefers, type MatchingInstance } from '../src/modules/mentoring/mentoring.matching';
import {
  ineligibility,
  overlapMinutes,
  scoreMentor,
  type MentorFacts,
  type PairFacts,
  type RequestFacts,
} from '../src/modules/mentoring/mentoring.scoring';

// A winter instant: Chicago is UTC-6, New York UTC-5, Berlin UTC+1.
const NOW = new Date('2026-01-14T12:00:00Z');

const mentor = (over: Partial<MentorFacts> = {}): MentorFacts => ({
  id: 'm1',
  timeZone: 'America/Chicago',
  focusAreas: ['ALCOHOL', 'FAMILY'],
  languages: ['en'],
  availability: [{ weekday: 2, startTime: '18:00', endTime: '21:00' }],
  gender: 'WOMAN',
  capacity: 4,
  activeCount: 1,
  acceptingMentees: true,
  approved: true,
  suspended: false,
  soberDays: 800,
  ...over,
});
const request = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  menteeId: 'r1',
  timeZone: 'America/Chicago',
  focusAreas: ['ALCOHOL'],
  languages: ['en'],
  requireLanguage: false,
  sameGenderOnly: false,
  menteeGender: null,
  availability: [],
  ...over,
});
const pair = (over: Partial<PairFacts> = {}): PairFacts => ({
  blocked: false,
  endedBefore: false,
  askedBefore: false,
  ...over,
});
const part = (r: RequestFacts, m: MentorFacts, p: ScorePart) =>
  scoreMentor(r, m, NOW).reasons.find((x) => x.part === p)!;

describe('scoreMentor, part by part', () => {
  it('focus areas: 10 points per shared area, at most 3 counted', () => {
    expect(part(request({ focusAreas: ['OPIOIDS'] }), mentor(), ScorePart.FOCUS_AREAS).points).toBe(0);
    const two = part(request({ focusAreas: ['ALCOHOL', 'FAMILY', 'TRAUMA'] }), mentor(), ScorePart.FOCUS_AREAS);
    expect(two.points).toBe(20);
    expect(two.detail).toBe('Shares 2 focus areas: Alcohol, Family and relationships');
    const all = ['ALCOHOL', 'FAMILY', 'TRAUMA', 'PARENTING'];
    expect(part(request({ focusAreas: all }), mentor({ focusAreas: all }), ScorePart.FOCUS_AREAS).points).toBe(30);
  });

  it('language: 15 points for a shared language, none otherwise', () => {
    expect(part(request({ languages: ['es', 'en'] }), mentor(), ScorePart.LANGUAGE)).toMatchObject({
      points: 15,
      detail: 'Both speak en',
    });
    expect(part(request({ languages: ['es'] }), mentor(), ScorePart.LANGUAGE).points).toBe(0);
    expect(part(request({ languages: [] }), mentor(), ScorePart.LANGUAGE).detail).toBe('No language asked for');
  });

  it('availability: weekly hours in common, across time zones', () => {
    // Tuesday 17:00-20:00 in Chicago is 18:00-21:00 in New York: all three hours meet.
    const ny = mentor({ timeZone: 'America/New_York' });
    const chicago = request({ availability: [{ weekday: 2, startTime: '17:00', endTime: '20:00' }] });
    expect(part(chicago, ny, ScorePart.AVAILABILITY)).toMatchObject({ points: 3, detail: '3 hours a week in common' });
    // Tuesday 18:00 in Berlin is noon in New York: nothing in common.
    const berlin = request({
      timeZone: 'Europe/Berlin',
      availability: [{ weekday: 2, startTime: '18:00', endTime: '21:00' }],
    });
    expect(part(berlin, ny, ScorePart.AVAILABILITY).points).toBe(0);
    // No availability given by the mentee: waking hours (08:00-22:00) in their zone.
    expect(part(request(), mentor(), ScorePart.AVAILABILITY).points).toBe(3);
    // At most 20 points.
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '00:00', endTime: '24:00' }));
    expect(
      part(request({ availability: always }), mentor({ availability: always }), ScorePart.AVAILABILITY).points,
    ).toBe(20);
    expect(part(request(), mentor({ availability: [] }), ScorePart.AVAILABILITY).points).toBe(0);
  });

  it('availability wraps around the week: Sunday night in Chicago is Monday morning in UTC', () => {
    const sundayNight = [{ weekday: 7, startTime: '22:00', endTime: '24:00' }];
    const mondayMorningUtc = [{ weekday: 1, startTime: '04:00', endTime: '06:00' }];
    expect(overlapMinutes(sundayNight, 'America/Chicago', mondayMorningUtc, 'UTC', NOW)).toBe(120);
    // Overlapping slots of one person are not counted twice.
    const doubled = [...sundayNight, { weekday: 7, startTime: '21:00', endTime: '23:00' }];
    expect(overlapMinutes(doubled, 'America/Chicago', mondayMorningUtc, 'UTC', NOW)).toBe(120);
  });

  it('time zone: 10 points minus the hours apart', () => {
    expect(part(request(), mentor(), ScorePart.TIME_ZONE)).toMatchObject({ points: 10, detail: 'Same time of day' });
    expect(part(request(), mentor({ timeZone: 'America/New_York' }), ScorePart.TIME_ZONE)).toMatchObject({
      points: 9,
      detail: '1 hour apart',
    });
    expect(part(request({ timeZone: 'Europe/Berlin' }), mentor(), ScorePart.TIME_ZONE).points).toBe(3);
    expect(part(request({ timeZone: 'Asia/Tokyo' }), mentor(), ScorePart.TIME_ZONE).points).toBe(0);
  });

  it("sober time: 2 points per full year of the mentor's journey, at most 10", () => {
    expect(part(request(), mentor({ soberDays: 800 }), ScorePart.SOBER_TIME).points).toBe(4);
    expect(part(request(), mentor({ soberDays: 4000 }), ScorePart.SOBER_TIME).points).toBe(10);
    expect(part(request(), mentor({ soberDays: null }), ScorePart.SOBER_TIME).points).toBe(0);
  });

  it('capacity: up to 5 points for the share of places still free', () => {
    expect(part(request(), mentor({ capacity: 4, activeCount: 1 }), ScorePart.CAPACITY)).toMatchObject({
      points: 4,
      detail: '3 of 4 places free',
    });
    expect(part(request(), mentor({ capacity: 4, activeCount: 0 }), ScorePart.CAPACITY).points).toBe(5);
    expect(part(request(), mentor({ capacity: 4, activeCount: 4 }), ScorePart.CAPACITY).points).toBe(0);
  });

  it('the score is the sum of the named parts, each part once', () => {
    const { score, reasons } = scoreMentor(request({ focusAreas: ['ALCOHOL', 'FAMILY'] }), mentor(), NOW);
    expect(reasons.map((r) => r.part).sort()).toEqual(Object.values(ScorePart).sort());
    expect(score).toBe(reasons.reduce((s, r) => s + r.points, 0));
    expect(score).toBe(20 + 15 + 3 + 10 + 4 + 4);
  });
});

describe('ineligibility', () => {
  it('names each hard limit', () => {
    expect(ineligibility(request(), mentor(), pair())).toBeNull();
    expect(ineligibility(request({ menteeId: 'm1' }), mentor(), pair())).toBe('SELF');
    expect(ineligibility(request(), mentor({ approved: false }), pair())).toBe('NOT_APPROVED');
    expect(ineligibility(request(), mentor({ suspended: true }), pair())).toBe('SUSPENDED');
    expect(ineligibility(request(), mentor(), pair({ menteeSuspended: true }))).toBe('SUSPENDED');
    expect(ineligibility(request(), mentor(), pair({ blocked: true }))).toBe('BLOCKED');
    expect(ineligibility(request(), mentor(), pair({ endedBefore: true }))).toBe('ENDED_BEFORE');
    expect(ineligibility(request(), mentor(), pair({ askedBefore: true }))).toBe('ASKED_BEFORE');
    expect(ineligibility(request(), mentor({ acceptingMentees: false }), pair())).toBe('NOT_ACCEPTING');
    expect(ineligibility(request(), mentor({ capacity: 2, activeCount: 2 }), pair())).toBe('AT_CAPACITY');
    expect(ineligibility(request({ languages: ['es'], requireLanguage: true }), mentor(), pair())).toBe(
      'NO_SHARED_LANGUAGE',
    );
    expect(ineligibility(request({ languages: ['es'], requireLanguage: false }), mentor(), pair())).toBeNull();
    expect(ineligibility(request({ sameGenderOnly: true, menteeGender: 'MAN' }), mentor(), pair())).toBe('GENDER');
    expect(ineligibility(request({ sameGenderOnly: true, menteeGender: 'WOMAN' }), mentor(), pair())).toBeNull();
    expect(
      ineligibility(request({ sameGenderOnly: true, menteeGender: 'WOMAN' }), mentor({ gender: null }), pair()),
    ).toBe('GENDER');
  });
});

const instances = fc
  .record({
    requests: fc.integer({ min: 0, max: 7 }),
    capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }),
    seed: fc.array(fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), { minLength: 28, maxLength: 28 }),
  })
  .map(({ requests, capacities, seed }): MatchingInstance => {
    const rs = Array.from({ length: requests }, (_, i) => ({ id: `r${i}` }));
    const ms = capacities.map((capacity, j) => ({ id: `m${j}`, capacity }));
    const pairs: MatchingInstance['pairs'][number][] = [];
    rs.forEach((r, i) =>
      ms.forEach((m, j) => {
        const s = seed[i * 4 + j];
        if (s !== null) pairs.push({ requestId: r.id, mentorId: m.id, score: s });
      }),
    );
    return { requests: rs, mentors: ms, pairs };
  });

describe('deferredAcceptance (property-based)', () => {
  it('keeps capacity, matches only eligible pairs, places every request once and leaves no blocking pair', () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const { assignments, unmatched } = deferredAcceptance(inst);
        const score = new Map(inst.pairs.map((p) => [`${p.requestId}|${p.mentorId}`, p.score]));
        const cap = new Map(inst.mentors.map((m) => [m.id, m.capacity]));
        // Every request exactly once, assigned or unmatched.
        const seen = [...assignments.map((a) => a.requestId), ...unmatched.map((u) => u.requestId)].sort();
        expect(seen).toEqual(inst.requests.map((r) => r.id).sort());
        // Only eligible pairs, with their score.
        for (const a of assignments) expect(score.get(`${a.requestId}|${a.mentorId}`)).toBe(a.score);
        // No mentor over capacity.
        const load = new Map<string, string[]>();
        for (const a of assignments) load.set(a.mentorId, [...(load.get(a.mentorId) ?? []), a.requestId]);
        for (const [m, rs] of load) expect(rs.length).toBeLessThanOrEqual(cap.get(m)!);
        // The reason says whether any mentor was eligible at all.
        for (const u of unmatched) {
          const any = inst.pairs.some((p) => p.requestId === u.requestId);
          expect(u.reason).toBe(any ? UnmatchedReason.MENTORS_FULL : UnmatchedReason.NO_ELIGIBLE_MENTOR);
        }
        // No blocking pair, by brute force over every eligible pair.
        const mine = new Map(assignments.map((a) => [a.requestId, a]));
        for (const p of inst.pairs) {
          const current = mine.get(p.requestId);
          if (current?.mentorId === p.mentorId) continue;
          const requestWants = !current || prefers(p.score, p.mentorId, current.score, current.mentorId);
          if (!requestWants) continue;
          const held = (load.get(p.mentorId) ?? []).map((r) => ({ r, s: score.get(`${r}|${p.mentorId}`)! }));
          const mentorWants =
            held.length < cap.get(p.mentorId)! || held.some((h) => prefers(p.score, p.requestId, h.s, h.r));
          expect({ blocking: mentorWants, pair: p }).toEqual({ blocking: false, pair: p });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the better-scoring request the scarce place', () => {
    const { assignments, unmatched } = deferredAcceptance({
      requests: [{ id: 'a' }, { id: 'b' }],
      mentors: [{ id: 'm', capacity: 1 }],
      pairs: [
        { requestId: 'a', mentorId: 'm', score: 10 },
        { requestId: 'b', mentorId: 'm', score: 30 },
      ],
    });
    expect(assignments).toEqual([{ requestId: 'b', mentorId: 'm', score: 30 }]);
    expect(unmatched).toEqual([{ requestId: 'a', reason: UnmatchedReason.MENTORS_FULL }]);
  });
});
