import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import { paginate } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import type { AuditLog } from '../audit/audit.service';
import { Attendance } from './attendance.entity';
import type { MeetingService } from './meeting.service';
import { SELF_CHECK_IN_EARLY_MS } from './meeting-types.constants';
import { MeetingStatus } from './meetings.enums';

/** Where the letter sends a member who needs to show someone else their attendance. */
export const FOR_THIRD_PARTIES =
  'This letter is for you. To show your attendance to someone without an account (a court, an employer), make them a proof link (createAttendanceProof): they can check it themselves, it expires, you can revoke it, and you see every time it is opened.';

/** Check-ins at meetings, and a member's own record of them. */
export class AttendanceService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly meetings: MeetingService,
    private readonly audit: AuditLog,
  ) {}

  async checkIn(actor: AuthUser, input: { meetingId: string; userId: string }, now = new Date()): Promise<Attendance> {
    const m = await this.meetings.getMeeting(input.meetingId);
    const staff = m.hostId === actor.id || isCoordinator(actor);
    if (!staff && input.userId !== actor.id) {
      throw new ForbiddenError('Only the host or a coordinator can check in someone else.');
    }
    if (!isUuid(input.userId) || !(await this.ds.getRepository(User).exists({ where: { id: input.userId } }))) {
      throw new NotFoundError('User');
    }
    if (m.status === MeetingStatus.CANCELLED) {
      throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
    }
    const opens = m.startsAt.getTime() - SELF_CHECK_IN_EARLY_MS;
    if (now.getTime() < opens || (!staff && now.getTime() > m.endsAt.getTime())) {
      throw new ConflictError('Check-in is open from 15 minutes before the start until the end of the meeting.', {
        reason: 'OUTSIDE_CHECK_IN_WINDOW',
      });
    }
    return this.tx.run(async (tx) => {
      const inserted = await tx.em
        .createQueryBuilder()
        .insert()
        .into(Attendance)
        .values({ meetingId: m.id, userId: input.userId, checkedInById: actor.id, checkedInAt: now })
        .orIgnore()
        .returning(['id'])
        .execute();
      // Recording someone else's attendance is a moderation action; checking yourself in is not.
      if (input.userId !== actor.id && (inserted.raw as unknown[]).length > 0) {
        await this.audit.append(tx, {
          actorId: actor.id,
          action: ModerationLogAction.ATTENDANCE_RECORD,
          targetType: ModerationTarget.MEETING,
          targetId: m.id,
          reason: m.hostId === actor.id ? 'Checked in by the host.' : 'Checked in by a coordinator.',
          detail: `member ${input.userId}`,
        });
      }
      return tx.em.getRepository(Attendance).findOneByOrFail({ meetingId: m.id, userId: input.userId });
    });
  }

  attendanceOf(userId: string, args: { first: number; after?: string | null }) {
    const qb = this.ds.getRepository(Attendance).createQueryBuilder('a').where('a.user_id = :uid', { uid: userId });
    return paginate(qb, args, [
      { column: 'a.checked_in_at', direction: 'DESC', value: (a) => a.checkedInAt, cast: 'timestamptz' },
      { column: 'a.id', direction: 'DESC', value: (a) => a.id, cast: 'uuid' },
    ]);
  }

  /** A member's own proof of attendance; NOT_FOUND unless they were checked in. */
  async attendanceLetter(viewer: AuthUser, meetingId: string, now = new Date()) {
    const a = isUuid(meetingId)
      ? await this.ds.getRepository(Attendance).findOne({
          where: { meetingId, userId: viewer.id },
          relations: { meeting: { host: true }, user: true },
        })
      : null;
    if (!a) throw new NotFoundError('Attendance');
    const m = a.meeting;
    return {
      meetingId: m.id,
      meetingTitle: m.title,
      date: DateTime.fromJSDate(m.startsAt, { zone: m.timeZone }).toFormat('yyyy-MM-dd'),
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      timeZone: m.timeZone,
      hostName: m.host.displayName,
      memberName: a.user.displayName,
      checkedInAt: a.checkedInAt,
      issuedAt: now,
      forThirdParties: FOR_THIRD_PARTIES,
    };
  }
}
