import { In, type DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Transactor, Tx } from '../../core/outbox';
import { paginate } from '../../core/pagination';
import type { AccountsService } from '../accounts/accounts.service';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import type { AuditLog } from '../audit/audit.service';
import { User } from '../accounts/user.entity';
import { daysSober, todayIn } from '../sobriety/milestones';
import { lockMember } from '../sobriety/sobriety.queries';
import type { SobrietyService } from '../sobriety/sobriety.service';
import { MentorProfile } from './mentor-profile.entity';
import type { MentorProposalService } from './mentor-proposal.service';
import type { MentoringSettings } from './mentoring.config';
import { MAX_CAPACITY } from './mentoring.constants';
import {
  flagActiveMatchesForReview,
  isApprovedMentor,
  lockProfile,
  lockProfileState,
  markProfileApproved,
  markProfileLapsed,
  mentorLoads,
  setAcceptingMentees,
  setMentorFlag,
  upsertProfile,
} from './mentoring.queries';
import type { Slot } from './mentoring.scoring';
import { cleanAvailability, cleanFocusAreas, cleanGender, cleanLanguages } from './mentoring.validation';

export interface MentorProfileInput {
  bio: string;
  focusAreas: string[];
  languages: string[];
  capacity: number;
  acceptingMentees: boolean;
  availability?: Slot[] | null;
  gender?: string | null;
}

/** Mentor profiles, approval and its lapse, and the coordinators' view of mentors. */
export class MentorProfileService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly accounts: AccountsService,
    private readonly sobriety: SobrietyService,
    private readonly proposals: MentorProposalService,
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly settings: MentoringSettings,
  ) {}

  async upsertProfile(viewer: AuthUser, input: MentorProfileInput, now = new Date()): Promise<MentorProfile> {
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
    await this.tx.run(async (tx) => {
      // The row lock orders this with a lapse: a lapsed profile is never switched back on here.
      const state = await lockProfileState(tx.em, viewer.id);
      if (input.acceptingMentees && state?.lapsed) throw lapsedResume('acceptingMentees');
      await upsertProfile(tx.em, {
        userId: viewer.id,
        bio,
        focusAreas,
        languages,
        capacity: input.capacity,
        acceptingMentees: input.acceptingMentees,
        availability,
        gender,
      });
      if (!input.acceptingMentees) await this.proposals.withdrawProposals(tx, viewer.id, now);
    });
    return this.ds.getRepository(MentorProfile).findOneByOrFail({ userId: viewer.id });
  }

  /**
   * The mentor's pause: off, they take no new mentees, and the proposals waiting for their
   * answer go to other mentors at once; active matches go on. A lapse after a sobriety reset
   * does exactly this too, so that nobody but coordinators can tell the two apart; only a
   * coordinator's new approval ends a lapse.
   */
  async setAcceptingMentees(viewer: AuthUser, accepting: boolean, now = new Date()): Promise<MentorProfile> {
    await this.tx.run(async (tx) => {
      const state = await lockProfileState(tx.em, viewer.id);
      if (!state) throw new NotFoundError('MentorProfile');
      if (accepting && state.lapsed) throw lapsedResume(undefined);
      if (state.acceptingMentees !== accepting) await setAcceptingMentees(tx.em, viewer.id, accepting);
      if (!accepting) await this.proposals.withdrawProposals(tx, viewer.id, now);
    });
    return this.ds.getRepository(MentorProfile).findOneByOrFail({ userId: viewer.id });
  }

  profileOf(userId: string): Promise<MentorProfile | null> {
    return this.ds.getRepository(MentorProfile).findOne({ where: { userId } });
  }

  profilesOf(userIds: readonly string[]): Promise<MentorProfile[]> {
    return this.ds.getRepository(MentorProfile).find({ where: { userId: In([...userIds]) } });
  }

  /** Coordinators approve a member with a profile and enough time on their current journey. */
  async approveMentor(
    actor: AuthUser,
    userId: string,
    now = new Date(),
  ): Promise<{ user: User; profile: MentorProfile }> {
    const user = await this.accounts.findUser(userId);
    await this.tx.run(async (tx) => {
      const { em } = tx;
      // Same lock as a sobriety reset takes: an approval cannot slip past a reset.
      const timeZone = await lockMember(em, user.id);
      if (timeZone === null) throw new NotFoundError('User');
      if (!(await lockProfile(em, user.id)))
        throw new BadInputError('userId', 'This member has no mentor profile yet.', { reason: 'NO_PROFILE' });
      if (user.isSuspended(now))
        throw new BadInputError('userId', 'This member is suspended.', { reason: 'SUSPENDED' });
      const journey = await this.sobriety.currentJourney(user.id);
      const days = journey ? daysSober(journey.startDate, todayIn(timeZone, now)) : 0;
      if (days < this.settings.minSoberDays) {
        // No number in the message: a member's sober time is theirs to share.
        throw new BadInputError('userId', 'This member does not yet meet the minimum time in recovery for mentoring.', {
          reason: 'NOT_ENOUGH_SOBER_TIME',
          minimumDays: this.settings.minSoberDays,
        });
      }
      await setMentorFlag(em, user.id, true);
      this.accounts.changedAfterCommit(tx, user.id);
      await markProfileApproved(em, user.id, now, actor.id);
      // In the approval's transaction; no time in recovery in it, which is the member's to share.
      await this.audit.append(tx, {
        actorId: actor.id,
        action: ModerationLogAction.MENTOR_APPROVE,
        targetType: ModerationTarget.USER,
        targetId: user.id,
        reason: 'Mentor profile approved.',
      });
    });
    this.log.info({ actorId: actor.id, userId: user.id }, 'mentor approved');
    return {
      user: await this.accounts.findUser(user.id),
      profile: await this.ds.getRepository(MentorProfile).findOneByOrFail({ userId: user.id }),
    };
  }

  /**
   * A sobriety reset, inside its transaction: the approval lapses (no mentor rights, never
   * proposed), the profile pauses exactly as `setAcceptingMentees(false)` pauses it, active
   * matches are flagged for coordinators (mentees are not told), and open proposals go to
   * other mentors. To everyone but the mentor and coordinators it looks like a pause.
   */
  async lapseApproval(tx: Tx, userId: string, now: Date): Promise<void> {
    if (!(await isApprovedMentor(tx.em, userId))) return;
    await setMentorFlag(tx.em, userId, false);
    this.accounts.changedAfterCommit(tx, userId);
    await markProfileLapsed(tx.em, userId, now);
    await flagActiveMatchesForReview(tx.em, userId);
    // Not logged: a lapse tells that the mentor reset their sobriety date.
    await this.proposals.withdrawProposals(tx, userId, now);
  }

  /** Approved mentors and members with a profile, with their load. */
  async mentors(args: { first: number; after?: string | null }) {
    const qb = this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .where('(u.is_mentor OR EXISTS (SELECT 1 FROM mentor_profiles p WHERE p.user_id = u.id))');
    const page = await paginate(qb, args, [{ column: 'u.id', direction: 'ASC', value: (u) => u.id, cast: 'uuid' }]);
    const ids = page.edges.map((e) => e.node.id);
    const [profiles, countBy] = await Promise.all([this.profilesOf(ids), mentorLoads(this.ds, ids)]);
    const profileBy = new Map(profiles.map((p) => [p.userId, p]));
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
}

/** A lapsed approval is ended by a coordinator's new approval only; the mentor alone is told so. */
function lapsedResume(field: string | undefined): Error {
  const message = 'You can take new mentees again once a coordinator renews your approval.';
  return field
    ? new BadInputError(field, message, { reason: 'APPROVAL_LAPSED' })
    : new ConflictError(message, { reason: 'APPROVAL_LAPSED' });
}
