import { In, type EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { daysSober, todayIn } from '../sobriety/milestones';
import type { SobrietyService } from '../sobriety/sobriety.service';
import { MentorProfile } from './mentor-profile.entity';
import type { MentorRequest } from './mentor-request.entity';
import { activeCountsByMentor, askedPairs, blocksInvolving, endedPairs } from './mentoring.queries';
import {
  ineligibility,
  scoreMentor,
  type MentorFacts,
  type PairFacts,
  type RequestFacts,
  type ScoreReason,
} from './mentoring.scoring';

export interface Candidate {
  mentor: User;
  score: number;
  reasons: ScoreReason[];
}

export interface PoolMentor {
  facts: MentorFacts;
  user: User;
}

export interface PoolRequest {
  facts: RequestFacts;
  /** The pair facts towards each mentor. */
  pair: (mentorId: string) => PairFacts;
}

/** Everything scoring needs about every mentor and some requests. */
export interface Pool {
  mentors: Map<string, PoolMentor>;
  requests: Map<string, PoolRequest>;
}

/** The pool's entry for one of the requests it was loaded for. */
export function poolRequest(pool: Pool, requestId: string): PoolRequest {
  const found = pool.requests.get(requestId);
  if (!found) throw new Error(`request ${requestId} is not in the pool`);
  return found;
}

/** Everything scoring needs about every mentor and the given requests, in a few queries. */
export async function loadPool(
  em: EntityManager,
  sobriety: SobrietyService,
  requests: MentorRequest[],
  now: Date,
): Promise<Pool> {
  const profiles = await em
    .getRepository(MentorProfile)
    .createQueryBuilder('p')
    .innerJoinAndSelect('p.user', 'u')
    .where('u.is_mentor')
    .getMany();
  const mentorIds = profiles.map((p) => p.userId);
  const menteeIds = [...new Set(requests.map((r) => r.menteeId))];
  const requestIds = requests.map((r) => r.id);
  // One statement at a time: they share the transaction's connection.
  const activeBy = await activeCountsByMentor(em, mentorIds);
  const journeys = mentorIds.length ? await sobriety.currentJourneys(mentorIds) : [];
  const mentees = await em.getRepository(User).find({ where: { id: In(menteeIds) } });
  const blocks = await blocksInvolving(em, menteeIds);
  const ended = await endedPairs(em, menteeIds);
  const asked = await askedPairs(em, requestIds);
  const startBy = new Map<string, string>(journeys.map((j) => [j.userId, j.startDate]));
  const pairs = new Set<string>();
  for (const b of blocks) {
    pairs.add(`b|${b.blockerId}|${b.blockedId}`);
    pairs.add(`b|${b.blockedId}|${b.blockerId}`);
  }
  for (const e of ended) pairs.add(`e|${e.menteeId}|${e.mentorId}`);
  for (const a of asked) pairs.add(`a|${a.requestId}|${a.mentorId}`);
  const mentors = new Map<string, PoolMentor>();
  for (const p of profiles) {
    const start = startBy.get(p.userId);
    mentors.set(p.userId, {
      user: p.user,
      facts: {
        id: p.userId,
        timeZone: p.user.timeZone,
        focusAreas: p.focusAreas,
        languages: p.languages,
        availability: p.availability,
        gender: p.gender,
        capacity: p.capacity,
        activeCount: activeBy.get(p.userId) ?? 0,
        acceptingMentees: p.acceptingMentees,
        approved: p.user.isMentor,
        suspended: p.user.isSuspended(now),
        soberDays: start ? daysSober(start, todayIn(p.user.timeZone, now)) : null,
      },
    });
  }
  const menteeBy = new Map(mentees.map((u) => [u.id, u]));
  const out: Pool['requests'] = new Map();
  for (const r of requests) {
    const mentee = menteeBy.get(r.menteeId);
    // The foreign key (ON DELETE CASCADE) keeps every request's mentee.
    if (!mentee) throw new Error(`the mentee of request ${r.id} is missing`);
    out.set(r.id, {
      facts: {
        menteeId: r.menteeId,
        timeZone: mentee.timeZone,
        focusAreas: r.focusAreas,
        languages: r.languages,
        requireLanguage: r.requireLanguage,
        sameGenderOnly: r.sameGenderOnly,
        menteeGender: r.menteeGender,
        availability: r.availability,
      },
      pair: (mentorId) => ({
        blocked: pairs.has(`b|${r.menteeId}|${mentorId}`),
        endedBefore: pairs.has(`e|${r.menteeId}|${mentorId}`),
        askedBefore: pairs.has(`a|${r.id}|${mentorId}`),
        menteeSuspended: mentee.isSuspended(now),
      }),
    });
  }
  return { mentors, requests: out };
}

/** Eligible mentors for a request, best first (ties by id), with the parts of their scores. */
export async function rankMentors(
  em: EntityManager,
  sobriety: SobrietyService,
  request: MentorRequest,
  now: Date,
): Promise<Candidate[]> {
  const pool = await loadPool(em, sobriety, [request], now);
  const { facts, pair } = poolRequest(pool, request.id);
  const out: Candidate[] = [];
  for (const mentor of pool.mentors.values()) {
    if (ineligibility(facts, mentor.facts, pair(mentor.facts.id))) continue;
    const { score, reasons } = scoreMentor(facts, mentor.facts, now);
    out.push({ mentor: mentor.user, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.mentor.id < b.mentor.id ? -1 : 1));
}
