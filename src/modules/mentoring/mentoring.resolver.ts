import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Coordinators, isCoordinator, Public, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { loadExistingUser, type UserLoader } from '../accounts/user.loaders';
import { SobrietyAccessReason } from '../sobriety/sobriety.enums';
import type { MatchingRoundService } from './matching-round.service';
import { MentorMatch } from './mentor-match.entity';
import type { MentorMatchService } from './mentor-match.service';
import { MentorProfile } from './mentor-profile.entity';
import type { MentorProfileService } from './mentor-profile.service';
import { MentorRequest } from './mentor-request.entity';
import { FOCUS_AREAS } from './mentoring.constants';
import { MatchStatus, MentorStatus } from './mentoring.enums';
import {
  ApproveMentorInput,
  EndMatchInput,
  MentorMatchesArgs,
  MentorRequestsArgs,
  ProposeMatchInput,
  RequestMentorInput,
  RespondToMatchInput,
  SetAcceptingMenteesInput,
  UpsertMentorProfileInput,
} from './mentoring.inputs';
import type { MentoringLoaders } from './mentoring.loaders';
import {
  canSeeGender,
  canSeeMentorNotes,
  canSeeMentorStatus,
  canSeeProfile,
  mentorStatus,
  shownAsMentor,
} from './mentoring.policy';
import { MentoringTopic, type MatchUpdatedEvent } from './mentoring.topics';
import {
  ApproveMentorPayload,
  FocusAreaOption,
  MatchingRoundPayload,
  MatchPayload,
  MentorCandidate,
  MentorLoadConnection,
  MentorMatchConnection,
  MentorProfilePayload,
  MentorRequestConnection,
  MentorRequestPayload,
} from './mentoring.types';

/** Members are anonymised, never removed: a user a row points at always exists. */
@Resolver()
@SignedIn()
export class MentoringResolver {
  constructor(
    private readonly profiles: MentorProfileService,
    private readonly matches: MentorMatchService,
    private readonly rounds: MatchingRoundService,
  ) {}

  /** The subscription filter's check; filters are static, so they reach the service through this instance. */
  static deliver(ctx: Context, event: MatchUpdatedEvent): Promise<boolean> {
    const resolver = ctx.resolvers.get(MentoringResolver);
    if (!(resolver instanceof MentoringResolver)) throw new Error('MentoringResolver is not built');
    return resolver.matches.deliverMatchEvent(ctx.viewer, event);
  }

  @Query(() => [FocusAreaOption], { description: 'The focus areas mentors offer and mentees ask for.' })
  mentorFocusAreas(): FocusAreaOption[] {
    return Object.entries(FOCUS_AREAS).map(([code, label]) => ({ code, label }));
  }

  @Mutation(() => MentorProfilePayload, {
    description: 'Create or change your mentor profile. A coordinator approves you before you are matched.',
  })
  async upsertMentorProfile(
    @Arg('input', () => UpsertMentorProfileInput) input: UpsertMentorProfileInput,
    @Ctx() ctx: Context,
  ): Promise<MentorProfilePayload> {
    return { profile: await this.profiles.upsertProfile(viewerOf(ctx), input) };
  }

  @Mutation(() => MentorProfilePayload, {
    description:
      'Pause or resume taking new mentees. While paused you are not proposed, proposals waiting for your answer go to other mentors, and your active matches go on.',
  })
  async setAcceptingMentees(
    @Arg('input', () => SetAcceptingMenteesInput) input: SetAcceptingMenteesInput,
    @Ctx() ctx: Context,
  ): Promise<MentorProfilePayload> {
    return { profile: await this.profiles.setAcceptingMentees(viewerOf(ctx), input.acceptingMentees) };
  }

  @Coordinators()
  @Mutation(() => ApproveMentorPayload, {
    description:
      'Approve a member with a mentor profile and the minimum time in recovery (default one year) as a peer mentor.',
  })
  approveMentor(
    @Arg('input', () => ApproveMentorInput) input: ApproveMentorInput,
    @Ctx() ctx: Context,
  ): Promise<ApproveMentorPayload> {
    return this.profiles.approveMentor(viewerOf(ctx), input.userId);
  }

  @Mutation(() => MentorRequestPayload, {
    description: 'Ask for a peer mentor: the best-scoring available mentor is proposed at once when there is one.',
  })
  async requestMentor(
    @Arg('input', () => RequestMentorInput) input: RequestMentorInput,
    @Ctx() ctx: Context,
  ): Promise<MentorRequestPayload> {
    return { request: await this.matches.requestMentor(viewerOf(ctx), input) };
  }

  @Query(() => [MentorCandidate], {
    description:
      'Mentors who could be proposed for a request, best first, with why. For coordinators and the member who asked.',
  })
  mentorCandidates(
    @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string,
    @Ctx() ctx: Context,
  ): Promise<MentorCandidate[]> {
    return this.matches.candidates(viewerOf(ctx), requestId);
  }

  @Coordinators()
  @Mutation(() => MatchPayload, { description: 'Propose a mentor of your choosing for a waiting request.' })
  async proposeMatch(
    @Arg('input', () => ProposeMatchInput) input: ProposeMatchInput,
    @Ctx() ctx: Context,
  ): Promise<MatchPayload> {
    return { match: await this.matches.proposeMatch(viewerOf(ctx), input) };
  }

  @Mutation(() => MatchPayload, {
    description: 'As the proposed mentor, accept or decline. A declined proposal goes to the next candidate.',
  })
  async respondToMatch(
    @Arg('input', () => RespondToMatchInput) input: RespondToMatchInput,
    @Ctx() ctx: Context,
  ): Promise<MatchPayload> {
    return { match: await this.matches.respondToMatch(viewerOf(ctx), input) };
  }

  @Mutation(() => MatchPayload, {
    description: 'End an active match: the mentor, the mentee or a coordinator. The other side is told kindly.',
  })
  async endMatch(@Arg('input', () => EndMatchInput) input: EndMatchInput, @Ctx() ctx: Context): Promise<MatchPayload> {
    return { match: await this.matches.endMatch(viewerOf(ctx), input) };
  }

  @Coordinators()
  @Mutation(() => MatchingRoundPayload, {
    description:
      'Propose mentors for every waiting request at once: within capacity, stable with respect to the scores.',
  })
  runMatchingRound(@Ctx() ctx: Context): Promise<MatchingRoundPayload> {
    return this.rounds.runMatchingRound(viewerOf(ctx));
  }

  @Coordinators()
  @Query(() => MentorRequestConnection, { description: 'Requests for a mentor, longest waiting first.' })
  mentorRequests(@Args(() => MentorRequestsArgs) args: MentorRequestsArgs) {
    return this.matches.requests(args);
  }

  @Coordinators()
  @Query(() => MentorLoadConnection, { description: 'Mentors and members with a mentor profile, with their load.' })
  mentors(@Args(() => ConnectionArgs) args: ConnectionArgs) {
    return this.profiles.mentors(args);
  }

  @Coordinators()
  @Query(() => MentorMatchConnection, {
    description: "Active matches flagged for review because the mentor's approval lapsed.",
  })
  mentorMatchesForReview(@Args(() => ConnectionArgs) args: ConnectionArgs) {
    return this.matches.matchesForReview(args);
  }

  @Subscription(() => MentorMatch, {
    description: 'Your matches as they change, as mentor or mentee.',
    topics: MentoringTopic.MATCH_UPDATED,
    filter: async ({ payload, context }: { payload: MatchUpdatedEvent; context: Context }) => {
      // Decide with this event's context: fresh loaders, the viewer's current session.
      await freshenFor(context, payload);
      return MentoringResolver.deliver(context, payload);
    },
  })
  matchUpdated(@Root() e: MatchUpdatedEvent): MentorMatch {
    return Object.assign(new MentorMatch(), {
      ...e,
      status: e.status as MatchStatus,
      proposedAt: new Date(e.proposedAt),
      respondBy: new Date(e.respondBy),
      respondedAt: e.respondedAt ? new Date(e.respondedAt) : null,
      endedAt: e.endedAt ? new Date(e.endedAt) : null,
    });
  }
}

@Resolver(() => MentorMatch)
@SignedIn()
export class MentorMatchResolver {
  constructor(
    private readonly matches: MentorMatchService,
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<MentoringLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'The mentor.' })
  mentor(@Root() m: MentorMatch, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, m.mentorId);
  }

  @FieldResolver(() => User, { description: 'The mentee.' })
  mentee(@Root() m: MentorMatch, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, m.menteeId);
  }

  @FieldResolver(() => MentorRequest, { description: "The mentee's request: their note and focus areas." })
  async request(@Root() m: MentorMatch, @Ctx() ctx: Context): Promise<MentorRequest> {
    const request = await ctx.loaders.get(this.loaders).request.load(m.requestId);
    // A match goes with its request (ON DELETE CASCADE).
    if (!request) throw new NotFoundError('MentorRequest');
    return request;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why the mentor declined: for the mentor and coordinators only.',
  })
  async declineReason(@Root() m: MentorMatch, @Ctx() ctx: Context): Promise<string | null> {
    if (!canSeeMentorNotes(ctx.viewer, m)) return null;
    // Subscription roots carry no reason: read it fresh.
    if (m.declineReason === undefined) return (await this.matches.visibleMatch(viewerOf(ctx), m.id)).declineReason;
    return m.declineReason;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "Flagged for review because the mentor's approval lapsed; coordinators only.",
  })
  needsReview(@Root() m: MentorMatch, @Ctx() ctx: Context): boolean | null {
    return isCoordinator(ctx.viewer) ? !!m.needsReview : null;
  }
}

@Resolver(() => MentorRequest)
@SignedIn()
export class MentorRequestResolver {
  constructor(
    private readonly matches: MentorMatchService,
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<MentoringLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'Who asked.' })
  mentee(@Root() r: MentorRequest, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, r.menteeId);
  }

  @FieldResolver(() => MentorMatch, {
    nullable: true,
    description: 'The proposed or active match, if any (and if you may see it).',
  })
  async match(@Root() r: MentorRequest, @Ctx() ctx: Context): Promise<MentorMatch | null> {
    const m = await ctx.loaders.get(this.loaders).liveMatch.load(r.id);
    return m && (await this.matches.sees(ctx.viewer, m)) ? m : null;
  }
}

@Resolver(() => MentorProfile)
@SignedIn()
export class MentorProfileResolver {
  constructor(
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<MentoringLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'Whose profile it is.' })
  user(@Root() p: MentorProfile, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, p.userId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Gender code; for the mentor and coordinators only.' })
  gender(@Root() p: MentorProfile, @Ctx() ctx: Context): string | null {
    return canSeeGender(ctx.viewer, p.userId) ? p.gender : null;
  }

  @FieldResolver(() => MentorStatus, {
    nullable: true,
    description:
      "Why the mentor is or is not taking new mentees: for the mentor and coordinators only, null for everyone else (to whom a lapse shows as a pause). A coordinator's read is recorded in the mentor's sobriety access log.",
  })
  async status(@Root() p: MentorProfile, @Ctx() ctx: Context): Promise<MentorStatus | null> {
    const viewer = ctx.viewer;
    if (!viewer || !canSeeMentorStatus(viewer, p.userId)) return null;
    const owner = await loadExistingUser(ctx, this.users, p.userId);
    // LAPSED tells of a sobriety reset, and the others that there was none: a coordinator's read is the mentor's to know of.
    if (viewer.id !== p.userId) {
      await ctx.loaders.get(this.loaders).access.load({
        memberId: p.userId,
        viewerId: viewer.id,
        field: 'MentorProfile.status',
        reason: SobrietyAccessReason.COORDINATOR,
      });
    }
    return mentorStatus(owner, p);
  }
}

/** Mentoring fields on User. */
@Resolver(() => User)
@SignedIn()
export class MentoringUserResolver {
  constructor(
    private readonly matches: MentorMatchService,
    private readonly loaders: LoaderKey<MentoringLoaders>,
  ) {}

  @FieldResolver(() => MentorMatchConnection, {
    nullable: true,
    description: 'Your mentoring matches, as mentor or mentee, newest first. Only for yourself.',
  })
  mentorMatches(@Root() user: User, @Args(() => MentorMatchesArgs) args: MentorMatchesArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.matches.matchesOf(ctx.viewer, args);
  }

  @FieldResolver(() => MentorProfile, {
    nullable: true,
    description: 'The mentor profile: for approved mentors, yourself and coordinators.',
  })
  async mentorProfile(@Root() user: User, @Ctx() ctx: Context): Promise<MentorProfile | null> {
    if (!ctx.viewer) return null;
    const profile = await ctx.loaders.get(this.loaders).profile.load(user.id);
    return profile && canSeeProfile(ctx.viewer, user, profile) ? profile : null;
  }

  /**
   * `User.isMentor` as others see it: a mentor whose approval lapsed on a sobriety reset is
   * shown exactly as one who paused (`shownAsMentor`). What the member may do as a mentor
   * follows `AuthUser.isMentor`, the approval that holds now.
   */
  @Public()
  @FieldResolver(() => Boolean, { description: 'True once a coordinator has approved this member as a peer mentor.' })
  async isMentor(@Root() user: User, @Ctx() ctx: Context): Promise<boolean> {
    if (user.isMentor) return true;
    return shownAsMentor(user, await ctx.loaders.get(this.loaders).profile.load(user.id));
  }
}
