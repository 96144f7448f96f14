import type { DataSource } from 'typeorm';
import { isAlly, isCoordinator, type AuthUser } from '../../core/auth';
import { isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import type { DomainEvents } from '../../core/events';
import type { Logger } from '../../core/logger';
import type { Transactor } from '../../core/outbox';
import type { Sql } from '../../core/sql';
import { paginate } from '../../core/pagination';
import { isUuid } from '../../core/ids';
import type { AccountsService } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { NotificationKind } from '../notifications/notification-kind.enum';
import { ACTOR, type NotificationsService } from '../notifications/notification.service';
import { Congratulation } from './congratulation.entity';
import { Milestone } from './milestone.entity';
import { addDays, daysSober, milestonesReached, nextMilestone, todayIn } from './milestones';
import { SobrietyAccess } from './sobriety-access.entity';
import { SobrietyJourney } from './sobriety-journey.entity';
import { SobrietySettings } from './sobriety-settings.entity';
import { SobrietyAccessReason, Visibility } from './sobriety.enums';
import { SobrietyReset } from './sobriety.events';
import { auditReason, canSeeSobriety, type SobrietyRelation } from './sobriety.policy';
import {
  currentJourneys,
  dueJourneys,
  insertMilestones,
  lockCurrentJourney,
  lockMember,
  saveAnnounce,
  setNextAwardOn,
  type DueJourney,
} from './sobriety.queries';
import { SobrietyTopic, type MilestoneReachedEvent } from './sobriety.topics';
import type { Sobriety } from './sobriety.types';

export const EARLIEST_SOBRIETY_DATE = '1900-01-01';

/**
 * Who mentors whom, for the MENTOR tier: the mentoring module answers from its ACTIVE
 * matches, through the MENTOR_LOOKUP port.
 */
export interface AllyLookup {
  /** The member whose milestones this ally is shared now; null when none. */
  memberSharingMilestonesWith(allyId: string): Promise<string | null>;
}

export interface MentorLookup {
  activeMentorOf(memberId: string): Promise<string | null>;
  activeMenteesOf(mentorId: string): Promise<string[]>;
  /** Every ACTIVE match as SQL rows `(mentee_id, mentor_id)`, for set-based queries. */
  readonly activeMatchesSql: Sql;
}

export interface AccessRecord {
  memberId: string;
  viewerId: string;
  field: string;
  reason: SobrietyAccessReason;
}

/** Sobriety dates, milestones, celebrations and the record of who read them. */
export class SobrietyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly events: DomainEvents,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly mentors: MentorLookup,
    private readonly log: Logger,
    private readonly allies: AllyLookup,
  ) {}

  async setSobrietyDate(
    viewer: AuthUser,
    input: { date: string; visibility: Visibility; announce?: boolean | null },
    now = new Date(),
  ): Promise<Sobriety> {
    if (!Object.values(Visibility).includes(input.visibility)) {
      throw new BadInputError('visibility', 'Choose who may see your sobriety date.');
    }
    if (input.date < EARLIEST_SOBRIETY_DATE) {
      throw new BadInputError('date', 'The date cannot be before 1900-01-01.', { reason: 'TOO_EARLY' });
    }
    const timeZone = await this.tx.run(async (tx) => {
      const { em } = tx;
      // The user row lock serializes a member's concurrent calls; the journey row lock orders them with the award job.
      const memberTimeZone = await lockMember(em, viewer.id);
      if (memberTimeZone === null) throw new NotFoundError('User');
      const today = todayIn(memberTimeZone, now);
      if (input.date > today) {
        throw new BadInputError('date', 'The date cannot be in the future.', { reason: 'FUTURE' });
      }
      const repo = em.getRepository(SobrietyJourney);
      const current = await repo
        .createQueryBuilder('j')
        .setLock('pessimistic_write')
        .where('j.user_id = :uid AND j.is_current', { uid: viewer.id })
        .getOne();
      if (current && current.startDate === input.date) {
        if (current.visibility !== input.visibility) await repo.update(current.id, { visibility: input.visibility });
      } else {
        // A reset: the old journey stays, for the member alone; nothing is announced.
        if (current) {
          await repo.update(current.id, { isCurrent: false, endedAt: now });
          await this.events.emit(SobrietyReset, { userId: viewer.id, now }, tx);
        }
        // Milestones already behind the member on the day they enter the date are theirs at once,
        // in this transaction, and silent: never announced, notified, fed or delivered. The award
        // job starts after them (next_award_on) and skips them if it meets them (unique label).
        const reached = milestonesReached(input.date, today);
        const inserted = await repo.insert({
          userId: viewer.id,
          startDate: input.date,
          visibility: input.visibility,
          isCurrent: true,
          recordedOn: today,
          nextAwardOn: nextMilestone(input.date, today).date,
        });
        const journeyId = (inserted.identifiers[0] as { id: string }).id;
        if (reached.length) {
          await insertMilestones(
            em,
            { id: journeyId, userId: viewer.id },
            reached.map((m, i) => ({ label: m.label, position: i, reachedOn: m.date, announced: false })),
          );
        }
      }
      if (input.announce !== undefined && input.announce !== null) await saveAnnounce(em, viewer.id, input.announce);
      return memberTimeZone;
    });
    const sobriety = await this.sobrietyOf(viewer, { id: viewer.id, timeZone }, now);
    // The member always sees their own journey, which was just written.
    if (!sobriety) throw new NotFoundError('Sobriety');
    return sobriety;
  }

  async setMilestoneAnnouncements(viewer: AuthUser, enabled: boolean): Promise<{ enabled: boolean }> {
    await saveAnnounce(this.ds, viewer.id, enabled);
    return { enabled };
  }

  async announces(userId: string): Promise<boolean> {
    const row = await this.ds.getRepository(SobrietySettings).findOne({ where: { userId } });
    return row?.announceMilestones ?? true;
  }

  private async relation(viewer: AuthUser, memberId: string): Promise<SobrietyRelation> {
    if (viewer.id === memberId) return { blocked: false, isActiveMentor: false };
    const [blocked, mentor] = await Promise.all([
      this.accounts.isBlockedEitherWay(viewer.id, memberId),
      this.mentors.activeMentorOf(memberId),
    ]);
    return { blocked, isActiveMentor: mentor === viewer.id };
  }

  /**
   * The member's current sobriety as `viewer` may see it, or null: no journey, or the
   * visibility does not reach the viewer. `journey` may be passed in from a loader.
   */
  async sobrietyOf(
    viewer: AuthUser | null,
    member: Pick<User, 'id' | 'timeZone'>,
    now = new Date(),
    journey?: SobrietyJourney | null,
  ): Promise<Sobriety | null> {
    if (!viewer) return null;
    const memberId = member.id;
    const current = journey !== undefined ? journey : await this.currentJourney(memberId);
    if (!current) return null;
    const rel = await this.relation(viewer, memberId);
    if (!canSeeSobriety(viewer, memberId, current.visibility, rel)) return null;
    const reason = auditReason(viewer, memberId, rel);
    const today = todayIn(member.timeZone, now);
    return {
      journey: current,
      memberId,
      today,
      isSelf: viewer.id === memberId,
      audit: reason ? { viewerId: viewer.id, reason } : null,
      date: current.startDate,
      days: daysSober(current.startDate, today),
      visibility: current.visibility,
      nextMilestone: nextMilestone(current.startDate, today),
    } as Sobriety;
  }

  /**
   * The member's current sobriety as an ally they share milestones with sees it; the caller
   * has checked the sharing. Each field read is recorded for the member, as a mentor's is.
   */
  async sobrietyForAlly(
    allyId: string,
    member: Pick<User, 'id' | 'timeZone'>,
    now = new Date(),
  ): Promise<Sobriety | null> {
    const current = await this.currentJourney(member.id);
    if (!current) return null;
    const today = todayIn(member.timeZone, now);
    return {
      journey: current,
      memberId: member.id,
      today,
      isSelf: false,
      audit: { viewerId: allyId, reason: SobrietyAccessReason.ALLY },
      date: current.startDate,
      days: daysSober(current.startDate, today),
      visibility: current.visibility,
      nextMilestone: nextMilestone(current.startDate, today),
    } as Sobriety;
  }

  /**
   * Of these members, those whose current sobriety `viewer` may see, by the same policy as
   * `sobrietyOf`. Reads by a coordinator or a mentor are recorded under `field` for each
   * member they reach. For other modules that show something drawn from sobriety data.
   */
  async disclosedTo(viewer: AuthUser, memberIds: readonly string[], field: string): Promise<Set<string>> {
    const ids = [...new Set(memberIds)];
    if (!ids.length) return new Set();
    const journeys = await this.currentJourneys(ids);
    const seen = new Set<string>();
    const records: AccessRecord[] = [];
    for (const j of journeys) {
      const rel = await this.relation(viewer, j.userId);
      if (!canSeeSobriety(viewer, j.userId, j.visibility, rel)) continue;
      seen.add(j.userId);
      const reason = auditReason(viewer, j.userId, rel);
      if (reason) records.push({ memberId: j.userId, viewerId: viewer.id, field, reason });
    }
    await this.recordAccess(records);
    return seen;
  }

  async currentJourney(memberId: string): Promise<SobrietyJourney | null> {
    const [journey] = await currentJourneys(this.ds, [memberId]);
    return journey ?? null;
  }

  currentJourneys(memberIds: readonly string[]): Promise<SobrietyJourney[]> {
    return currentJourneys(this.ds, memberIds);
  }

  async milestonesOfJourneys(journeyIds: readonly string[]): Promise<Milestone[]> {
    return this.ds
      .getRepository(Milestone)
      .createQueryBuilder('m')
      .where('m.journey_id = ANY(:ids)', { ids: [...journeyIds] })
      .orderBy('m.position', 'ASC')
      .getMany();
  }

  journeysOf(memberId: string): Promise<SobrietyJourney[]> {
    return this.ds
      .getRepository(SobrietyJourney)
      .find({ where: { userId: memberId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async recordAccess(records: readonly AccessRecord[]): Promise<void> {
    if (!records.length) return;
    await this.ds.getRepository(SobrietyAccess).insert(records.map((r) => ({ ...r })));
  }

  accessLog(viewer: AuthUser, args: { first: number; after?: string | null }) {
    const qb = this.ds
      .getRepository(SobrietyAccess)
      .createQueryBuilder('a')
      .where('a.member_id = :uid', { uid: viewer.id });
    return paginate(qb, args, [
      { column: 'a.accessed_at', direction: 'DESC', value: (a) => a.accessedAt, cast: 'timestamptz' },
      { column: 'a.id', direction: 'DESC', value: (a) => a.id, cast: 'uuid' },
    ]);
  }

  /**
   * Awards every milestone reached by now on each current journey, on the member's local
   * date, catching up after downtime. The unique (journey, label) and the journey row lock
   * make concurrent runs award each milestone exactly once. Milestones reached by the day the
   * member entered the date were recorded then (see setSobrietyDate) and are skipped here;
   * any older than a day are recorded silently.
   */
  async awardDueMilestones(now = new Date()): Promise<{ awarded: number }> {
    // No zone is more than a day ahead of UTC: a cheap bound before the exact local check.
    const horizon = addDays(now.toISOString().slice(0, 10), 1);
    const due = await dueJourneys(this.ds, horizon);
    let awarded = 0;
    for (const j of due) {
      try {
        awarded += await this.awardJourney(j, now);
      } catch (err) {
        // One member's trouble must not stop everyone else's. Only ids and the error code are
        // logged: a query error carries its parameters, which hold dates and labels.
        const code =
          (err as { code?: string; driverError?: { code?: string } }).driverError?.code ??
          (err as { code?: string }).code;
        this.log.error({ journeyId: j.id, code }, 'milestone award failed');
      }
    }
    return { awarded };
  }

  private async awardJourney(j: DueJourney, now: Date): Promise<number> {
    const today = todayIn(j.timeZone, now);
    const reached = milestonesReached(j.startDate, today);
    if (!reached.length) return 0;
    const announceFrom = addDays(today, -1);
    return this.tx.run(async (tx) => {
      // Locked and re-checked: a reset that committed meanwhile means nothing to award.
      if (!(await lockCurrentJourney(tx.em, j.id))) return 0;
      const inserted = await insertMilestones(
        tx.em,
        j,
        reached.map((m, i) => ({
          label: m.label,
          position: i,
          reachedOn: m.date,
          announced: m.date >= j.recordedOn && m.date >= announceFrom,
        })),
      );
      await setNextAwardOn(tx.em, j.id, nextMilestone(j.startDate, today).date);
      for (const m of inserted) {
        // Milestones already past when the member entered the date are no news to them.
        if (m.reachedOn < j.recordedOn) continue;
        await this.notifications.add(tx, {
          userId: j.userId,
          kind: NotificationKind.MILESTONE_REACHED,
          message: `You reached a milestone: ${m.label}.`,
          subjectId: m.id,
        });
      }
      for (const m of inserted) {
        if (!m.announced) continue;
        const event: MilestoneReachedEvent = {
          id: m.id,
          journeyId: j.id,
          userId: j.userId,
          label: m.label,
          position: m.position,
          reachedOn: m.reachedOn,
          createdAt: m.createdAt.toISOString(),
        };
        tx.outbox.publish(SobrietyTopic.MILESTONE_REACHED, event);
      }
      return inserted.length;
    });
  }

  /**
   * Whether a milestone event reaches `viewer`: the same policy as the feed, checked at
   * delivery so that a reset, an opt-out or a block in the meantime is honoured.
   */
  async deliverMilestoneEvent(viewer: AuthUser | null, event: MilestoneReachedEvent): Promise<boolean> {
    if (!viewer) return false;
    const journey = await this.currentJourney(event.userId);
    if (!journey || journey.id !== event.journeyId) return false;
    if (viewer.id === event.userId) return true;
    if (isAlly(viewer)) {
      // An ally is told of their own member's milestones, and only while the member shares them.
      if ((await this.allies.memberSharingMilestonesWith(viewer.id)) !== event.userId) return false;
      await this.recordAccess([
        { memberId: event.userId, viewerId: viewer.id, field: 'milestoneReached', reason: SobrietyAccessReason.ALLY },
      ]);
      return true;
    }
    if (!(await this.announces(event.userId))) return false;
    const rel = await this.relation(viewer, event.userId);
    if (!canSeeSobriety(viewer, event.userId, journey.visibility, rel)) return false;
    const reason = auditReason(viewer, event.userId, rel);
    if (reason)
      await this.recordAccess([{ memberId: event.userId, viewerId: viewer.id, field: 'milestoneReached', reason }]);
    return true;
  }

  /** Announced milestones of others that the viewer may see, newest first. */
  async milestoneFeed(viewer: AuthUser, args: { first: number; after?: string | null }) {
    const mentees = await this.mentors.activeMenteesOf(viewer.id);
    const qb = this.ds
      .getRepository(Milestone)
      .createQueryBuilder('m')
      .innerJoin(SobrietyJourney, 'j', 'j.id = m.journey_id AND j.is_current')
      .leftJoin(SobrietySettings, 's', 's.user_id = m.user_id')
      .where('m.announced AND m.user_id <> :viewer', { viewer: viewer.id })
      .andWhere('COALESCE(s.announce_milestones, true)')
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = :viewer AND b.blocked_id = m.user_id)
                                                  OR (b.blocker_id = m.user_id AND b.blocked_id = :viewer))`,
      )
      .andWhere(
        `(j.visibility = 'NETWORK'
          OR (j.visibility = 'COORDINATORS' AND :coordinator)
          OR (j.visibility IN ('MENTOR', 'COORDINATORS') AND m.user_id = ANY(:mentees)))`,
        { coordinator: isCoordinator(viewer), mentees },
      );
    const page = await paginate(qb, args, [
      { column: 'm.created_at', direction: 'DESC', value: (m) => m.createdAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'DESC', value: (m) => m.id, cast: 'uuid' },
    ]);
    const members = [...new Set(page.edges.map((e) => e.node.userId))];
    const menteeSet = new Set(mentees);
    const records = members.flatMap((memberId) => {
      const reason = auditReason(viewer, memberId, { blocked: false, isActiveMentor: menteeSet.has(memberId) });
      return reason ? [{ memberId, viewerId: viewer.id, field: 'milestoneFeed', reason }] : [];
    });
    await this.recordAccess(records);
    return page;
  }

  async congratulate(viewer: AuthUser, input: { milestoneId: string; message: string }) {
    const message = input.message.trim();
    if (!message || message.length > 500) throw new BadInputError('message', 'Write 1 to 500 characters.');
    const milestone = isUuid(input.milestoneId)
      ? await this.ds.getRepository(Milestone).findOne({ where: { id: input.milestoneId } })
      : null;
    if (!milestone) throw new NotFoundError('Milestone');
    if (milestone.userId === viewer.id) throw new BadInputError('milestoneId', 'You cannot congratulate yourself.');
    const journey = await this.currentJourney(milestone.userId);
    const visible =
      !!journey &&
      journey.id === milestone.journeyId &&
      canSeeSobriety(viewer, milestone.userId, journey.visibility, await this.relation(viewer, milestone.userId));
    if (!visible) throw new NotFoundError('Milestone');
    try {
      const congratulation = await this.tx.run(async (tx) => {
        const repo = tx.em.getRepository(Congratulation);
        const saved = await repo.save(repo.create({ milestoneId: milestone.id, fromUserId: viewer.id, message }));
        await this.notifications.add(tx, {
          userId: milestone.userId,
          kind: NotificationKind.CONGRATULATED,
          // The name is rendered when read: a renamed or departed member is never spelled out here.
          message: `${ACTOR} sent you congratulations.`,
          actorId: viewer.id,
          subjectId: milestone.id,
        });
        return saved;
      });
      return { congratulation };
    } catch (err) {
      if (isUniqueViolation(err, 'uq_milestone_congratulations_once')) {
        throw new ConflictError('You have already congratulated this milestone.', { field: 'milestoneId' });
      }
      throw err;
    }
  }

  milestoneById(id: string): Promise<Milestone | null> {
    return this.ds.getRepository(Milestone).findOne({ where: { id } });
  }
}
