import { DataSource, In, type EntityManager } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import { inTransaction, isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { paginate } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isUuid } from '../../core/ids';
import type { AccountsService } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import type { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import { daysSober, todayIn } from '../sobriety/milestones';
import type { MentorDirectory, SobrietyService } from '../sobriety/sobriety.service';
import { MentorMatch } from './mentor-match.entity';
import { MentorProfile } from './mentor-profile.entity';
import { MentorRequest } from './mentor-request.entity';
import type { MentoringSettings } from './mentoring.config';
import { FOCUS_AREAS, GENDERS, LANGUAGES, MAX_CANDIDATES, MAX_CAPACITY } from './mentoring.constants';
import { MatchStatus, MENTEE_VISIBLE_STATUSES, MentorRequestStatus, ScorePart, UnmatchedReason } from './mentoring.enums';
import { deferredAcceptance } from './mentoring.matching';
import { canEndMatch, canSeeMatch, canSeeSoberTimePart } from './mentoring.policy';
import { ineligibility, scoreMentor, type MentorFacts, type PairFacts, type RequestFacts, type ScoreReason, type Slot } from './mentoring.scoring';
import { MentoringTopic, type MatchUpdatedEvent } from './mentoring.topics';

const LIVE = [MatchStatus.PROPOSED, MatchStatus.ACTIVE];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** What a transaction produced for people: delivered only after it commits. */
class Outbox {
  readonly notes: Notification[] = [];
  readonly matches = new Map<string, MentorMatch>();
  touch(m: MentorMatch): void {
    this.matches.set(m.id, m);
  }
}

export interface Candidate {
  mentor: User;
  score: number;
  reasons: ScoreReason[];
}

interface Pool {
  mentors: Map<string, MentorFacts>;
  users: Map<string, User>;
  /** Per request: its facts and the pair facts towards each mentor. */
  requests: Map<string, { facts: RequestFacts; pair: (mentorId: string) => PairFacts }>;
}

function cleanCodes(values: readonly string[], field: string, known: (code: string) => boolean, what: string, normalize: (s: string) => string): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const code = normalize(raw.trim());
    if (!known(code)) throw new BadInputError(field, `Unknown ${what}. Use one of the documented codes.`, { reason: 'UNKNOWN_CODE', code: code.slice(0, 40) });
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

export function cleanFocusAreas(values: readonly string[], field = 'focusAreas'): string[] {
  return cleanCodes(values, field, (c) => Object.hasOwn(FOCUS_AREAS, c), 'focus area', (s) => s.toUpperCase());
}

export function cleanLanguages(values: readonly string[], field = 'languages'): string[] {
  return cleanCodes(values, field, (c) => LANGUAGES.has(c), 'language code (ISO 639-1, such as en or es)', (s) => s.toLowerCase());
}

function cleanGender(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const code = raw.trim().toUpperCase();
  if (!Object.hasOwn(GENDERS, code)) throw new BadInputError('gender', 'Unknown gender code.', { reason: 'UNKNOWN_CODE' });
  return code;
}

function cleanAvailability(slots: readonly Slot[]): Slot[] {
  return slots.map((s, i) => {
    const field = `availability.${i}`;
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) throw new BadInputError(field, 'Weekday goes from 1 (Monday) to 7 (Sunday).');
    if (!TIME.test(s.startTime) || s.startTime === '24:00' || !TIME.test(s.endTime)) throw new BadInputError(field, 'Write times as HH:mm.');
    if (s.endTime <= s.startTime) throw new BadInputError(field, 'The end must be after the start.');
    return { weekday: s.weekday, startTime: s.startTime, endTime: s.endTime };
  });
}

function cleanReason(raw: string | null | undefined): string | null {
  const reason = raw?.trim() ?? '';
  return reason ? reason : null;
}

export function matchEvent(m: MentorMatch): MatchUpdatedEvent {
  return {
    id: m.id,
    requestId: m.requestId,
    mentorId: m.mentorId,
    menteeId: m.menteeId,
    status: m.status,
    score: m.score,
    proposedAt: m.proposedAt.toISOString(),
    respondBy: m.respondBy.toISOString(),
    respondedAt: m.respondedAt ? m.respondedAt.toISOString() : null,
    endedAt: m.endedAt ? m.endedAt.toISOString() : null,
  };
}

/** Peer mentor profiles, approval, requests, scoring, proposals and matches. */
export class MentoringService implements MentorDirectory {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly sobriety: SobrietyService,
    private readonly pubsub: PubSub,
    private readonly log: Logger,
    readonly settings: MentoringSettings,
  ) {}

  // ---- directory for the sobriety MENTOR tier ----

  async activeMentorOf(memberId: string): Promise<string | null> {
    const [row] = await this.ds.query(`SELECT mentor_id FROM mentor_matches WHERE mentee_id = $1 AND status = 'ACTIVE'`, [memberId]);
    return row?.mentor_id ?? null;
  }

  async activeMenteesOf(mentorId: string): Promise<string[]> {
    const rows: Array<{ mentee_id: string }> = await this.ds.query(`SELECT mentee_id FROM mentor_matches WHERE mentor_id = $1 AND status = 'ACTIVE'`, [mentorId]);
    return rows.map((r) => r.mentee_id);
  }

  // ---- profiles and approval ----

  async upsertProfile(viewer: AuthUser, input: {
    bio: string;
    focusAreas: string[];
    languages: string[];
    capacity: number;
    acceptingMentees: boolean;
    availability?: Slot[] | null;
    gender?: string | null;
  }): Promise<MentorProfile> {
    const bio = input.bio.trim();
    if (!bio) throw new BadInputError('bio', 'Write a few words about yourself.');
    const focusAreas = cleanFocusAreas(input.focusAreas);
    if (!focusAreas.length) throw new BadInputError('focusAreas', 'Choose at least one focus area.');
    const languages = cleanLanguages(input.languages);
    if (!languages.length) throw new BadInputError('languages', 'Give at least one language.');
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY) {
      throw new BadInputError('capacity', `Capacity is from 1 to ${MAX_CAPACITY} mentees.`, { reason: 'OUT_OF_RANGE' });
    }
    const availability = cleanAvailability(input.availability ?? []);
    const gender = cleanGender(input.gender);
    await this.ds.query(
      `INSERT INTO mentor_profiles (user_id, bio, focus_areas, languages, capacity, accepting_mentees, availability, gender)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       ON CONFLICT (user_id) DO UPDATE SET bio = EXCLUDED.bio, focus_areas = EXCLUDED.focus_areas, languages = EXCLUDED.languages,
         capacity = EXCLUDED.capacity, accepting_mentees = EXCLUDED.accepting_mentees, availability = EXCLUDED.availability,
         gender = EXCLUDED.gender, updated_at = now()`,
      [viewer.id, bio, focusAreas, languages, input.capacity, input.acceptingMentees, JSON.stringify(availability), gender],
    );
    return (await this.profileOf(viewer.id))!;
  }

  profileOf(userId: string): Promise<MentorProfile | null> {
    return this.ds.getRepository(MentorProfile).findOne({ where: { userId } });
  }

  profilesOf(userIds: readonly string[]): Promise<MentorProfile[]> {
    return this.ds.getRepository(MentorProfile).find({ where: { userId: In([...userIds]) } });
  }

  /** Coordinators approve a member with a profile and enough time on their current journey. */
  async approveMentor(actor: AuthUser, userId: string, now = new Date()): Promise<{ user: User; profile: MentorProfile }> {
    const user = await this.accounts.findUser(userId);
    await inTransaction(this.ds, async (em) => {
      // Same lock as a sobriety reset takes: an approval cannot slip past a reset.
      const [locked] = await em.query(`SELECT time_zone FROM users WHERE id = $1 FOR UPDATE`, [user.id]);
      const [profile] = await em.query(`SELECT user_id FROM mentor_profiles WHERE user_id = $1 FOR UPDATE`, [user.id]);
      if (!profile) throw new BadInputError('userId', 'This member has no mentor profile yet.', { reason: 'NO_PROFILE' });
      if (user.isSuspended(now)) throw new BadInputError('userId', 'This member is suspended.', { reason: 'SUSPENDED' });
      const journey = await this.sobriety.currentJourney(user.id);
      const days = journey ? daysSober(journey.startDate, todayIn(locked.time_zone, now)) : 0;
      if (days < this.settings.minSoberDays) {
        // No number in the message: a member's sober time is theirs to share.
        throw new BadInputError('userId', 'This member does not yet meet the minimum time in recovery for mentoring.', {
          reason: 'NOT_ENOUGH_SOBER_TIME',
          minimumDays: this.settings.minSoberDays,
        });
      }
      await em.query(`UPDATE users SET is_mentor = true WHERE id = $1`, [user.id]);
      await em.query(`UPDATE mentor_profiles SET approved_at = $2, approved_by_id = $3, updated_at = now() WHERE user_id = $1`, [user.id, now, actor.id]);
    });
    this.log.info({ actorId: actor.id, userId: user.id }, 'mentor approved');
    return { user: await this.accounts.findUser(user.id), profile: (await this.profileOf(user.id))! };
  }

  /**
   * A sobriety reset, inside its transaction: approval lapses, active matches are flagged
   * for coordinators (mentees are not told), open proposals go to other mentors.
   */
  async lapseOnReset(em: EntityManager, userId: string, now = new Date()): Promise<(() => void) | void> {
    const [user] = await em.query(`SELECT is_mentor FROM users WHERE id = $1`, [userId]);
    if (!user?.is_mentor) return;
    const out = new Outbox();
    await em.query(`UPDATE users SET is_mentor = false WHERE id = $1`, [userId]);
    await em.query(`UPDATE mentor_profiles SET approved_at = NULL, updated_at = now() WHERE user_id = $1`, [userId]);
    await em.query(`UPDATE mentor_matches SET needs_review = true, updated_at = now() WHERE mentor_id = $1 AND status = 'ACTIVE'`, [userId]);
    // Not logged: a lapse tells that the mentor reset their sobriety date.
    await this.withdrawProposals(em, userId, now, out);
    return () => this.flush(out);
  }

  // ---- requests and candidates ----

  async requestMentor(viewer: AuthUser, input: {
    focusAreas: string[];
    languages: string[];
    note?: string | null;
    sameGenderOnly?: boolean | null;
    requireLanguage?: boolean | null;
    gender?: string | null;
    availability?: Slot[] | null;
  }, now = new Date()): Promise<MentorRequest> {
    const focusAreas = cleanFocusAreas(input.focusAreas);
    const languages = cleanLanguages(input.languages);
    const gender = cleanGender(input.gender);
    const sameGenderOnly = !!input.sameGenderOnly;
    const requireLanguage = !!input.requireLanguage;
    if (sameGenderOnly && !gender) throw new BadInputError('gender', 'Give your gender to ask for a mentor of the same gender.');
    if (requireLanguage && !languages.length) throw new BadInputError('languages', 'Give the languages a mentor must speak.');
    const availability = cleanAvailability(input.availability ?? []);
    const note = (input.note ?? '').trim();
    try {
      const id = await this.tx(async (em, out) => {
        const repo = em.getRepository(MentorRequest);
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
        await this.proposeNext(em, request.id, now, out);
        return request.id;
      });
      return (await this.ds.getRepository(MentorRequest).findOneBy({ id }))!;
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
    const ranked = (await this.rank(this.ds.manager, request, now)).slice(0, MAX_CANDIDATES);
    if (canSeeSoberTimePart(viewer)) return ranked;
    // The mentor's time in recovery is theirs: the mentee sees the other parts only.
    return ranked.map((c) => {
      const reasons = c.reasons.filter((r) => r.part !== ScorePart.SOBER_TIME);
      return { mentor: c.mentor, reasons, score: reasons.reduce((s, r) => s + r.points, 0) };
    });
  }

  private async rank(em: EntityManager, request: MentorRequest, now: Date): Promise<Candidate[]> {
    const pool = await this.loadPool(em, [request], now);
    const { facts, pair } = pool.requests.get(request.id)!;
    const out: Candidate[] = [];
    for (const mentor of pool.mentors.values()) {
      if (ineligibility(facts, mentor, pair(mentor.id))) continue;
      const { score, reasons } = scoreMentor(facts, mentor, now);
      out.push({ mentor: pool.users.get(mentor.id)!, score, reasons });
    }
    return out.sort((a, b) => b.score - a.score || (a.mentor.id < b.mentor.id ? -1 : 1));
  }

  /** Everything scoring needs about every mentor and the given requests, in a few queries. */
  private async loadPool(em: EntityManager, requests: MentorRequest[], now: Date): Promise<Pool> {
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
    const active = await em.query(`SELECT mentor_id, count(*)::int AS n FROM mentor_matches WHERE status = 'ACTIVE' AND mentor_id = ANY($1) GROUP BY mentor_id`, [mentorIds]);
    const journeys = mentorIds.length ? await this.sobriety.currentJourneys(mentorIds) : [];
    const mentees = await em.getRepository(User).find({ where: { id: In(menteeIds) } });
    const blocks = await em.query(`SELECT blocker_id, blocked_id FROM user_blocks WHERE blocker_id = ANY($1) OR blocked_id = ANY($1)`, [menteeIds]);
    const ended = await em.query(`SELECT DISTINCT mentee_id, mentor_id FROM mentor_matches WHERE status = 'ENDED' AND mentee_id = ANY($1)`, [menteeIds]);
    const asked = await em.query(`SELECT DISTINCT request_id, mentor_id FROM mentor_matches WHERE request_id = ANY($1)`, [requestIds]);
    const activeBy = new Map<string, number>(active.map((r: { mentor_id: string; n: number }) => [r.mentor_id, r.n]));
    const startBy = new Map<string, string>(journeys.map((j) => [j.userId, j.startDate]));
    const pairs = new Set<string>();
    for (const b of blocks as Array<{ blocker_id: string; blocked_id: string }>) {
      pairs.add(`b|${b.blocker_id}|${b.blocked_id}`);
      pairs.add(`b|${b.blocked_id}|${b.blocker_id}`);
    }
    for (const e of ended as Array<{ mentee_id: string; mentor_id: string }>) pairs.add(`e|${e.mentee_id}|${e.mentor_id}`);
    for (const a of asked as Array<{ request_id: string; mentor_id: string }>) pairs.add(`a|${a.request_id}|${a.mentor_id}`);
    const mentors = new Map<string, MentorFacts>();
    const users = new Map<string, User>();
    for (const p of profiles) {
      const start = startBy.get(p.userId);
      users.set(p.userId, p.user);
      mentors.set(p.userId, {
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
      });
    }
    const menteeBy = new Map(mentees.map((u) => [u.id, u]));
    const out: Pool['requests'] = new Map();
    for (const r of requests) {
      const mentee = menteeBy.get(r.menteeId)!;
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
    return { mentors, users, requests: out };
  }

  /**
   * Proposes the best candidate for a request that has no live match, or marks it WAITING.
   * The request row lock makes concurrent callers (decline, expiry, withdrawal) propose once.
   */
  private async proposeNext(em: EntityManager, requestId: string, now: Date, out: Outbox): Promise<MentorMatch | null> {
    const request = await em.getRepository(MentorRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
    if (!request || (request.status !== MentorRequestStatus.PROPOSED && request.status !== MentorRequestStatus.WAITING)) return null;
    const [live] = await em.query(`SELECT 1 FROM mentor_matches WHERE request_id = $1 AND status IN ('PROPOSED', 'ACTIVE')`, [requestId]);
    if (live) return null;
    for (const c of await this.rank(em, request, now)) {
      const match = await this.proposeTo(em, request, c.mentor.id, c.score, now, out);
      if (match) return match;
    }
    await em.query(`UPDATE mentor_requests SET status = 'WAITING', updated_at = now() WHERE id = $1`, [requestId]);
    return null;
  }

  /** Inserts the proposal unless the mentor filled up meanwhile (checked under a share lock on their profile). */
  private async proposeTo(em: EntityManager, request: MentorRequest, mentorId: string, score: number, now: Date, out: Outbox): Promise<MentorMatch | null> {
    const [p] = await em.query(
      `SELECT p.capacity, (SELECT count(*)::int FROM mentor_matches m WHERE m.mentor_id = p.user_id AND m.status = 'ACTIVE') AS active
         FROM mentor_profiles p WHERE p.user_id = $1 FOR SHARE OF p`,
      [mentorId],
    );
    if (!p || p.active >= p.capacity) return null;
    const repo = em.getRepository(MentorMatch);
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
    await em.query(`UPDATE mentor_requests SET status = 'PROPOSED', updated_at = now() WHERE id = $1`, [request.id]);
    out.notes.push(
      await this.notifications.create(em, {
        userId: mentorId,
        kind: NotificationKind.MATCH_PROPOSED,
        message: 'Someone in the network would like you as their mentor. Please answer the proposal.',
        subjectId: match.id,
      }),
    );
    out.touch(match);
    return match;
  }

  /** Takes back a mentor's open proposals and offers each request to its next candidate. */
  private async withdrawProposals(em: EntityManager, mentorId: string, now: Date, out: Outbox, exceptId?: string): Promise<void> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM mentor_matches WHERE mentor_id = $1 AND status = 'PROPOSED' AND id IS DISTINCT FROM $2::uuid ORDER BY proposed_at, id FOR UPDATE`,
      [mentorId, exceptId ?? null],
    );
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    await em.query(`UPDATE mentor_matches SET status = 'WITHDRAWN', updated_at = now() WHERE id = ANY($1)`, [ids]);
    const withdrawn = await em.getRepository(MentorMatch).find({ where: { id: In(ids) } });
    for (const m of withdrawn) {
      out.touch(m);
      await this.proposeNext(em, m.requestId, now, out);
    }
  }

  // ---- the match lifecycle ----

  /** Coordinators propose a mentor of their choosing for a waiting request; hard limits still apply. */
  async proposeMatch(actor: AuthUser, input: { requestId: string; mentorId: string }, now = new Date()): Promise<MentorMatch> {
    if (!isUuid(input.requestId)) throw new NotFoundError('MentorRequest');
    if (!isUuid(input.mentorId)) throw new NotFoundError('User');
    return this.tx(async (em, out) => {
      const request = await em.getRepository(MentorRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: input.requestId }).getOne();
      if (!request) throw new NotFoundError('MentorRequest');
      if (request.status !== MentorRequestStatus.WAITING) {
        throw new ConflictError('Only a waiting request can be given a mentor.', { reason: request.status });
      }
      const pool = await this.loadPool(em, [request], now);
      const mentor = pool.mentors.get(input.mentorId);
      if (!mentor) throw new BadInputError('mentorId', 'This person is not an approved mentor with a profile.', { reason: 'NOT_APPROVED' });
      const { facts, pair } = pool.requests.get(request.id)!;
      const why = ineligibility(facts, mentor, pair(mentor.id));
      if (why) throw new BadInputError('mentorId', 'This mentor cannot be proposed for this request.', { reason: why });
      const made = await this.proposeTo(em, request, mentor.id, scoreMentor(facts, mentor, now).score, now, out);
      if (!made) throw new ConflictError('This mentor has no free place.', { reason: 'AT_CAPACITY' });
      return made;
    });
  }

  async respondToMatch(viewer: AuthUser, input: { matchId: string; accept: boolean; reason?: string | null }, now = new Date()): Promise<MentorMatch> {
    const found = await this.visibleMatch(viewer, input.matchId);
    if (found.mentorId !== viewer.id) throw new ForbiddenError('Only the proposed mentor can answer this proposal.');
    return this.tx(async (em, out) => {
      // The mentor's profile row serializes their accepts: capacity holds under races.
      const [profile] = await em.query(`SELECT capacity FROM mentor_profiles WHERE user_id = $1 FOR UPDATE`, [viewer.id]);
      const m = await em.getRepository(MentorMatch).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id: found.id }).getOne();
      if (!m || m.status !== MatchStatus.PROPOSED) {
        throw new ConflictError('This proposal is no longer open.', { reason: m?.status ?? 'GONE' });
      }
      if (m.respondBy <= now) throw new ConflictError('The time to answer this proposal has passed.', { reason: MatchStatus.EXPIRED });
      if (!input.accept) {
        m.status = MatchStatus.DECLINED;
        m.respondedAt = now;
        m.declineReason = cleanReason(input.reason);
        await em.getRepository(MentorMatch).save(m);
        out.touch(m);
        await this.proposeNext(em, m.requestId, now, out);
        return m;
      }
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM mentor_matches WHERE mentor_id = $1 AND status = 'ACTIVE'`, [viewer.id]);
      if (!profile || n >= profile.capacity) throw new ConflictError('You have no free place for another mentee.', { reason: 'AT_CAPACITY' });
      if (!viewer.isMentor) throw new ConflictError('Your mentor approval is not current.', { reason: 'NOT_APPROVED' });
      m.status = MatchStatus.ACTIVE;
      m.respondedAt = now;
      await em.getRepository(MentorMatch).save(m);
      await em.query(`UPDATE mentor_requests SET status = 'MATCHED', updated_at = now() WHERE id = $1`, [m.requestId]);
      out.touch(m);
      out.notes.push(
        await this.notifications.create(em, {
          userId: m.menteeId,
          kind: NotificationKind.MATCH_ACCEPTED,
          message: `${viewer.displayName} accepted to be your mentor.`,
          subjectId: m.id,
        }),
        await this.notifications.create(em, {
          userId: m.mentorId,
          kind: NotificationKind.MATCH_ACCEPTED,
          message: 'You have a new mentee. Thank you for being there.',
          subjectId: m.id,
        }),
      );
      // Full now: other open proposals go to other mentors rather than wait to expire.
      if (n + 1 >= profile.capacity) await this.withdrawProposals(em, viewer.id, now, out, m.id);
      return m;
    });
  }

  async endMatch(viewer: AuthUser, input: { matchId: string; reason?: string | null }, now = new Date()): Promise<MentorMatch> {
    const found = await this.visibleMatch(viewer, input.matchId);
    if (!canEndMatch(viewer, found)) throw new ForbiddenError('Only the mentor, the mentee or a coordinator can end this match.');
    return this.tx(async (em, out) => {
      const m = await em.getRepository(MentorMatch).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id: found.id }).getOne();
      if (!m || m.status !== MatchStatus.ACTIVE) throw new ConflictError('Only an active match can be ended.', { reason: m?.status ?? 'GONE' });
      m.status = MatchStatus.ENDED;
      m.endedAt = now;
      m.endedById = viewer.id;
      m.endReason = cleanReason(input.reason);
      await em.getRepository(MentorMatch).save(m);
      await em.query(`UPDATE mentor_requests SET status = 'CLOSED', updated_at = now() WHERE id = $1`, [m.requestId]);
      out.touch(m);
      if (viewer.id !== m.menteeId) {
        out.notes.push(
          await this.notifications.create(em, {
            userId: m.menteeId,
            kind: NotificationKind.MATCH_ENDED,
            message: 'Your mentoring match has come to a close. Thank you for the steps you took together; you can ask for a new mentor whenever you are ready.',
            subjectId: m.id,
          }),
        );
      }
      if (viewer.id !== m.mentorId) {
        out.notes.push(
          await this.notifications.create(em, {
            userId: m.mentorId,
            kind: NotificationKind.MATCH_ENDED,
            message: 'One of your mentoring matches has come to a close. Thank you for the time and care you gave.',
            subjectId: m.id,
          }),
        );
      }
      return m;
    });
  }

  /**
   * Expires proposals not answered in time and offers each request to its next candidate.
   * Each proposal is re-checked under its row lock, so concurrent runs re-offer it once.
   */
  async expireProposals(now = new Date()): Promise<{ expired: number }> {
    const due: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM mentor_matches WHERE status = 'PROPOSED' AND respond_by <= $1 ORDER BY respond_by, id`,
      [now],
    );
    let expired = 0;
    for (const { id } of due) {
      try {
        const done = await this.tx(async (em, out) => {
          const [m] = await em.query(`SELECT id FROM mentor_matches WHERE id = $1 AND status = 'PROPOSED' AND respond_by <= $2 FOR UPDATE`, [id, now]);
          if (!m) return false;
          await em.query(`UPDATE mentor_matches SET status = 'EXPIRED', updated_at = now() WHERE id = $1`, [id]);
          const match = (await em.getRepository(MentorMatch).findOneBy({ id }))!;
          out.touch(match);
          await this.proposeNext(em, match.requestId, now, out);
          return true;
        });
        if (done) expired++;
      } catch (err) {
        const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
        this.log.error({ matchId: id, code }, 'proposal expiry failed');
      }
    }
    return { expired };
  }

  /**
   * Proposes mentors for every waiting request at once: deferred acceptance over the scores,
   * within each mentor's free places (active matches and open proposals count as taken).
   */
  async runMatchingRound(actor: AuthUser, now = new Date()): Promise<{ proposed: MentorMatch[]; unmatched: Array<{ request: MentorRequest; reason: UnmatchedReason }> }> {
    const result = await this.tx(async (em, out) => {
      // One round at a time: two would propose the same requests twice.
      await em.query('SELECT pg_advisory_xact_lock(727101)');
      const requests = await em
        .getRepository(MentorRequest)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where(`r.status = 'WAITING'`)
        .orderBy('r.created_at', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      if (!requests.length) return { proposed: [], unmatched: [] };
      const pool = await this.loadPool(em, requests, now);
      const proposedBy = new Map<string, number>(
        (await em.query(`SELECT mentor_id, count(*)::int AS n FROM mentor_matches WHERE status = 'PROPOSED' GROUP BY mentor_id`)).map(
          (r: { mentor_id: string; n: number }) => [r.mentor_id, r.n],
        ),
      );
      const pairs: Array<{ requestId: string; mentorId: string; score: number }> = [];
      for (const r of requests) {
        const { facts, pair } = pool.requests.get(r.id)!;
        for (const m of pool.mentors.values()) {
          if (ineligibility(facts, m, pair(m.id))) continue;
          pairs.push({ requestId: r.id, mentorId: m.id, score: scoreMentor(facts, m, now).score });
        }
      }
      const mentors = [...pool.mentors.values()].map((m) => ({ id: m.id, capacity: Math.max(0, m.capacity - m.activeCount - (proposedBy.get(m.id) ?? 0)) }));
      const plan = deferredAcceptance({ requests, mentors, pairs });
      const byId = new Map(requests.map((r) => [r.id, r]));
      const proposed: MentorMatch[] = [];
      for (const a of plan.assignments) {
        const match = await this.proposeTo(em, byId.get(a.requestId)!, a.mentorId, a.score, now, out);
        if (match) proposed.push(match);
      }
      return { proposed, unmatched: plan.unmatched.map((u) => ({ request: byId.get(u.requestId)!, reason: u.reason })) };
    });
    this.log.info({ actorId: actor.id, proposed: result.proposed.length, unmatched: result.unmatched.length }, 'matching round');
    return result;
  }

  /**
   * Before an account is deleted: active matches end (the other side is told), the member's
   * own open requests close, and proposals waiting for them as mentor go to other mentors.
   */
  async leaveMentoring(user: AuthUser, now = new Date()): Promise<void> {
    const active: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM mentor_matches WHERE status = 'ACTIVE' AND (mentor_id = $1 OR mentee_id = $1)`,
      [user.id],
    );
    for (const { id } of active) {
      await this.endMatch(user, { matchId: id, reason: 'Account closed' }, now).catch((err) => {
        if (!(err instanceof ConflictError)) throw err;
      });
    }
    await this.tx(async (em, out) => {
      const offered = await em.getRepository(MentorMatch).find({ where: { menteeId: user.id, status: MatchStatus.PROPOSED } });
      for (const m of offered) {
        m.status = MatchStatus.WITHDRAWN;
        out.touch(await em.getRepository(MentorMatch).save(m));
      }
      await em.query(`UPDATE mentor_requests SET status = 'CLOSED', updated_at = now() WHERE mentee_id = $1 AND status IN ('PROPOSED', 'WAITING')`, [user.id]);
      await this.withdrawProposals(em, user.id, now, out);
    });
  }

  // ---- reads ----

  /** A match the viewer may see, or NOT_FOUND (unknown, not a UUID, or not theirs). */
  async visibleMatch(viewer: AuthUser, id: string): Promise<MentorMatch> {
    const m = isUuid(id) ? await this.ds.getRepository(MentorMatch).findOneBy({ id }) : null;
    if (!m || !canSeeMatch(viewer, m)) throw new NotFoundError('MentorMatch');
    return m;
  }

  /** A request the viewer may see: its author, coordinators, and mentors it was offered to. */
  async visibleRequest(viewer: AuthUser, id: string): Promise<MentorRequest> {
    const r = isUuid(id) ? await this.ds.getRepository(MentorRequest).findOneBy({ id }) : null;
    if (!r) throw new NotFoundError('MentorRequest');
    if (isCoordinator(viewer) || viewer.id === r.menteeId) return r;
    const offered = await this.ds.getRepository(MentorMatch).exists({ where: { requestId: r.id, mentorId: viewer.id } });
    if (!offered) throw new NotFoundError('MentorRequest');
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
      .where('(m.mentor_id = :me OR (m.mentee_id = :me AND m.status IN (:...visible)))', { me: viewer.id, visible: MENTEE_VISIBLE_STATUSES });
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
    const qb = this.ds.getRepository(MentorMatch).createQueryBuilder('m').where(`m.status = 'ACTIVE' AND m.needs_review`);
    return paginate(qb, args, [
      { column: 'm.proposed_at', direction: 'DESC', value: (m) => m.proposedAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'DESC', value: (m) => m.id, cast: 'uuid' },
    ]);
  }

  /** Approved mentors and members with a profile, with their load. */
  async mentors(args: { first: number; after?: string | null }) {
    const qb = this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .where('(u.is_mentor OR EXISTS (SELECT 1 FROM mentor_profiles p WHERE p.user_id = u.id))');
    const page = await paginate(qb, args, [{ column: 'u.id', direction: 'ASC', value: (u) => u.id, cast: 'uuid' }]);
    const ids = page.edges.map((e) => e.node.id);
    const [profiles, counts] = await Promise.all([
      this.profilesOf(ids),
      this.ds.query(
        `SELECT mentor_id, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active,
                count(*) FILTER (WHERE status = 'PROPOSED')::int AS proposed,
                count(*) FILTER (WHERE status = 'ACTIVE' AND needs_review)::int AS review
           FROM mentor_matches WHERE mentor_id = ANY($1) GROUP BY mentor_id`,
        [ids],
      ),
    ]);
    const profileBy = new Map(profiles.map((p) => [p.userId, p]));
    const countBy = new Map<string, { active: number; proposed: number; review: number }>(counts.map((c: { mentor_id: string }) => [c.mentor_id, c]));
    return {
      pageInfo: page.pageInfo,
      get totalCount() {
        return page.totalCount;
      },
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: {
          mentor: e.node,
          profile: profileBy.get(e.node.id) ?? null,
          activeCount: countBy.get(e.node.id)?.active ?? 0,
          proposedCount: countBy.get(e.node.id)?.proposed ?? 0,
          reviewCount: countBy.get(e.node.id)?.review ?? 0,
        },
      })),
    };
  }

  /** A transaction whose notifications and match events go out once it commits (a fresh outbox per attempt). */
  private async tx<T>(work: (em: EntityManager, out: Outbox) => Promise<T>): Promise<T> {
    let out = new Outbox();
    const result = await inTransaction(this.ds, (em) => {
      out = new Outbox();
      return work(em, out);
    });
    this.flush(out);
    return result;
  }

  private flush(out: Outbox): void {
    this.notifications.publish(...out.notes);
    for (const m of out.matches.values()) this.pubsub.publish(MentoringTopic.MATCH_UPDATED, matchEvent(m));
  }
}
