import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import { ConsentScope, type ConsentGate } from '../consents/consents.ports';
import { Attendance } from './attendance.entity';
import type { AttendanceService } from './attendance.service';
import { Meeting } from './meeting.entity';
import { CheckInInput } from './meetings.inputs';
import type { MeetingLoaders } from './meetings.loaders';
import { AttendanceConnection, AttendanceLetter, CheckInPayload } from './meetings.types';

@Resolver(() => Attendance)
@SignedIn()
export class AttendanceResolver {
  constructor(
    private readonly service: AttendanceService,
    private readonly meetingLoaders: LoaderKey<MeetingLoaders>,
    private readonly userLoader: LoaderKey<UserLoader>,
  ) {}

  @Mutation(() => CheckInPayload, {
    description:
      'Record attendance: the host or a coordinator, or the member themself from 15 minutes before the start to the end.',
  })
  async checkIn(@Arg('input', () => CheckInInput) input: CheckInInput, @Ctx() ctx: Context): Promise<CheckInPayload> {
    return { attendance: await this.service.checkIn(viewerOf(ctx), input) };
  }

  @Query(() => AttendanceLetter, { description: 'Proof of your own attendance at a meeting you were checked in to.' })
  attendanceLetter(
    @Arg('meetingId', () => ID, { description: 'The meeting.' }) meetingId: string,
    @Ctx() ctx: Context,
  ): Promise<AttendanceLetter> {
    return this.service.attendanceLetter(viewerOf(ctx), meetingId);
  }

  @FieldResolver(() => Meeting, { description: 'The meeting attended.' })
  async meeting(@Root() a: Attendance, @Ctx() ctx: Context): Promise<Meeting> {
    const m = await ctx.loaders.get(this.meetingLoaders).meeting.load(a.meetingId);
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who attended.' })
  user(@Root() a: Attendance, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.get(this.userLoader).load(a.userId);
  }
}

/** Meeting fields on User, kept in this module. */
@Resolver(() => User)
@SignedIn()
export class MeetingUserResolver {
  constructor(
    private readonly service: AttendanceService,
    private readonly consents: ConsentGate,
  ) {}

  @FieldResolver(() => AttendanceConnection, {
    nullable: true,
    description:
      "Meetings the member was checked in to, newest first: for the member, and for others only under a consent in effect with ATTENDANCE that reaches them (each read is in the member's access log); null otherwise.",
  })
  async attendance(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!(await this.consents.mayReadInRequest(ctx, user.id, ConsentScope.ATTENDANCE, 'User.attendance'))) return null;
    return this.service.attendanceOf(user.id, args);
  }
}
