import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AlliesToo, MentorsAndCoordinators, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs, type ConnectionResult } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import { MEETING_GUIDE_TYPES } from './meeting-types.constants';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import type { MeetingService } from './meeting.service';
import { MeetingStatus } from './meetings.enums';
import { CancelMeetingInput, CreateMeetingInput, MeetingsArgs, UpdateMeetingInput } from './meetings.inputs';
import type { MeetingLoaders } from './meetings.loaders';
import { canSeeInside } from './meetings.policy';
import { MeetingTopic, type MeetingUpdatedEvent } from './meetings.topics';
import { MeetingAttendeeConnection, MeetingConnection, MeetingPayload, MeetingTypeCode } from './meetings.types';
import { Rsvp } from './rsvp.entity';

@Resolver(() => Meeting)
@SignedIn()
export class MeetingResolver {
  constructor(
    private readonly service: MeetingService,
    private readonly meetingLoaders: LoaderKey<MeetingLoaders>,
    private readonly userLoader: LoaderKey<UserLoader>,
  ) {}

  @AlliesToo()
  @Query(() => MeetingConnection, {
    description:
      'Meetings, soonest first; scheduled and not yet ended unless asked otherwise. Allies see FAMILY and OPEN meetings only.',
  })
  meetings(@Args(() => MeetingsArgs) args: MeetingsArgs, @Ctx() ctx: Context) {
    return this.service.listFor(ctx.viewer, args);
  }

  @AlliesToo()
  @Query(() => Meeting, {
    nullable: true,
    description: 'One meeting; null when unknown (for an ally, also when it is not open to families).',
  })
  meeting(
    @Arg('id', () => ID, { description: 'The meeting.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Meeting | null> {
    return this.service.findVisibleMeeting(ctx.viewer, id);
  }

  @Query(() => [MeetingTypeCode], {
    description: 'The Meeting Guide type codes meetings may carry, with their English names.',
  })
  meetingTypes(): MeetingTypeCode[] {
    return Object.entries(MEETING_GUIDE_TYPES).map(([code, label]) => ({ code, label }));
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, {
    description: 'Host a meeting, or a recurring series when `recurrence` is set. Mentors and coordinators.',
  })
  async createMeeting(
    @Arg('input', () => CreateMeetingInput) input: CreateMeetingInput,
    @Ctx() ctx: Context,
  ): Promise<MeetingPayload> {
    return { meeting: await this.service.createMeeting(viewerOf(ctx), input) };
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, {
    description: 'Change a meeting (mentors: only those they host), or this and later meetings of its series.',
  })
  async updateMeeting(
    @Arg('input', () => UpdateMeetingInput) input: UpdateMeetingInput,
    @Ctx() ctx: Context,
  ): Promise<MeetingPayload> {
    return { meeting: await this.service.updateMeeting(viewerOf(ctx), input) };
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, {
    description: 'Call off a meeting (or it and the later ones of its series); everyone going or waiting is told.',
  })
  async cancelMeeting(
    @Arg('input', () => CancelMeetingInput) input: CancelMeetingInput,
    @Ctx() ctx: Context,
  ): Promise<MeetingPayload> {
    return { meeting: await this.service.cancelMeeting(viewerOf(ctx), input) };
  }

  @Subscription(() => Meeting, {
    description: 'A meeting as it changes: seats taken or freed, edits, cancellation.',
    topics: MeetingTopic.UPDATED,
    topicId: ({ args }: { args: { meetingId: string } }) => args.meetingId,
  })
  async meetingUpdated(
    @Arg('meetingId', () => ID, { description: 'The meeting to follow.' }) _meetingId: string,
    @Root() event: MeetingUpdatedEvent,
  ): Promise<Meeting> {
    return this.service.getMeeting(event.id);
  }

  @AlliesToo()
  @FieldResolver(() => Int, { nullable: true, description: 'Seats still free; null when there is no limit.' })
  seatsLeft(@Root() m: Meeting): number | null {
    return m.capacity === null ? null : Math.max(0, m.capacity - m.goingCount);
  }

  @AlliesToo()
  @FieldResolver(() => Rsvp, { nullable: true, description: 'Your RSVP to this meeting, if any.' })
  viewerRsvp(@Root() m: Meeting, @Ctx() ctx: Context): Promise<Rsvp | null> {
    const l = ctx.loaders.get(this.meetingLoaders);
    return l.rsvp.load(l.rsvpKey(viewerOf(ctx).id, m.id));
  }

  @AlliesToo()
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Where; only for the host, coordinators and those who are going (allies included).',
  })
  async location(@Root() m: Meeting, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.insider(m, ctx)) ? m.location : null;
  }

  @AlliesToo()
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Video call link; only for the host, coordinators and those who are going (allies included).',
  })
  async conferenceUrl(@Root() m: Meeting, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.insider(m, ctx)) ? m.conferenceUrl : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who hosts it.' })
  host(@Root() m: Meeting, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.get(this.userLoader).load(m.hostId);
  }

  @FieldResolver(() => MeetingSeries, {
    nullable: true,
    description: 'The recurring series this meeting belongs to, if any.',
  })
  series(@Root() m: Meeting, @Ctx() ctx: Context): Promise<MeetingSeries | null> | null {
    return m.seriesId ? ctx.loaders.get(this.meetingLoaders).series.load(m.seriesId) : null;
  }

  @AlliesToo()
  @FieldResolver(() => String, { nullable: true, description: 'Why it was cancelled, once it is.' })
  cancelReason(@Root() m: Meeting): string | null {
    return m.status === MeetingStatus.CANCELLED ? m.cancelReason : null;
  }

  @FieldResolver(() => MeetingAttendeeConnection, {
    nullable: true,
    description:
      'Members who are going, for the host, coordinators and fellow attendees (null for others). People blocked either way are left out.',
  })
  async attendees(
    @Root() m: Meeting,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<User> | null> {
    const l = ctx.loaders.get(this.meetingLoaders);
    const viewer = viewerOf(ctx);
    // Both loads start together, so a page of meetings costs one statement each.
    const [allowed, page] = await Promise.all([
      this.insider(m, ctx),
      l.attendees.load(l.attendeesKey(viewer.id, args.first, args.after, m.id)),
    ]);
    if (!allowed) return null;
    const { edges } = page;
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: page.total,
    };
  }

  private async insider(m: Meeting, ctx: Context): Promise<boolean> {
    const viewer = ctx.viewer;
    if (!viewer) return false;
    if (canSeeInside(viewer, m, null)) return true;
    const l = ctx.loaders.get(this.meetingLoaders);
    return canSeeInside(viewer, m, await l.rsvp.load(l.rsvpKey(viewer.id, m.id)));
  }
}
