import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { Public, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { loadExistingUser, type UserLoader } from '../accounts/user.loaders';
import { ConsentScope } from '../consents/consents.enums';
import type { ConsentGate } from '../consents/consents.ports';
import { DailyCheckInInput } from './checkins.inputs';
import type { CheckInsService } from './checkins.service';
import { CheckInTopic, type CheckInSharedEvent } from './checkins.topics';
import { CheckInTrend, DailyCheckInConnection, DailyCheckInPayload } from './checkins.types';
import { DailyCheckIn } from './daily-check-in.entity';

@Resolver()
@SignedIn()
export class CheckInsResolver {
  constructor(private readonly service: CheckInsService) {}

  /** The subscription filter's check; filters are static, so they reach the service through this instance. */
  static deliver(ctx: Context, event: CheckInSharedEvent): Promise<boolean> {
    const resolver = ctx.resolvers.get(CheckInsResolver);
    if (!(resolver instanceof CheckInsResolver)) throw new Error('CheckInsResolver is not built');
    return resolver.service.deliverCheckIn(ctx.viewer, event);
  }

  @Mutation(() => DailyCheckInPayload, {
    description:
      "Check in for today, on your calendar: mood, craving, whether you went to a meeting, a note. Again the same day updates today's check-in.",
  })
  async dailyCheckIn(
    @Arg('input', () => DailyCheckInInput) input: DailyCheckInInput,
    @Ctx() ctx: Context,
  ): Promise<DailyCheckInPayload> {
    return { checkIn: await this.service.dailyCheckIn(viewerOf(ctx), input) };
  }

  @Subscription(() => DailyCheckIn, {
    description:
      'Check-ins as they are made or updated: your own, and those of members whose consent with CHECK_INS reaches you now. Checked again for every event: a revocation, an expiry or an ended match stops them at once.',
    topics: CheckInTopic.SHARED,
    filter: async ({ payload, context }: { payload: CheckInSharedEvent; context: Context }) => {
      // Decide with this event's context: fresh loaders, the viewer's current role and session.
      await freshenFor(context, payload);
      return CheckInsResolver.deliver(context, payload);
    },
  })
  async checkInShared(@Root() event: CheckInSharedEvent): Promise<DailyCheckIn> {
    // Always the check-in as it is now, never a copy from the event.
    const checkIn = await this.service.checkInById(event.id);
    if (!checkIn) throw new NotFoundError('DailyCheckIn');
    return checkIn;
  }
}

@Resolver(() => DailyCheckIn)
@SignedIn()
export class DailyCheckInResolver {
  constructor(
    private readonly consents: ConsentGate,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The note; null when there is none or the member shares it with you under no consent with CHECK_IN_NOTES.',
  })
  async note(@Root() c: DailyCheckIn, @Ctx() ctx: Context): Promise<string | null> {
    if (c.note === null) return null;
    const may = await this.consents.mayReadInRequest(ctx, c.memberId, ConsentScope.CHECK_IN_NOTES, 'DailyCheckIn.note');
    return may ? c.note : null;
  }

  @FieldResolver(() => User, { description: 'Whose check-in it is.' })
  async member(@Root() c: DailyCheckIn, @Ctx() ctx: Context): Promise<User> {
    return loadExistingUser(ctx, this.users, c.memberId);
  }
}

/** Check-in fields on User: the member's own, or shared under a consent with CHECK_INS. */
@Resolver(() => User)
@SignedIn()
export class CheckInsUserResolver {
  constructor(
    private readonly service: CheckInsService,
    private readonly consents: ConsentGate,
  ) {}

  @Public()
  @FieldResolver(() => DailyCheckInConnection, {
    nullable: true,
    description:
      "Daily check-ins, latest day first: yours, or a member's who shares them with you under a consent with CHECK_INS (each read is shown to them). Null otherwise.",
  })
  async checkIns(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer) return null;
    const after = this.service.parseCursor(args.after);
    if (!(await this.consents.mayReadInRequest(ctx, user.id, ConsentScope.CHECK_INS, 'User.checkIns'))) return null;
    return this.service.checkInsOf(user.id, args.first, after);
  }

  @Public()
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Consecutive days with a check-in, up to today or yesterday on the member's calendar. Yours, or under a consent with CHECK_INS; null otherwise.",
  })
  async checkInStreak(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    if (!ctx.viewer) return null;
    if (!(await this.consents.mayReadInRequest(ctx, user.id, ConsentScope.CHECK_INS, 'User.checkInStreak')))
      return null;
    return this.service.streakOf(user.id);
  }

  @Public()
  @FieldResolver(() => CheckInTrend, {
    nullable: true,
    description: 'Your last 30 days of check-ins, averaged per week. Only for yourself.',
  })
  checkInTrend(@Root() user: User, @Ctx() ctx: Context): Promise<CheckInTrend> | null {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.trendOf(user.id);
  }
}
