import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { AccountDeleted } from '../accounts/accounts.events';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
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
import { createMentoringLoaders } from './mentoring.loaders';
import { MENTORING } from './mentoring.ports';
import { activeMenteesOf, activeMentorOf } from './mentoring.queries';
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
  dataMap: [
    { table: 'mentor_profiles', column: 'user_id', exportAs: 'mentorProfile', onDelete: 'delete' },
    { table: 'mentor_requests', column: 'mentee_id', exportAs: 'mentorRequests', onDelete: 'delete' },
    {
      table: 'mentor_matches',
      column: 'mentee_id',
      exportAs: 'mentorMatchesAsMentee',
      omit: ['decline_reason', 'end_reason', 'needs_review'],
      onDelete: 'delete',
      why: "the mentor's reasons and review flag are the mentor's data",
    },
    {
      table: 'mentor_matches',
      column: 'mentor_id',
      exportAs: 'mentorMatchesAsMentor',
      onDelete: 'keep',
      why: "the mentee's record of their match; the mentor shows as a former member",
    },
  ],
  // Sobriety, built before mentoring, asks who mentors whom: a plain query over matches.
  early: ({ ds }) => [
    provide(MENTOR_LOOKUP, {
      activeMentorOf: (memberId: string) => activeMentorOf(ds, memberId),
      activeMenteesOf: (mentorId: string) => activeMenteesOf(ds, mentorId),
    }),
  ],
  build({ ds, tx, events, logger }, registry) {
    const settings = loadMentoringSettings(process.env);
    const sobriety = registry.get(SOBRIETY);
    const proposals = new MentorProposalService(registry.get(NOTIFICATIONS), sobriety, settings);
    const profiles = new MentorProfileService(ds, tx, registry.get(ACCOUNTS), sobriety, proposals, logger, settings);
    const matches = new MentorMatchService(ds, tx, registry.get(NOTIFICATIONS), sobriety, proposals, logger);
    const rounds = new MatchingRoundService(tx, sobriety, proposals, logger);
    const mentoring = new MentoringService(profiles, matches, rounds);
    const loaders = new LoaderKey('mentoring', () => createMentoringLoaders(profiles, matches));
    const users = registry.get(USER_LOADER);

    // A reset lapses a mentor's approval, in the reset's transaction.
    events.on(SobrietyReset, ({ userId, now }, t) => profiles.lapseApproval(t, userId, now));
    // Before an account's rows go: its matches end and its proposals go to other mentors.
    events.on(AccountDeleted, ({ user, now }, t) => matches.leave(t, user, now));

    return {
      resolvers: [
        new MentoringResolver(profiles, matches, rounds),
        new MentorMatchResolver(matches, users, loaders),
        new MentorRequestResolver(users, loaders),
        new MentorProfileResolver(users),
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
