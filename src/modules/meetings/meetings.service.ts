import type { AttendanceService } from './attendance.service';
import type { CalendarFeedService } from './calendar-feed.service';
import type { MeetingReminderService } from './meeting-reminder.service';
import type { MeetingSeriesService } from './meeting-series.service';
import type { MeetingService } from './meeting.service';
import type { RsvpService } from './rsvp.service';

/**
 * The meetings module's services, one per use case, behind the MEETINGS port. The few
 * methods below keep the names that scripts, the benchmark and tests drive directly.
 */
export class MeetingsService {
  constructor(
    readonly meetings: MeetingService,
    readonly series: MeetingSeriesService,
    readonly rsvps: RsvpService,
    readonly attendance: AttendanceService,
    readonly reminders: MeetingReminderService,
    readonly feeds: CalendarFeedService,
  ) {}

  createMeeting(...args: Parameters<MeetingService['createMeeting']>) {
    return this.meetings.createMeeting(...args);
  }

  rsvp(...args: Parameters<RsvpService['rsvp']>) {
    return this.rsvps.rsvp(...args);
  }

  extendSeriesHorizon(now?: Date) {
    return this.series.extendSeriesHorizon(now);
  }

  sendDueReminders(now?: Date) {
    return this.reminders.sendDueReminders(now);
  }
}
