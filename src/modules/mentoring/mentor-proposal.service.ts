import { In } from 'typeorm';
import type { Tx } from '../../core/outbox';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import type { SobrietyService } from '../sobriety/sobriety.service';
import { MentorMatch } from './mentor-match.entity';
import type { MentorRequest } from './mentor-request.entity';
import type { MentoringSettings } from './mentoring.config';
import { MatchStatus, MentorRequestStatus } from './mentoring.enums';
import { rankMentors } from './mentoring.pool';
import {
  hasLiveMatch,
  lockOpenProposalsOf,
  lockRequest,
  setMatchStatus,
  setRequestStatus,
  shareLockProfileLoad,
} from './mentoring.queries';
import { announceMatch } from './mentoring.topics';

/**
 * Offering requests to mentors, inside the caller's transaction: what requests, declines,
 * expiries, withdrawals and matching rounds share.
 */
export class MentorProposalService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly sobriety: SobrietyService,
    private readonly settings: MentoringSettings,
  ) {}

  /**
   * Proposes the best candidate for a request that has no live match, or marks it WAITING.
   * The request row lock makes concurrent callers (decline, expiry, withdrawal) propose once.
   */
  async proposeNext(tx: Tx, requestId: string, now: Date): Promise<MentorMatch | null> {
    const request = await lockRequest(tx.em, requestId);
    if (!request || (request.status !== MentorRequestStatus.PROPOSED && request.status !== MentorRequestStatus.WAITING))
      return null;
    if (await hasLiveMatch(tx.em, requestId)) return null;
    for (const c of await rankMentors(tx.em, this.sobriety, request, now)) {
      const match = await this.proposeTo(tx, request, c.mentor.id, c.score, now);
      if (match) return match;
    }
    await setRequestStatus(tx.em, requestId, MentorRequestStatus.WAITING);
    return null;
  }

  /** Inserts the proposal unless the mentor filled up meanwhile (checked under a share lock on their profile). */
  async proposeTo(
    tx: Tx,
    request: MentorRequest,
    mentorId: string,
    score: number,
    now: Date,
  ): Promise<MentorMatch | null> {
    const load = await shareLockProfileLoad(tx.em, mentorId);
    if (!load || load.active >= load.capacity) return null;
    const repo = tx.em.getRepository(MentorMatch);
    const match = await repo.save(
      repo.create({
        requestId: request.id,
        mentorId,
        menteeId: request.menteeId,
        status: MatchStatus.PROPOSED,
        score,
        proposedAt: now,
        respondBy: new Date(now.getTime() + this.settings.proposalTtlHours * 3600_000),
        respondedAt: null,
        declineReason: null,
        endedAt: null,
        endedById: null,
        endReason: null,
        needsReview: false,
      }),
    );
    await setRequestStatus(tx.em, request.id, MentorRequestStatus.PROPOSED);
    await this.notifications.add(tx, {
      userId: mentorId,
      kind: NotificationKind.MATCH_PROPOSED,
      message: 'Someone in the network would like you as their mentor. Please answer the proposal.',
      subjectId: match.id,
    });
    announceMatch(tx, match);
    return match;
  }

  /** Takes back a mentor's open proposals (but `exceptId`) and offers each request to its next candidate. */
  async withdrawProposals(tx: Tx, mentorId: string, now: Date, exceptId?: string): Promise<void> {
    const ids = await lockOpenProposalsOf(tx.em, mentorId, exceptId ?? null);
    if (!ids.length) return;
    await setMatchStatus(tx.em, ids, MatchStatus.WITHDRAWN);
    const withdrawn = await tx.em.getRepository(MentorMatch).find({ where: { id: In(ids) } });
    for (const m of withdrawn) {
      announceMatch(tx, m);
      await this.proposeNext(tx, m.requestId, now);
    }
  }
}
