import { UnmatchedReason } from './mentoring.enums';

/**
 * Mentee-proposing deferred acceptance with capacities (Gale–Shapley, college admissions).
 * Pure. Both sides rank by the pair's score; ties break by id so that the orders are strict,
 * which makes the result stable: no request and mentor would both rather have each other.
 */

export interface MatchingInstance {
  requests: ReadonlyArray<{ id: string }>;
  mentors: ReadonlyArray<{ id: string; capacity: number }>;
  /** Eligible pairs only; a pair that is absent can never be matched. */
  pairs: ReadonlyArray<{ requestId: string; mentorId: string; score: number }>;
}

export interface MatchingResult {
  assignments: Array<{ requestId: string; mentorId: string; score: number }>;
  unmatched: Array<{ requestId: string; reason: UnmatchedReason }>;
}

/** True when `a` ranks above `b` for the side that compares them (higher score, then lower id). */
export function prefers(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA !== scoreB ? scoreA > scoreB : idA < idB;
}

/** A value the algorithm itself stored under `key`. */
function stored<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error('deferredAcceptance lost track of a key');
  return value;
}

export function deferredAcceptance(instance: MatchingInstance): MatchingResult {
  const capacity = new Map(instance.mentors.map((m) => [m.id, Math.max(0, m.capacity)]));
  const score = new Map<string, number>();
  const choices = new Map<string, Array<{ mentorId: string; score: number }>>();
  for (const r of instance.requests) choices.set(r.id, []);
  for (const p of instance.pairs) {
    const list = choices.get(p.requestId);
    if (!capacity.has(p.mentorId) || !list) continue;
    score.set(`${p.requestId}|${p.mentorId}`, p.score);
    list.push({ mentorId: p.mentorId, score: p.score });
  }
  for (const list of choices.values())
    list.sort((a, b) => (prefers(a.score, a.mentorId, b.score, b.mentorId) ? -1 : 1));

  const next = new Map<string, number>();
  const held = new Map<string, string[]>(instance.mentors.map((m) => [m.id, []]));
  const free = instance.requests.map((r) => r.id).reverse();
  const unmatched: MatchingResult['unmatched'] = [];
  for (let requestId = free.pop(); requestId !== undefined; requestId = free.pop()) {
    const list = stored(choices, requestId);
    const i = next.get(requestId) ?? 0;
    if (i >= list.length) {
      unmatched.push({
        requestId,
        reason: list.length ? UnmatchedReason.MENTORS_FULL : UnmatchedReason.NO_ELIGIBLE_MENTOR,
      });
      continue;
    }
    next.set(requestId, i + 1);
    const mentorId = list[i].mentorId;
    const holding = stored(held, mentorId);
    holding.push(requestId);
    if (holding.length > stored(capacity, mentorId)) {
      // Reject the request this mentor ranks lowest.
      let worst = 0;
      for (let k = 1; k < holding.length; k++) {
        const a = holding[k];
        const w = holding[worst];
        if (prefers(stored(score, `${w}|${mentorId}`), w, stored(score, `${a}|${mentorId}`), a)) worst = k;
      }
      free.push(holding.splice(worst, 1)[0]);
    }
  }
  const assignments: MatchingResult['assignments'] = [];
  for (const [mentorId, requests] of held) {
    for (const requestId of requests)
      assignments.push({ requestId, mentorId, score: stored(score, `${requestId}|${mentorId}`) });
  }
  return { assignments, unmatched };
}
