import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { ConnectionArgs } from '../../core/pagination';
import { NotFoundError } from '../../core/errors';
import { User } from '../accounts/user.entity';
import { Attendance } from './attendance.entity';
import { Meeting } from './meeting.entity';
import { AttendanceConnection } from './meetings.types';
import { Rsvp } from './rsvp.entity';

@Resolver(() => Rsvp)
@SignedIn()
export class RsvpResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Place on the waitlist, 1 being next; null unless WAITLISTED.' })
  waitlistPosition(@Root() r: Rsvp): number | null {
    return r.waitlistPosition ?? null;
  }

  @FieldResolver(() => Meeting, { description: 'The meeting.' })
  async meeting(@Root() r: Rsvp, @Ctx() ctx: Context): Promise<Meeting> {
    const m = await ctx.loaders.meetings.meeting.load(r.meetingId);
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }
}

@Resolver(() => Attendance)
@SignedIn()
export class AttendanceResolver {
  @FieldResolver(() => Meeting, { description: 'The meeting attended.' })
  async meeting(@Root() a: Attendance, @Ctx() ctx: Context): Promise<Meeting> {
    const m = await ctx.loaders.meetings.meeting.load(a.meetingId);
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who attended.' })
  user(@Root() a: Attendance, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.user.load(a.userId);
  }
}

/** Meeting fields on User, kept in this module. */
@Resolver(() => User)
@SignedIn()
export class MeetingUserResolver {
  @FieldResolver(() => AttendanceConnection, { nullable: true, description: 'Meetings you were checked in to, newest first; only on your own profile.' })
  attendance(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (ctx.viewer?.id !== user.id) return null;
    return ctx.services.meetings.attendanceOf(user.id, args);
  }
}
