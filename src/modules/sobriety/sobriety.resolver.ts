import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AlliesToo, Public, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { LocalDateScalar } from '../../core/scalars';
import { User } from '../accounts/user.entity';
import { loadExistingUser, type UserLoader } from '../accounts/user.loaders';
import { Congratulation } from './congratulation.entity';
import { Milestone } from './milestone.entity';
import { SobrietyAccess } from './sobriety-access.entity';
import { SobrietyJourney } from './sobriety-journey.entity';
import { Visibility } from './sobriety.enums';
import { CongratulateInput, SetMilestoneAnnouncementsInput, SetSobrietyDateInput } from './sobriety.inputs';
import type { SobrietyLoaders } from './sobriety.loaders';
import type { SobrietyService } from './sobriety.service';
import { SobrietyTopic, type MilestoneReachedEvent } from './sobriety.topics';
import {
  CongratulatePayload,
  MilestoneConnection,
  SetMilestoneAnnouncementsPayload,
  Sobriety,
  SobrietyAccessConnection,
  SobrietyPayload,
  UpcomingMilestone,
} from './sobriety.types';

/** Members are anonymised, never removed: a user a row points at always exists. */
@Resolver()
@SignedIn()
export class SobrietyResolver {
  constructor(private readonly service: SobrietyService) {}

  /** The subscription filter's check; filters are static, so they reach the service through this instance. */
  static deliver(ctx: Context, event: MilestoneReachedEvent): Promise<boolean> {
    const resolver = ctx.resolvers.get(SobrietyResolver);
    if (!(resolver instanceof SobrietyResolver)) throw new Error('SobrietyResolver is not built');
    return resolver.service.deliverMilestoneEvent(ctx.viewer, event);
  }

  @Mutation(() => SobrietyPayload, {
    description:
      'Set your sobriety date and who may see it. A different date starts a new journey; the old one stays, visible to you alone, and nothing is announced. Milestones the date already reached are recorded at once, silently: they are yours, never celebrated in feeds.',
  })
  async setSobrietyDate(
    @Arg('input', () => SetSobrietyDateInput) input: SetSobrietyDateInput,
    @Ctx() ctx: Context,
  ): Promise<SobrietyPayload> {
    return { sobriety: await this.service.setSobrietyDate(viewerOf(ctx), input) };
  }

  @Mutation(() => SetMilestoneAnnouncementsPayload, {
    description: "Turn celebrations of your milestones in others' feeds and subscriptions on or off.",
  })
  setMilestoneAnnouncements(
    @Arg('input', () => SetMilestoneAnnouncementsInput) input: SetMilestoneAnnouncementsInput,
    @Ctx() ctx: Context,
  ) {
    return this.service.setMilestoneAnnouncements(viewerOf(ctx), input.enabled);
  }

  @Query(() => MilestoneConnection, {
    description: "Others' milestones you may see and that they chose to have celebrated, newest first.",
  })
  milestoneFeed(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return this.service.milestoneFeed(viewerOf(ctx), args);
  }

  @Mutation(() => CongratulatePayload, {
    description: 'Congratulate someone on a milestone you can see; once per milestone.',
  })
  congratulate(@Arg('input', () => CongratulateInput) input: CongratulateInput, @Ctx() ctx: Context) {
    return this.service.congratulate(viewerOf(ctx), input);
  }

  @AlliesToo()
  @Subscription(() => Milestone, {
    description:
      'Milestones as they are reached: yours, and those of others you may see who have celebrations on; for an ally, those of their member while the member shares milestones with allies.',
    topics: SobrietyTopic.MILESTONE_REACHED,
    filter: async ({ payload, context }: { payload: MilestoneReachedEvent; context: Context }) => {
      // Decide with this event's context: fresh loaders, the viewer's current role and session.
      await freshenFor(context, payload);
      return SobrietyResolver.deliver(context, payload);
    },
  })
  milestoneReached(@Root() event: MilestoneReachedEvent): Milestone {
    return Object.assign(new Milestone(), { ...event, announced: true, createdAt: new Date(event.createdAt) });
  }
}

/**
 * Sobriety fields; reads by a coordinator, mentor or ally are recorded per field. Open to
 * allies: a Sobriety is only ever handed to someone the member's choice reaches.
 */
@Resolver(() => Sobriety)
@AlliesToo()
export class SobrietyFieldsResolver {
  constructor(
    private readonly service: SobrietyService,
    private readonly loaders: LoaderKey<SobrietyLoaders>,
  ) {}

  private audit(s: Sobriety, field: string, ctx: Context): Promise<unknown> | undefined {
    if (!s.audit) return undefined;
    return ctx.loaders.get(this.loaders).access.load({
      memberId: s.memberId,
      viewerId: s.audit.viewerId,
      field: `Sobriety.${field}`,
      reason: s.audit.reason,
    });
  }

  @FieldResolver(() => LocalDateScalar, { description: 'The sobriety date.' })
  async date(@Root() s: Sobriety, @Ctx() ctx: Context): Promise<string> {
    await this.audit(s, 'date', ctx);
    return s.date;
  }

  @FieldResolver(() => Int, { description: "Whole days since the sobriety date, on the member's calendar." })
  async days(@Root() s: Sobriety, @Ctx() ctx: Context): Promise<number> {
    await this.audit(s, 'days', ctx);
    return s.days;
  }

  @FieldResolver(() => Visibility, { description: 'Who may see it.' })
  async visibility(@Root() s: Sobriety, @Ctx() ctx: Context): Promise<Visibility> {
    await this.audit(s, 'visibility', ctx);
    return s.visibility;
  }

  @FieldResolver(() => [Milestone], { description: 'Milestones reached on this journey, oldest first.' })
  async milestones(@Root() s: Sobriety, @Ctx() ctx: Context): Promise<Milestone[]> {
    await this.audit(s, 'milestones', ctx);
    return ctx.loaders.get(this.loaders).milestones.load(s.journey.id);
  }

  @FieldResolver(() => UpcomingMilestone, { description: 'The next milestone ahead.' })
  async nextMilestone(@Root() s: Sobriety, @Ctx() ctx: Context): Promise<UpcomingMilestone> {
    await this.audit(s, 'nextMilestone', ctx);
    return s.nextMilestone;
  }

  @FieldResolver(() => [SobrietyJourney], {
    nullable: true,
    description: 'Every journey, newest first, past ones included. Only for the member.',
  })
  journeys(@Root() s: Sobriety): Promise<SobrietyJourney[]> | null {
    return s.isSelf ? this.service.journeysOf(s.memberId) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "Whether milestones are celebrated in others' feeds. Only for the member.",
  })
  announceMilestones(@Root() s: Sobriety): Promise<boolean> | null {
    return s.isSelf ? this.service.announces(s.memberId) : null;
  }
}

@Resolver(() => SobrietyJourney)
@SignedIn()
export class SobrietyJourneyResolver {
  constructor(private readonly loaders: LoaderKey<SobrietyLoaders>) {}

  @FieldResolver(() => [Milestone], { description: 'Milestones reached on this journey, oldest first.' })
  milestones(@Root() j: SobrietyJourney, @Ctx() ctx: Context): Promise<Milestone[]> {
    return ctx.loaders.get(this.loaders).milestones.load(j.id);
  }
}

/** Closed to allies: an ally is never handed a User, not even their member's. */
@Resolver(() => Milestone)
@SignedIn()
export class MilestoneResolver {
  constructor(private readonly users: LoaderKey<UserLoader>) {}

  @FieldResolver(() => User, { description: 'Whose milestone it is.' })
  member(@Root() m: Milestone, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, m.userId);
  }
}

@Resolver(() => Congratulation)
@SignedIn()
export class CongratulationResolver {
  constructor(
    private readonly service: SobrietyService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @FieldResolver(() => Milestone, { description: 'The milestone.' })
  async milestone(@Root() c: Congratulation): Promise<Milestone> {
    const milestone = await this.service.milestoneById(c.milestoneId);
    // Congratulations go with their milestone (ON DELETE CASCADE).
    if (!milestone) throw new NotFoundError('Milestone');
    return milestone;
  }

  @FieldResolver(() => User, { description: 'Who sent it.' })
  from(@Root() c: Congratulation, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, c.fromUserId);
  }
}

/** Sobriety fields on User; they answer null to anyone the member's choice does not reach. */
@Resolver(() => User)
@SignedIn()
export class SobrietyUserResolver {
  constructor(
    private readonly service: SobrietyService,
    private readonly loaders: LoaderKey<SobrietyLoaders>,
  ) {}

  @Public()
  @FieldResolver(() => Sobriety, {
    nullable: true,
    description: "The member's current sobriety; null when none is set or their visibility does not reach you.",
  })
  async sobriety(@Root() user: User, @Ctx() ctx: Context): Promise<Sobriety | null> {
    if (!ctx.viewer) return null;
    const journey = await ctx.loaders.get(this.loaders).currentJourney.load(user.id);
    return this.service.sobrietyOf(ctx.viewer, user, new Date(), journey);
  }

  @Public()
  @FieldResolver(() => SobrietyAccessConnection, {
    nullable: true,
    description: 'Who read your sobriety data as a coordinator or mentor, newest first. Only for yourself.',
  })
  sobrietyAccessLog(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.accessLog(ctx.viewer, args);
  }
}

@Resolver(() => SobrietyAccess)
@SignedIn()
export class SobrietyAccessResolver {
  constructor(private readonly users: LoaderKey<UserLoader>) {}

  @FieldResolver(() => User, { nullable: true, description: 'Who read it; null when that account no longer exists.' })
  viewer(@Root() a: SobrietyAccess, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.get(this.users).load(a.viewerId);
  }
}
