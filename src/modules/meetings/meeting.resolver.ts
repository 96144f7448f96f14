import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { MentorsAndCoordinators, SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { ConnectionArgs, type ConnectionResult } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import {
  CancelMeetingInput,
  CancelRsvpInput,
  CheckInInput,
  CreateMeetingInput,
  MeetingsArgs,
  RsvpInput,
  UpdateMeetingInput,
} from './meetings.inputs';
import { canSeeInside } from './meetings.policy';
import { MeetingTopic, type MeetingUpdatedEvent } from './meetings.topics';
import {
  AttendanceLetter,
  CalendarFeedPayload,
  CheckInPayload,
  MeetingAttendeeConnection,
  MeetingConnection,
  MeetingPayload,
  RevokeCalendarFeedPayload,
  RsvpPayload,
} from './meetings.types';
import { Rsvp } from './rsvp.entity';

@Resolver(() => Meeting)
@SignedIn()
export class MeetingResolver {
  @Query(() => MeetingConnection, { description: 'Meetings, soonest first; scheduled and not yet ended unless asked otherwise.' })
  meetings(@Args(() => MeetingsArgs) args: MeetingsArgs, @Ctx() ctx: Context) {
    return ctx.services.meetings.list(args);
  }

  @Query(() => Meeting, { nullable: true, description: 'One meeting; null when unknown.' })
  meeting(@Arg('id', () => ID, { description: 'The meeting.' }) id: string, @Ctx() ctx: Context): Promise<Meeting | null> {
    return ctx.services.meetings.findMeeting(id);
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, { description: 'Host a meeting, or a recurring series when `recurrence` is set. Mentors and coordinators.' })
  async createMeeting(@Arg('input', () => CreateMeetingInput) input: CreateMeetingInput, @Ctx() ctx: Context): Promise<MeetingPayload> {
    return { meeting: await ctx.services.meetings.createMeeting(ctx.viewer!, input) };
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, { description: 'Change a meeting (mentors: only those they host), or this and later meetings of its series.' })
  async updateMeeting(@Arg('input', () => UpdateMeetingInput) input: UpdateMeetingInput, @Ctx() ctx: Context): Promise<MeetingPayload> {
    return { meeting: await ctx.services.meetings.updateMeeting(ctx.viewer!, input) };
  }

  @MentorsAndCoordinators()
  @Mutation(() => MeetingPayload, { description: 'Call off a meeting (or it and the later ones of its series); everyone going or waiting is told.' })
  async cancelMeeting(@Arg('input', () => CancelMeetingInput) input: CancelMeetingInput, @Ctx() ctx: Context): Promise<MeetingPayload> {
    return { meeting: await ctx.services.meetings.cancelMeeting(ctx.viewer!, input) };
  }

  @Mutation(() => RsvpPayload, { description: 'Take a seat while seats are left, else a place on the waitlist. Calling again returns the same RSVP.' })
  async rsvp(@Arg('input', () => RsvpInput) input: RsvpInput, @Ctx() ctx: Context): Promise<RsvpPayload> {
    return { rsvp: await ctx.services.meetings.rsvp(ctx.viewer!, input.meetingId) };
  }

  @Mutation(() => RsvpPayload, { description: 'Give up your seat or waitlist place; the first person waiting gets the seat.' })
  async cancelRsvp(@Arg('input', () => CancelRsvpInput) input: CancelRsvpInput, @Ctx() ctx: Context): Promise<RsvpPayload> {
    return { rsvp: await ctx.services.meetings.cancelRsvp(ctx.viewer!, input.meetingId) };
  }

  @Mutation(() => CheckInPayload, { description: 'Record attendance: the host or a coordinator, or the member themself from 15 minutes before the start to the end.' })
  async checkIn(@Arg('input', () => CheckInInput) input: CheckInInput, @Ctx() ctx: Context): Promise<CheckInPayload> {
    return { attendance: await ctx.services.meetings.checkIn(ctx.viewer!, input) };
  }

  @Query(() => AttendanceLetter, { description: 'Proof of your own attendance at a meeting you were checked in to.' })
  attendanceLetter(@Arg('meetingId', () => ID, { description: 'The meeting.' }) meetingId: string, @Ctx() ctx: Context): Promise<AttendanceLetter> {
    return ctx.services.meetings.attendanceLetter(ctx.viewer!, meetingId);
  }

  @Mutation(() => CalendarFeedPayload, { description: 'A new private calendar address for your RSVPs; any earlier one stops working.' })
  createCalendarFeed(@Ctx() ctx: Context): Promise<CalendarFeedPayload> {
    return ctx.services.meetings.createCalendarFeed(ctx.viewer!);
  }

  @Mutation(() => RevokeCalendarFeedPayload, { description: 'Stop your private calendar address from working.' })
  revokeCalendarFeed(@Ctx() ctx: Context): Promise<RevokeCalendarFeedPayload> {
    return ctx.services.meetings.revokeCalendarFeed(ctx.viewer!);
  }

  @Subscription(() => Meeting, {
    description: 'A meeting as it changes: seats taken or freed, edits, cancellation.',
    topics: MeetingTopic.UPDATED,
    topicId: ({ args }: { args: { meetingId: string } }) => args.meetingId,
  })
  async meetingUpdated(
    @Arg('meetingId', () => ID, { description: 'The meeting to follow.' }) _meetingId: string,
    @Root() event: MeetingUpdatedEvent,
    @Ctx() ctx: Context,
  ): Promise<Meeting> {
    ctx.loaders.meetings.reset();
    return ctx.services.meetings.getMeeting(event.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seats still free; null when there is no limit.' })
  seatsLeft(@Root() m: Meeting): number | null {
    return m.capacity === null ? null : Math.max(0, m.capacity - m.goingCount);
  }

  @FieldResolver(() => Rsvp, { nullable: true, description: 'Your RSVP to this meeting, if any.' })
  viewerRsvp(@Root() m: Meeting, @Ctx() ctx: Context): Promise<Rsvp | null> {
    return ctx.loaders.meetings.rsvp.load(ctx.loaders.meetings.rsvpKey(ctx.viewer!.id, m.id));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where; only for the host, coordinators and members who are going.' })
  async location(@Root() m: Meeting, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.insider(m, ctx)) ? m.location : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Video call link; only for the host, coordinators and members who are going.' })
  async conferenceUrl(@Root() m: Meeting, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.insider(m, ctx)) ? m.conferenceUrl : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who hosts it.' })
  host(@Root() m: Meeting, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.user.load(m.hostId);
  }

  @FieldResolver(() => MeetingSeries, { nullable: true, description: 'The recurring series this meeting belongs to, if any.' })
  series(@Root() m: Meeting, @Ctx() ctx: Context): Promise<MeetingSeries | null> | null {
    return m.seriesId ? ctx.loaders.meetings.series.load(m.seriesId) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was cancelled, once it is.' })
  cancelReason(@Root() m: Meeting): string | null {
    return m.status === 'CANCELLED' ? m.cancelReason : null;
  }

  @FieldResolver(() => MeetingAttendeeConnection, {
    nullable: true,
    description: 'Members who are going, for the host, coordinators and fellow attendees (null for others). People blocked either way are left out.',
  })
  async attendees(@Root() m: Meeting, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<ConnectionResult<User> | null> {
    const l = ctx.loaders.meetings;
    const viewer = ctx.viewer!;
    // Both loads start together, so a page of meetings costs one statement each.
    const [allowed, page] = await Promise.all([this.insider(m, ctx), l.attendees.load(l.attendeesKey(viewer.id, args.first, args.after, m.id))]);
    if (!allowed) return null;
    const edges = page.users.map(({ user, cursor }) => ({ node: user, cursor }));
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
    return canSeeInside(viewer, m, await ctx.loaders.meetings.rsvp.load(ctx.loaders.meetings.rsvpKey(viewer.id, m.id)));
  }
}
