import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { sql } from '../../core/sql';
import { AccountDeleted } from '../accounts/accounts.events';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { AUDIT } from '../audit/audit.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { SobrietyReset } from '../sobriety/sobriety.events';
import { MENTOR_LOOKUP, SOBRIETY } from '../sobriety/sobriety.ports';
import { MatchingRoundService } from './matching-round.service';
import { MentorMatch } from './mentor-match.entity';
import { MentorMatchService } from './mentor-match.service';
import { MentorProfile } from './mentor-profile.entity';
import { MentorProfileService } from './mentor-profile.service';
import { MentorProposalService } from './mentor-proposal.service';
import { MentorRequest } from './mentor-request.entity';
import { loadMentoringSettings } from './mentoring.config';
import { MENTEE_VISIBLE_STATUSES } from './mentoring.enums';
import { createMentoringLoaders } from './mentoring.loaders';
import { MENTORING } from './mentoring.ports';
import { ACTIVE_MATCHES_SQL, activeMenteesOf, activeMentorOf } from './mentoring.queries';
import {
  MentoringResolver,
  MentoringUserResolver,
  MentorMatchResolver,
  MentorProfileResolver,
  MentorRequestResolver,
} from './mentoring.resolver';
import { seedMentoring } from './mentoring.seed';
import { MentoringService } from './mentoring.service';

/** Peer mentoring: profiles and approval, requests, scored proposals, matches and matching rounds. */
export const mentoringModule = defineModule({
  name: 'mentoring',
  entities: [MentorProfile, MentorRequest, MentorMatch],
  resolvers: [
    MentoringResolver,
    MentorMatchResolver,
    MentorRequestResolver,
    MentorProfileResolver,
    MentoringUserResolver,
  ],
  // Exports follow the API: each side gets its matches as the API shows them to it, and
  // nothing the API keeps from it (the other side's words for coordinators, coordinators'
  // flags, the score, a part of which is the mentor's time in recovery).
  dataMap: [
    {
      table: 'mentor_profiles',
      column: 'user_id',
      exportAs: 'mentorProfile',
      omit: ['approved_by_id'],
      onDelete: 'delete',
      why: "which coordinator approved the profile is the program's record, not shown to the member",
    },
    { table: 'mentor_requests', column: 'mentee_id', exportAs: 'mentorRequests', onDelete: 'delete' },
    {
      table: 'mentor_matches',
      column: 'mentee_id',
      exportAs: 'mentorMatchesAsMentee',
      omit: ['score', 'decline_reason', 'end_reason', 'ended_by_id', 'needs_review'],
      // Being declined or passed over is not shown to the mentee, so it is not exported either.
      exportWhere: sql`x.status::text = ANY(${[...MENTEE_VISIBLE_STATUSES]}::text[])`,
      onDelete: 'delete',
      why: "the score holds the mentor's time in recovery; the reasons and the review flag are for coordinators; declined, expired and withdrawn proposals are not shown to the mentee",
    },
    {
      table: 'mentor_matches',
      column: 'mentor_id',
      exportAs: 'mentorMatchesAsMentor',
      omit: ['score', 'end_reason', 'needs_review'],
      onDelete: 'keep',
      why: "the mentee's record of their match, where the mentor shows as a former member; a reason the mentee gave for ending and the review flag are for coordinators",
    },
    {
      // What the member wrote when they ended a match, whichever side they were on.
      table: 'mentor_matches',
      column: 'ended_by_id',
      exportAs: 'mentorMatchEndReasonsWritten',
      omit: [
        'request_id',
        'mentor_id',
        'mentee_id',
        'status',
        'score',
        'proposed_at',
        'respond_by',
        'responded_at',
        'decline_reason',
        'ended_by_id',
        'needs_review',
        'updated_at',
      ],
      exportWhere: sql`x.end_reason IS NOT NULL`,
      onDelete: 'keep',
      why: 'the record of a match stays with the other side; only the reason the member wrote is theirs',
    },
  ],
  // Sobriety, built before mentoring, asks who mentors whom: a plain query over matches.
  early: ({ ds }) => [
    provide(MENTOR_LOOKUP, {
      activeMentorOf: (memberId: string) => activeMentorOf(ds, memberId),
      activeMenteesOf: (mentorId: string) => activeMenteesOf(ds, mentorId),
      activeMatchesSql: ACTIVE_MATCHES_SQL,
    }),
  ],
  build({ ds, tx, events, logger }, registry) {
    const settings = loadMentoringSettings(process.env);
    const sobriety = registry.get(SOBRIETY);
    const audit = registry.get(AUDIT);
    const proposals = new MentorProposalService(registry.get(NOTIFICATIONS), sobriety, settings);
    const profiles = new MentorProfileService(
      ds,
      tx,
      registry.get(ACCOUNTS),
      sobriety,
      proposals,
      audit,
      logger,
      settings,
    );
    const matches = new MentorMatchService(ds, tx, registry.get(NOTIFICATIONS), sobriety, proposals, audit, logger);
    const rounds = new MatchingRoundService(tx, sobriety, proposals, audit, logger);
    const mentoring = new MentoringService(profiles, matches, rounds);
    const loaders = new LoaderKey('mentoring', () => createMentoringLoaders(profiles, matches, sobriety));
    const users = registry.get(USER_LOADER);

    // A reset lapses a mentor's approval, in the reset's transaction.
    events.on(SobrietyReset, ({ userId, now }, t) => profiles.lapseApproval(t, userId, now));
    // Before an account's rows go: its matches end and its proposals go to other mentors.
    events.on(AccountDeleted, ({ user, now }, t) => matches.leave(t, user, now));

    return {
      resolvers: [
        new MentoringResolver(profiles, matches, rounds),
        new MentorMatchResolver(matches, users, loaders),
        new MentorRequestResolver(matches, users, loaders),
        new MentorProfileResolver(users, loaders),
        new MentoringUserResolver(matches, loaders),
      ],
      provides: [provide(MENTORING, mentoring)],
      jobs: [
        {
          name: 'mentoring.expire-proposals',
          cron: '*/10 * * * *',
          run: async () => {
            logger.info(await matches.expireProposals(new Date()), 'mentor proposals expired');
          },
        },
      ],
      seed: (ctx) => seedMentoring({ mentoring, sobriety }, ctx),
    };
  },
});
