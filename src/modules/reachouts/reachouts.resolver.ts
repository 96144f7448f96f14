import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { Public, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { loadExistingUser, type UserLoader } from '../accounts/user.loaders';
import { ReachOut } from './reach-out.entity';
import { AcknowledgeReachOutInput, CloseReachOutInput, ReachOutInput, SetSupportCircleInput } from './reachouts.inputs';
import type { ReachOutLoaders } from './reachouts.loaders';
import type { ReachOutsService } from './reachouts.service';
import { ReachOutTopic, type ReachOutUpdatedEvent } from './reachouts.topics';
import {
  AcknowledgeReachOutPayload,
  CloseReachOutPayload,
  ReachOutConnection,
  ReachOutPayload,
  SetSupportCirclePayload,
} from './reachouts.types';

@Resolver()
@SignedIn()
export class ReachOutsResolver {
  constructor(
    private readonly service: ReachOutsService,
    private readonly loaders: LoaderKey<ReachOutLoaders>,
  ) {}

  /** The subscription filter's check, with this event's fresh context; filters are static, so they reach the service here. */
  static async deliver(ctx: Context, event: ReachOutUpdatedEvent): Promise<boolean> {
    const resolver = ctx.resolvers.get(ReachOutsResolver);
    if (!(resolver instanceof ReachOutsResolver)) throw new Error('ReachOutsResolver is not built');
    const r = await ctx.loaders.get(resolver.loaders).reachOut.load(event.id);
    return !!r && (await resolver.service.sees(ctx.viewer, r));
  }

  @Mutation(() => SetSupportCirclePayload, {
    description:
      'Choose up to five members to hear from you when you reach out (besides your mentor and the on-call coordinator). Replaces your circle.',
  })
  async setSupportCircle(
    @Arg('input', () => SetSupportCircleInput) input: SetSupportCircleInput,
    @Ctx() ctx: Context,
  ): Promise<SetSupportCirclePayload> {
    return { supportCircle: await this.service.setSupportCircle(viewerOf(ctx), input.userIds) };
  }

  @Mutation(() => ReachOutPayload, {
    description:
      'Reach out when you are struggling: your active mentor, your support circle and the on-call coordinator are told at once, and every coordinator if nobody acknowledges it in time. Returns crisis lines to call now. Your first three reach-outs in an hour are never refused by rate limits.',
  })
  reachOut(
    @Arg('input', () => ReachOutInput, { nullable: true, description: 'An optional message.' })
    input: ReachOutInput | null,
    @Ctx() ctx: Context,
  ): Promise<ReachOutPayload> {
    return this.service.reachOut(viewerOf(ctx), { message: input?.message ?? null });
  }

  @Mutation(() => AcknowledgeReachOutPayload, {
    description:
      'Let a member who reached out to you know you saw it and will be in touch. Only for the people it was sent to.',
  })
  async acknowledgeReachOut(
    @Arg('input', () => AcknowledgeReachOutInput) input: AcknowledgeReachOutInput,
    @Ctx() ctx: Context,
  ): Promise<AcknowledgeReachOutPayload> {
    return { reachOut: await this.service.acknowledge(viewerOf(ctx), input.reachOutId) };
  }

  @Mutation(() => CloseReachOutPayload, {
    description: 'Close a reach-out: the member who reached out, or a coordinator.',
  })
  async closeReachOut(
    @Arg('input', () => CloseReachOutInput) input: CloseReachOutInput,
    @Ctx() ctx: Context,
  ): Promise<CloseReachOutPayload> {
    return { reachOut: await this.service.close(viewerOf(ctx), input.reachOutId) };
  }

  @Subscription(() => ReachOut, {
    description:
      'Reach-outs as they are sent and change: your own, and those sent to you while you are still their mentor, in their circle or a coordinator.',
    topics: ReachOutTopic.UPDATED,
    topicId: ({ context }: { context: Context }) => viewerOf(context).id,
    filter: async ({ payload, context }: { payload: ReachOutUpdatedEvent; context: Context }) => {
      // Decide with this event's context: fresh loaders, the viewer's current session and role.
      await freshenFor(context, payload);
      return ReachOutsResolver.deliver(context, payload);
    },
  })
  async reachOutUpdated(@Root() event: ReachOutUpdatedEvent, @Ctx() ctx: Context): Promise<ReachOut> {
    // The filter loaded it for this event; the loader hands back the same fresh row.
    const r = await ctx.loaders.get(this.loaders).reachOut.load(event.id);
    if (!r) throw new NotFoundError('ReachOut');
    return r;
  }
}

@Resolver(() => ReachOut)
@SignedIn()
export class ReachOutResolver {
  constructor(
    private readonly service: ReachOutsService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @FieldResolver(() => User, { description: 'The member who reached out.' })
  async member(@Root() r: ReachOut, @Ctx() ctx: Context): Promise<User> {
    return loadExistingUser(ctx, this.users, r.memberId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who acknowledged it; null until someone does (or when you and they have blocked each other).',
  })
  async acknowledgedBy(@Root() r: ReachOut, @Ctx() ctx: Context): Promise<User | null> {
    if (!r.acknowledgedById || !(await this.service.mayName(viewerOf(ctx), r.acknowledgedById))) return null;
    return ctx.loaders.get(this.users).load(r.acknowledgedById);
  }
}

/** Reaching out on User: each only for yourself. */
@Resolver(() => User)
@SignedIn()
export class ReachOutsUserResolver {
  constructor(private readonly service: ReachOutsService) {}

  @Public()
  @FieldResolver(() => [User], {
    nullable: true,
    description: 'The members you chose to hear from you when you reach out. Only for yourself.',
  })
  supportCircle(@Root() user: User, @Ctx() ctx: Context): Promise<User[]> | null {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.supportCircle(ctx.viewer);
  }

  @Public()
  @FieldResolver(() => ReachOutConnection, {
    nullable: true,
    description: 'Your reach-outs, newest first. Only for yourself.',
  })
  reachOuts(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.mine(ctx.viewer, args);
  }

  @Public()
  @FieldResolver(() => ReachOutConnection, {
    nullable: true,
    description:
      "Reach-outs sent to you, newest first, while you are still the member's mentor, in their circle, or a coordinator. Only for yourself.",
  })
  reachOutsReceived(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.received(ctx.viewer, args);
  }
}
