import { DataSource, type EntityManager } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import { inTransaction, isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { paginate } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isUuid } from '../../core/ids';
import type { AccountsService } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import type { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import { Congratulation } from './congratulation.entity';
import { Milestone } from './milestone.entity';
import { addDays, daysSober, milestoneAt, milestonesReached, nextMilestone, todayIn } from './milestones';
import { SobrietyAccess } from './sobriety-access.entity';
import { SobrietyJourney } from './sobriety-journey.entity';
import { SobrietySettings } from './sobriety-settings.entity';
import { SobrietyAccessReason, Visibility } from './sobriety.enums';
import { auditReason, canSeeSobriety, type SobrietyRelation } from './sobriety.policy';
import { SobrietyTopic, type MilestoneReachedEvent } from './sobriety.topics';
import type { Sobriety } from './sobriety.types';

export const EARLIEST_SOBRIETY_DATE = '1900-01-01';

/**
 * Who mentors whom: the mentoring module answers from its ACTIVE matches (plugged in as
 * `SobrietyService.mentors` in src/services.ts). Without it nobody is anyone's mentor and
 * the MENTOR tier shows the data to the member alone.
 */
export interface MentorDirectory {
  activeMentorOf(memberId: string): Promise<string | null>;
  activeMenteesOf(mentorId: string): Promise<string[]>;
}

export const NO_MENTORING: MentorDirectory = {
  activeMentorOf: async () => null,
  activeMenteesOf: async () => [],
};

/**
 * Runs inside the transaction of a reset (a new sobriety date replacing the current one);
 * a function it returns runs after the commit (to deliver notifications).
 */
export type ResetHook = (em: EntityManager, userId: string, now: Date) => Promise<(() => void) | void>;

export interface AccessRecord {
  memberId: string;
  viewerId: string;
  field: string;
  reason: SobrietyAccessReason;
}

interface DueJourney {
  id: string;
  user_id: string;
  start_date: string;
  recorded_on: string;
  time_zone: string;
}

/** Sobriety dates, milestones, celebrations and the record of who read them. */
export class SobrietyService {
  mentors: MentorDirectory = NO_MENTORING;
  /** Called on every reset; mentoring lapses a mentor's approval here. */
  readonly onReset: ResetHook[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly pubsub: PubSub,
    private readonly log: Logger,
  ) {}

  /** The member's mentor in an ACTIVE match, or null. */
  activeMentorOf(memberId: string): Promise<string | null> {
    return this.mentors.activeMentorOf(memberId);
  }

  async setSobrietyDate(viewer: AuthUser, input: { date: string; visibility: Visibility; announce?: boolean | null }, now = new Date()): Promise<Sobriety> {
    if (!Object.values(Visibility).includes(input.visibility)) {
      throw new BadInputError('visibility', 'Choose who may see your sobriety date.');
    }
    if (input.date < EARLIEST_SOBRIETY_DATE) {
      throw new BadInputError('date', 'The date cannot be before 1900-01-01.', { reason: 'TOO_EARLY' });
    }
    let afterCommit: Array<() => void> = [];
    const timeZone = await inTransaction(this.ds, async (em) => {
      afterCommit = [];
      // The user row lock serializes a member's concurrent calls; the journey row lock orders them with the award job.
      const [member] = await em.query(`SELECT time_zone FROM users WHERE id = $1 FOR UPDATE`, [viewer.id]);
      if (!member) throw new NotFoundError('User');
      const today = todayIn(member.time_zone, now);
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
          for (const hook of this.onReset) {
            const after = await hook(em, viewer.id, now);
            if (after) afterCommit.push(after);
          }
        }
        await repo.insert({
          userId: viewer.id,
          startDate: input.date,
          visibility: input.visibility,
          isCurrent: true,
          recordedOn: today,
          nextAwardOn: milestoneAt(input.date, 0).date,
        });
      }
      if (input.announce !== undefined && input.announce !== null) await this.saveAnnounce(em, viewer.id, input.announce);
      return member.time_zone as string;
    });
    for (const after of afterCommit) after();
    return (await this.sobrietyOf(viewer, { id: viewer.id, timeZone }, now))!;
  }

  async setMilestoneAnnouncements(viewer: AuthUser, enabled: boolean): Promise<{ enabled: boolean }> {
    await this.saveAnnounce(this.ds.manager, viewer.id, enabled);
    return { enabled };
  }

  private async saveAnnounce(em: EntityManager, userId: string, enabled: boolean): Promise<void> {
    await em.query(
      `INSERT INTO sobriety_settings (user_id, announce_milestones) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET announce_milestones = EXCLUDED.announce_milestones, updated_at = now()`,
      [userId, enabled],
    );
  }

  async announces(userId: string): Promise<boolean> {
    const row = await this.ds.getRepository(SobrietySettings).findOne({ where: { userId } });
    return row?.announceMilestones ?? true;
  }

  private async relation(viewer: AuthUser, memberId: string): Promise<SobrietyRelation> {
    if (viewer.id === memberId) return { blocked: false, isActiveMentor: false };
    const [blocked, mentor] = await Promise.all([this.accounts.isBlockedEitherWay(viewer.id, memberId), this.activeMentorOf(memberId)]);
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

  currentJourney(memberId: string): Promise<SobrietyJourney | null> {
    return this.ds.getRepository(SobrietyJourney).findOne({ where: { userId: memberId, isCurrent: true } });
  }

  async currentJourneys(memberIds: readonly string[]): Promise<SobrietyJourney[]> {
    return this.ds
      .getRepository(SobrietyJourney)
      .createQueryBuilder('j')
      .where('j.user_id = ANY(:ids) AND j.is_current', { ids: [...memberIds] })
      .getMany();
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
    return this.ds.getRepository(SobrietyJourney).find({ where: { userId: memberId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async recordAccess(records: readonly AccessRecord[]): Promise<void> {
    if (!records.length) return;
    await this.ds.getRepository(SobrietyAccess).insert(records.map((r) => ({ ...r })));
  }

  accessLog(viewer: AuthUser, args: { first: number; after?: string | null }) {
    const qb = this.ds.getRepository(SobrietyAccess).createQueryBuilder('a').where('a.member_id = :uid', { uid: viewer.id });
    return paginate(qb, args, [
      { column: 'a.accessed_at', direction: 'DESC', value: (a) => a.accessedAt, cast: 'timestamptz' },
      { column: 'a.id', direction: 'DESC', value: (a) => a.id, cast: 'uuid' },
    ]);
  }

  /**
   * Awards every milestone reached by now on each current journey, on the member's local
   * date, catching up after downtime. The unique (journey, label) and the journey row lock
   * make concurrent runs award each milestone exactly once. Milestones that were already
   * past when the member entered the date, or older than a day, are recorded silently.
   */
  async awardDueMilestones(now = new Date()): Promise<{ awarded: number }> {
    // No zone is more than a day ahead of UTC: a cheap bound before the exact local check.
    const horizon = addDays(now.toISOString().slice(0, 10), 1);
    const due: DueJourney[] = await this.ds.query(
      `SELECT j.id, j.user_id, j.start_date::text AS start_date, j.recorded_on::text AS recorded_on, u.time_zone
         FROM sobriety_journeys j JOIN users u ON u.id = j.user_id
        WHERE j.is_current AND j.next_award_on <= $1::date`,
      [horizon],
    );
    let awarded = 0;
    for (const j of due) {
      try {
        awarded += await this.awardJourney(j, now);
      } catch (err) {
        // One member's trouble must not stop everyone else's. Only ids and the error code are
        // logged: a query error carries its parameters, which hold dates and labels.
        const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
        this.log.error({ journeyId: j.id, code }, 'milestone award failed');
      }
    }
    return { awarded };
  }

  private async awardJourney(j: DueJourney, now: Date): Promise<number> {
    const today = todayIn(j.time_zone, now);
    const reached = milestonesReached(j.start_date, today);
    if (!reached.length) return 0;
    const announceFrom = addDays(today, -1);
    const result = await inTransaction(this.ds, async (em) => {
      // Locked and re-checked: a reset that committed meanwhile means nothing to award.
      const [locked] = await em.query(`SELECT id FROM sobriety_journeys WHERE id = $1 AND is_current FOR UPDATE`, [j.id]);
      if (!locked) return null;
      const values: unknown[] = [];
      const tuples = reached.map((m, i) => {
        const announced = m.date >= j.recorded_on && m.date >= announceFrom;
        values.push(m.label, i, m.date, announced);
        const b = i * 4;
        return `($1, $2, $${b + 3}, $${b + 4}, $${b + 5}::date, $${b + 6})`;
      });
      const inserted: Array<{ id: string; label: string; position: number; reached_on: string; announced: boolean; created_at: Date }> =
        await em.query(
          `INSERT INTO sobriety_milestones (journey_id, user_id, label, position, reached_on, announced)
           VALUES ${tuples.join(', ')}
           ON CONFLICT ON CONSTRAINT uq_sobriety_milestones_journey_label DO NOTHING
           RETURNING id, label, position, reached_on::text AS reached_on, announced, created_at`,
          [j.id, j.user_id, ...values],
        );
      await em.query(`UPDATE sobriety_journeys SET next_award_on = $2 WHERE id = $1`, [j.id, nextMilestone(j.start_date, today).date]);
      const notes: Notification[] = [];
      for (const m of inserted) {
        // Milestones already past when the member entered the date are no news to them.
        if (m.reached_on < j.recorded_on) continue;
        notes.push(
          await this.notifications.create(em, {
            userId: j.user_id,
            kind: NotificationKind.MILESTONE_REACHED,
            message: `You reached a milestone: ${m.label}.`,
            subjectId: m.id,
          }),
        );
      }
      return { inserted, notes };
    });
    if (!result) return 0;
    this.notifications.publish(...result.notes);
    for (const m of result.inserted) {
      if (!m.announced) continue;
      const event: MilestoneReachedEvent = {
        id: m.id,
        journeyId: j.id,
        userId: j.user_id,
        label: m.label,
        position: m.position,
        reachedOn: m.reached_on,
        createdAt: new Date(m.created_at).toISOString(),
      };
      this.pubsub.publish(SobrietyTopic.MILESTONE_REACHED, event);
    }
    return result.inserted.length;
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
    if (!(await this.announces(event.userId))) return false;
    const rel = await this.relation(viewer, event.userId);
    if (!canSeeSobriety(viewer, event.userId, journey.visibility, rel)) return false;
    const reason = auditReason(viewer, event.userId, rel);
    if (reason) await this.recordAccess([{ memberId: event.userId, viewerId: viewer.id, field: 'milestoneReached', reason }]);
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
    const milestone = isUuid(input.milestoneId) ? await this.ds.getRepository(Milestone).findOne({ where: { id: input.milestoneId } }) : null;
    if (!milestone) throw new NotFoundError('Milestone');
    if (milestone.userId === viewer.id) throw new BadInputError('milestoneId', 'You cannot congratulate yourself.');
    const journey = await this.currentJourney(milestone.userId);
    const visible =
      !!journey &&
      journey.id === milestone.journeyId &&
      canSeeSobriety(viewer, milestone.userId, journey.visibility, await this.relation(viewer, milestone.userId));
    if (!visible) throw new NotFoundError('Milestone');
    try {
      const { congratulation, note } = await inTransaction(this.ds, async (em) => {
        const repo = em.getRepository(Congratulation);
        const congratulation = await repo.save(repo.create({ milestoneId: milestone.id, fromUserId: viewer.id, message }));
        const note = await this.notifications.create(em, {
          userId: milestone.userId,
          kind: NotificationKind.CONGRATULATED,
          message: `${viewer.displayName} sent you congratulations.`,
          subjectId: milestone.id,
        });
        return { congratulation, note };
      });
      this.notifications.publish(note);
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
