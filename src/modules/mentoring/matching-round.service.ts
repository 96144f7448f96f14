import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../core/auth';
import type { Logger } from '../../core/logger';
import type { Transactor, Tx } from '../../core/outbox';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import type { AuditLog } from '../audit/audit.service';
import type { SobrietyService } from '../sobriety/sobriety.service';
import type { MentorMatch } from './mentor-match.entity';
import type { MentorProposalService } from './mentor-proposal.service';
import { MentorRequest } from './mentor-request.entity';
import type { UnmatchedReason } from './mentoring.enums';
import { deferredAcceptance } from './mentoring.matching';
import { loadPool, poolRequest } from './mentoring.pool';
import { lockMatchingRound, proposedCountsByMentor } from './mentoring.queries';
import { ineligibility, scoreMentor } from './mentoring.scoring';

export interface MatchingRoundResult {
  proposed: MentorMatch[];
  unmatched: Array<{ request: MentorRequest; reason: UnmatchedReason }>;
}

/** Coordinators' matching rounds: every waiting request placed at once. */
export class MatchingRoundService {
  constructor(
    private readonly tx: Transactor,
    private readonly sobriety: SobrietyService,
    private readonly proposals: MentorProposalService,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  /**
   * Proposes mentors for every waiting request at once: deferred acceptance over the scores,
   * within each mentor's free places (active matches and open proposals count as taken).
   */
  async runMatchingRound(actor: AuthUser, now = new Date()): Promise<MatchingRoundResult> {
    const result = await this.tx.run(async (tx): Promise<MatchingRoundResult> => {
      await lockMatchingRound(tx.em);
      const round = await this.placeWaiting(tx, now);
      // Every round is logged, one that found nothing to place too; counts only, no scores.
      await this.audit.append(tx, {
        actorId: actor.id,
        action: ModerationLogAction.MATCHING_ROUND,
        targetType: ModerationTarget.MATCHING_ROUND,
        targetId: randomUUID(),
        reason: 'A coordinator ran a matching round for every waiting request.',
        detail: `${round.proposed.length} proposed, ${round.unmatched.length} left waiting`,
      });
      return round;
    });
    this.log.info(
      { actorId: actor.id, proposed: result.proposed.length, unmatched: result.unmatched.length },
      'matching round',
    );
    return result;
  }

  /** The round's placements, inside its transaction and lock: waiting requests, oldest first. */
  private async placeWaiting(tx: Tx, now: Date): Promise<MatchingRoundResult> {
    const requests = await tx.em
      .getRepository(MentorRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where(`r.status = 'WAITING'`)
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    if (!requests.length) return { proposed: [], unmatched: [] };
    const pool = await loadPool(tx.em, this.sobriety, requests, now);
    const proposedBy = await proposedCountsByMentor(tx.em);
    const pairs: Array<{ requestId: string; mentorId: string; score: number }> = [];
    for (const r of requests) {
      const { facts, pair } = poolRequest(pool, r.id);
      for (const { facts: m } of pool.mentors.values()) {
        if (ineligibility(facts, m, pair(m.id))) continue;
        pairs.push({ requestId: r.id, mentorId: m.id, score: scoreMentor(facts, m, now).score });
      }
    }
    const mentors = [...pool.mentors.values()].map(({ facts: m }) => ({
      id: m.id,
      capacity: Math.max(0, m.capacity - m.activeCount - (proposedBy.get(m.id) ?? 0)),
    }));
    const plan = deferredAcceptance({ requests, mentors, pairs });
    const byId = new Map(requests.map((r) => [r.id, r]));
    const requestOf = (id: string): MentorRequest => {
      const r = byId.get(id);
      if (!r) throw new Error(`the plan names request ${id}, which the round did not load`);
      return r;
    };
    const proposed: MentorMatch[] = [];
    for (const a of plan.assignments) {
      const match = await this.proposals.proposeTo(tx, requestOf(a.requestId), a.mentorId, a.score, now);
      if (match) proposed.push(match);
    }
    return {
      proposed,
      unmatched: plan.unmatched.map((u) => ({ request: requestOf(u.requestId), reason: u.reason })),
    };
  }
}
