import type { AuthUser } from '../../core/auth';
import type { MatchingRoundService } from './matching-round.service';
import type { MentorMatchService } from './mentor-match.service';
import type { MentorProfileService } from './mentor-profile.service';

/**
 * The module's services in one place, for seeds, scripts and tests (the MENTORING port).
 * Resolvers and event handlers use the services themselves.
 */
export class MentoringService {
  constructor(
    readonly profiles: MentorProfileService,
    readonly matches: MentorMatchService,
    readonly rounds: MatchingRoundService,
  ) {}

  /** The expiry job's work: proposals not answered in time, or between members who have blocked each other, go to the next candidate. */
  expireProposals(now = new Date()): Promise<{ expired: number; withdrawn: number }> {
    return this.matches.expireProposals(now);
  }

  /** What account deletion does to mentoring, in a transaction of its own. */
  leaveMentoring(user: AuthUser, now = new Date()): Promise<void> {
    return this.matches.leaveMentoring(user, now);
  }
}
