import { In, type DataSource } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import { isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Logger } from '../../core/logger';
import type { Transactor, Tx } from '../../core/outbox';
import { paginate } from '../../core/pagination';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import type { AuditLog } from '../audit/audit.service';
import { NotificationKind } from '../notifications/notification-kind.enum';
import { ACTOR, type NotificationsService } from '../notifications/notification.service';
import type { SobrietyService } from '../sobriety/sobriety.service';
import { MentorMatch } from './mentor-match.entity';
import type { MentorProposalService } from './mentor-proposal.service';
import { MentorRequest } from './mentor-request.entity';
import { MAX_CANDIDATES } from './mentoring.constants';
import {
  MatchStatus,
  MENTEE_VISIBLE_STATUSES,
  MentorRequestStatus,
  OPEN_REQUEST_STATUSES,
  ScorePart,
} from './mentoring.enums';
import {
  activationRefusal,
  blockMatters,
  canEndMatch,
  canSeeMatch,
  canSeeSoberTimePart,
  isPartyWhoSees,
  notSeparatedByBlockSql,
} from './mentoring.policy';
import { loadPool, poolRequest, rankMentors, type Candidate } from './mentoring.pool';
import {
  activeCount,
  activeMatchesOf,
  blockedEitherWay,
  blockedProposals,
  closeLookingRequestsOf,
  dueProposals,
  holdBlocks,
  isApprovedMentor,
  lockBlockedProposal,
  lockDueProposal,
  lockMatch,
  lockProfileCapacity,
  lockRequest,
  setMatchStatus,
  setRequestStatus,
} from './mentoring.queries';
import { ineligibility, scoreMentor, type Slot } from './mentoring.scoring';
import { announceMatch, type MatchUpdatedEvent } from './mentoring.topics';
import { cleanAvailability, cleanFocusAreas, cleanGender, cleanLanguages, cleanReason } from './mentoring.validation';

const LIVE = [MatchStatus.PROPOSED, MatchStatus.ACTIVE];

export interface MentorRequestInput {
  focusAreas: string[];
  languages: string[];
  note?: string | null;
  sameGenderOnly?: boolean | null;
  requireLanguage?: boolean | null;
  gender?: string | null;
  availability?: Slot[] | null;
}

/** Requests for a mentor, candidates, and each match from proposal to its end. */
export class MentorMatchService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly notifications: NotificationsService,
    private readonly sobriety: SobrietyService,
    private readonly proposals: MentorProposalService,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  // ---- requests and candidates ----

  async requestMentor(viewer: AuthUser, input: MentorRequestInput, now = new Date()): Promise<MentorRequest> {
    const focusAreas = cleanFocusAreas(input.focusAreas);
    const languages = cleanLanguages(input.languages);
    const gender = cleanGender(input.gender);
    const sameGenderOnly = !!input.sameGenderOnly;
    const requireLanguage = !!input.requireLanguage;
    if (sameGenderOnly && !gender)
      throw new BadInputError('gender', 'Give your gender to ask for a mentor of the same gender.');
    if (requireLanguage && !languages.length)
      throw new BadInputError('languages', 'Give the languages a mentor must speak.');
    const availability = cleanAvailability(input.availability ?? []);
    const note = (input.note ?? '').trim();
    try {
      const id = await this.tx.run(async (tx) => {
        const repo = tx.em.getRepository(MentorRequest);
        const request = await repo.save(
          repo.create({
            menteeId: viewer.id,
            status: MentorRequestStatus.WAITING,
            focusAreas,
            languages,
            note,
            sameGenderOnly,
            requireLanguage,
            menteeGender: sameGenderOnly ? gender : null,
            availability,
          }),
        );
        await this.proposals.proposeNext(tx, request.id, now);
        return request.id;
      });
      return await this.ds.getRepository(MentorRequest).findOneByOrFail({ id });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_mentor_requests_open')) {
        throw new ConflictError('You already have an open request or an active mentor.', { reason: 'OPEN_REQUEST' });
      }
      throw err;
    }
  }

  /** Eligible mentors for a request, best first, with the parts of their scores. */
  async candidates(viewer: AuthUser, requestId: string, now = new Date()): Promise<Candidate[]> {
    const request = await this.visibleRequest(viewer, requestId);
    if (!isCoordinator(viewer) && viewer.id !== request.menteeId) throw new NotFoundError('MentorRequest');
    // Ranked by the whole score, the sober-time part included, whoever asks.
    const ranked = (await rankMentors(this.ds.manager, this.sobriety, request, now)).slice(0, MAX_CANDIDATES);
    // The mentor's time in recovery is theirs: coordinators see it only where the mentor's
    // visibility reaches them, and that read is recorded for the mentor; the mentee never does.
    const disclosed = isCoordinator(viewer)
      ? await this.sobriety.disclosedTo(
          viewer,
          ranked.map((c) => c.mentor.id),
          'mentorCandidates',
        )
      : new Set<string>();
    return ranked.map((c) => {
      if (canSeeSoberTimePart(viewer, disclosed.has(c.mentor.id))) return c;
      const reasons = c.reasons.filter((r) => r.part !== ScorePart.SOBER_TIME);
      return { mentor: c.mentor, reasons, score: reasons.reduce((sum, r) => sum + r.points, 0) };
    });
  }

  /** Whether the member has a request that is not closed. */
  hasOpenRequest(menteeId: string): Promise<boolean> {
    return this.ds.getRepository(MentorRequest).exists({ where: { menteeId, status: In([...OPEN_REQUEST_STATUSES]) } });
  }

  // ---- the match lifecycle ----

  /** Coordinators propose a mentor of their choosing for a waiting request; hard limits still apply. */
  async proposeMatch(
    actor: AuthUser,
    input: { requestId: string; mentorId: string },
    now = new Date(),
  ): Promise<MentorMatch> {
    if (!isUuid(input.requestId)) throw new NotFoundError('MentorRequest');
    if (!isUuid(input.mentorId)) throw new NotFoundError('User');
    return this.tx.run(async (tx) => {
      const request = await lockRequest(tx.em, input.requestId);
      if (!request) throw new NotFoundError('MentorRequest');
      if (request.status !== MentorRequestStatus.WAITING) {
        throw new ConflictError('Only a waiting request can be given a mentor.', { reason: request.status });
      }
      const pool = await loadPool(tx.em, this.sobriety, [request], now);
      const mentor = pool.mentors.get(input.mentorId)?.facts;
      if (!mentor)
        throw new BadInputError('mentorId', 'This person is not an approved mentor with a profile.', {
          reason: 'NOT_APPROVED',
        });
      const { facts, pair } = poolRequest(pool, request.id);
      const why = ineligibility(facts, mentor, pair(mentor.id));
      if (why) throw new BadInputError('mentorId', 'This mentor cannot be proposed for this request.', { reason: why });
      const made = await this.proposals.proposeTo(tx, request, mentor.id, scoreMentor(facts, mentor, now).score, now);
      if (!made) throw new ConflictError('This mentor has no free place.', { reason: 'AT_CAPACITY' });
      // The score stays out of the log: a part of it is the mentor's time in recovery.
      await this.audit.append(tx, {
        actorId: actor.id,
        action: ModerationLogAction.MATCH_PROPOSE,
        targetType: ModerationTarget.MENTOR_MATCH,
        targetId: made.id,
        reason: 'A coordinator proposed a mentor for a waiting request.',
        detail: `request ${request.id}, mentor ${mentor.id}`,
      });
      return made;
    });
  }

  async respondToMatch(
    viewer: AuthUser,
    input: { matchId: string; accept: boolean; reason?: string | null },
    now = new Date(),
  ): Promise<MentorMatch> {
    const found = await this.visibleMatch(viewer, input.matchId);
    if (found.mentorId !== viewer.id) throw new ForbiddenError('Only the proposed mentor can answer this proposal.');
    return this.tx.run(async (tx) => {
      // The mentor's profile row serializes their accepts (capacity holds under races) and a
      // lapse of their approval, which updates it; blocks are held still until this commits.
      const capacity = await lockProfileCapacity(tx.em, viewer.id);
      const m = await lockMatch(tx.em, found.id);
      if (!m) throw new ConflictError('This proposal is no longer open.', { reason: 'GONE' });
      await holdBlocks(tx.em);
      const active = await activeCount(tx.em, viewer.id);
      const refusal = activationRefusal({
        status: m.status,
        respondBy: m.respondBy,
        now,
        blocked: await blockedEitherWay(tx.em, m.mentorId, m.menteeId),
        // As it holds now, not as it was when the mentor's session was read.
        mentorApproved: (await isApprovedMentor(tx.em, viewer.id)) ?? false,
        capacity,
        active,
      });
      if (refusal === 'NOT_OPEN') throw new ConflictError('This proposal is no longer open.', { reason: m.status });
      if (refusal === 'EXPIRED')
        throw new ConflictError('The time to answer this proposal has passed.', { reason: MatchStatus.EXPIRED });
      // Blocked either way: the proposal is gone from the mentor's view, whatever the answer.
      if (refusal === 'BLOCKED') throw new NotFoundError('MentorMatch');
      if (!input.accept) {
        m.status = MatchStatus.DECLINED;
        m.respondedAt = now;
        m.declineReason = cleanReason(input.reason);
        await tx.em.getRepository(MentorMatch).save(m);
        announceMatch(tx, m);
        await this.proposals.proposeNext(tx, m.requestId, now);
        return m;
      }
      if (refusal === 'NOT_APPROVED')
        throw new ConflictError('Your mentor approval is not current.', { reason: 'NOT_APPROVED' });
      if (refusal === 'AT_CAPACITY' || capacity === null)
        throw new ConflictError('You have no free place for another mentee.', { reason: 'AT_CAPACITY' });
      m.status = MatchStatus.ACTIVE;
      m.respondedAt = now;
      await tx.em.getRepository(MentorMatch).save(m);
      await setRequestStatus(tx.em, m.requestId, MentorRequestStatus.MATCHED);
      announceMatch(tx, m);
      await this.notifications.add(tx, {
        userId: m.menteeId,
        kind: NotificationKind.MATCH_ACCEPTED,
        // The name is rendered when read: a renamed or departed mentor is never spelled out here.
        message: `${ACTOR} accepted to be your mentor.`,
        actorId: viewer.id,
        subjectId: m.id,
      });
      await this.notifications.add(tx, {
        userId: m.mentorId,
        kind: NotificationKind.MATCH_ACCEPTED,
        message: 'You have a new mentee. Thank you for being there.',
        subjectId: m.id,
      });
      // Full now: other open proposals go to other mentors rather than wait to expire.
      if (active + 1 >= capacity) await this.proposals.withdrawProposals(tx, viewer.id, now, m.id);
      return m;
    });
  }

  async endMatch(
    viewer: AuthUser,
    input: { matchId: string; reason?: string | null },
    now = new Date(),
  ): Promise<MentorMatch> {
    const found = await this.visibleMatch(viewer, input.matchId);
    if (!canEndMatch(viewer, found))
      throw new ForbiddenError('Only the mentor, the mentee or a coordinator can end this match.');
    return this.tx.run(async (tx) => {
      const m = await lockMatch(tx.em, found.id);
      if (!m || m.status !== MatchStatus.ACTIVE)
        throw new ConflictError('Only an active match can be ended.', { reason: m?.status ?? 'GONE' });
      return this.end(tx, m, viewer, cleanReason(input.reason), now);
    });
  }

  /** Ends a locked ACTIVE match; whichever side did not end it is told. */
  private async end(tx: Tx, m: MentorMatch, by: AuthUser, reason: string | null, now: Date): Promise<MentorMatch> {
    m.status = MatchStatus.ENDED;
    m.endedAt = now;
    m.endedById = by.id;
    m.endReason = reason;
    await tx.em.getRepository(MentorMatch).save(m);
    await setRequestStatus(tx.em, m.requestId, MentorRequestStatus.CLOSED);
    announceMatch(tx, m);
    if (by.id !== m.menteeId) {
      await this.notifications.add(tx, {
        userId: m.menteeId,
        kind: NotificationKind.MATCH_ENDED,
        message:
          'Your mentoring match has come to a close. Thank you for the steps you took together; you can ask for a new mentor whenever you are ready.',
        subjectId: m.id,
      });
    }
    if (by.id !== m.mentorId) {
      await this.notifications.add(tx, {
        userId: m.mentorId,
        kind: NotificationKind.MATCH_ENDED,
        message: 'One of your mentoring matches has come to a close. Thank you for the time and care you gave.',
        subjectId: m.id,
      });
    }
    return m;
  }

  /**
   * Expires proposals not answered in time and offers each request to its next candidate;
   * withdraws, and offers on, proposals between two members one of whom has since blocked the
   * other (no block event reaches mentoring: the job catches them). Each proposal is re-checked
   * under its row lock, so concurrent runs re-offer it once.
   */
  async expireProposals(now = new Date()): Promise<{ expired: number; withdrawn: number }> {
    let withdrawn = 0;
    for (const id of await blockedProposals(this.ds)) {
      try {
        const done = await this.tx.run(async (tx) => {
          if (!(await lockBlockedProposal(tx.em, id))) return false;
          await setMatchStatus(tx.em, [id], MatchStatus.WITHDRAWN);
          const match = await tx.em.getRepository(MentorMatch).findOneByOrFail({ id });
          announceMatch(tx, match);
          await this.proposals.proposeNext(tx, match.requestId, now);
          return true;
        });
        if (done) withdrawn++;
      } catch (err) {
        const code =
          (err as { code?: string; driverError?: { code?: string } }).driverError?.code ??
          (err as { code?: string }).code;
        this.log.error({ matchId: id, code }, 'blocked proposal withdrawal failed');
      }
    }
    let expired = 0;
    for (const id of await dueProposals(this.ds, now)) {
      try {
        const done = await this.tx.run(async (tx) => {
          if (!(await lockDueProposal(tx.em, id, now))) return false;
          await setMatchStatus(tx.em, [id], MatchStatus.EXPIRED);
          const match = await tx.em.getRepository(MentorMatch).findOneByOrFail({ id });
          announceMatch(tx, match);
          await this.proposals.proposeNext(tx, match.requestId, now);
          return true;
        });
        if (done) expired++;
      } catch (err) {
        const code =
          (err as { code?: string; driverError?: { code?: string } }).driverError?.code ??
          (err as { code?: string }).code;
        this.log.error({ matchId: id, code }, 'proposal expiry failed');
      }
    }
    return { expired, withdrawn };
  }

  /**
   * A member is leaving, inside the erasure's transaction: active matches end (the other
   * side is told), the member's own open requests close, and proposals waiting for them as
   * mentor go to other mentors.
   */
  async leave(tx: Tx, user: AuthUser, now: Date): Promise<void> {
    for (const id of await activeMatchesOf(tx.em, user.id)) {
      const m = await lockMatch(tx.em, id);
      // Ended meanwhile by the other side: nothing left to end.
      if (!m || m.status !== MatchStatus.ACTIVE) continue;
      await this.end(tx, m, user, 'Account closed', now);
    }
    const repo = tx.em.getRepository(MentorMatch);
    for (const m of await repo.find({ where: { menteeId: user.id, status: MatchStatus.PROPOSED } })) {
      m.status = MatchStatus.WITHDRAWN;
      announceMatch(tx, await repo.save(m));
    }
    await closeLookingRequestsOf(tx.em, user.id);
    await this.proposals.withdrawProposals(tx, user.id, now);
  }

  /** `leave` in a transaction of its own. */
  leaveMentoring(user: AuthUser, now = new Date()): Promise<void> {
    return this.tx.run((tx) => this.leave(tx, user, now));
  }

  // ---- reads ----

  /** Whether the viewer may see the match (`canSeeMatch`), looking up a block between its parties when it matters. */
  async sees(viewer: AuthUser | null, m: MentorMatch | MatchUpdatedEvent): Promise<boolean> {
    if (!viewer) return false;
    if (isCoordinator(viewer)) return true;
    if (viewer.id !== m.mentorId && viewer.id !== m.menteeId) return false;
    const blocked = blockMatters(m.status) && (await blockedEitherWay(this.ds, m.mentorId, m.menteeId));
    return canSeeMatch(viewer, m, blocked);
  }

  /** Whether a match event reaches this subscriber: a party who sees the match as it now stands. */
  async deliverMatchEvent(viewer: AuthUser | null, e: MatchUpdatedEvent): Promise<boolean> {
    if (!viewer || (viewer.id !== e.mentorId && viewer.id !== e.menteeId)) return false;
    const blocked = blockMatters(e.status) && (await blockedEitherWay(this.ds, e.mentorId, e.menteeId));
    return isPartyWhoSees(viewer, e, blocked);
  }

  /** A match the viewer may see, or NOT_FOUND (unknown, not a UUID, not theirs, or hidden by a block). */
  async visibleMatch(viewer: AuthUser, id: string): Promise<MentorMatch> {
    const m = isUuid(id) ? await this.ds.getRepository(MentorMatch).findOneBy({ id }) : null;
    if (!m || !(await this.sees(viewer, m))) throw new NotFoundError('MentorMatch');
    return m;
  }

  /**
   * A request the viewer may see: its author, coordinators, and mentors it was offered to,
   * unless the mentee and that mentor have blocked each other either way.
   */
  async visibleRequest(viewer: AuthUser, id: string): Promise<MentorRequest> {
    const r = isUuid(id) ? await this.ds.getRepository(MentorRequest).findOneBy({ id }) : null;
    if (!r) throw new NotFoundError('MentorRequest');
    if (isCoordinator(viewer) || viewer.id === r.menteeId) return r;
    const offered = await this.ds
      .getRepository(MentorMatch)
      .exists({ where: { requestId: r.id, mentorId: viewer.id } });
    if (!offered || (await blockedEitherWay(this.ds, viewer.id, r.menteeId))) throw new NotFoundError('MentorRequest');
    return r;
  }

  requestsByIds(ids: readonly string[]): Promise<MentorRequest[]> {
    return this.ds.getRepository(MentorRequest).find({ where: { id: In([...ids]) } });
  }

  /** The live (PROPOSED or ACTIVE) match of each request. */
  liveMatchesOf(requestIds: readonly string[]): Promise<MentorMatch[]> {
    return this.ds.getRepository(MentorMatch).find({ where: { requestId: In([...requestIds]), status: In(LIVE) } });
  }

  /** The viewer's own matches, as mentor or mentee, newest first. */
  matchesOf(viewer: AuthUser, args: { first: number; after?: string | null; status?: MatchStatus | null }) {
    const qb = this.ds
      .getRepository(MentorMatch)
      .createQueryBuilder('m')
      .where('(m.mentor_id = :me OR (m.mentee_id = :me AND m.status IN (:...visible)))', {
        me: viewer.id,
        visible: MENTEE_VISIBLE_STATUSES,
      })
      .andWhere(notSeparatedByBlockSql('m'));
    if (args.status) qb.andWhere('m.status = :status', { status: args.status });
    return paginate(qb, args, [
      { column: 'm.proposed_at', direction: 'DESC', value: (m) => m.proposedAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'DESC', value: (m) => m.id, cast: 'uuid' },
    ]);
  }

  /** Requests for coordinators, oldest first (those waiting longest come first). */
  requests(args: { first: number; after?: string | null; status?: MentorRequestStatus | null }) {
    const qb = this.ds.getRepository(MentorRequest).createQueryBuilder('r');
    if (args.status) qb.where('r.status = :status', { status: args.status });
    return paginate(qb, args, [
      { column: 'r.created_at', direction: 'ASC', value: (r) => r.createdAt, cast: 'timestamptz' },
      { column: 'r.id', direction: 'ASC', value: (r) => r.id, cast: 'uuid' },
    ]);
  }

  /** Active matches whose mentor's approval lapsed, for coordinators to review. */
  matchesForReview(args: { first: number; after?: string | null }) {
    const qb = this.ds
      .getRepository(MentorMatch)
      .createQueryBuilder('m')
      .where(`m.status = 'ACTIVE' AND m.needs_review`);
    return paginate(qb, args, [
      { column: 'm.proposed_at', direction: 'DESC', value: (m) => m.proposedAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'DESC', value: (m) => m.id, cast: 'uuid' },
    ]);
  }
}
