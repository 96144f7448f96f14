import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { AccountDeleted } from '../accounts/accounts.events';
import { USER_LOADER } from '../accounts/accounts.ports';
import { AUDIT } from '../audit/audit.ports';
import { CONSENTS } from '../consents/consents.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { Attendance } from './attendance.entity';
import { AttendanceResolver, MeetingUserResolver } from './attendance.resolver';
import { AttendanceService } from './attendance.service';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedResolver } from './calendar-feed.resolver';
import { CalendarFeedService } from './calendar-feed.service';
import { MeetingReminder } from './meeting-reminder.entity';
import { MeetingReminderService } from './meeting-reminder.service';
import { MeetingSeries } from './meeting-series.entity';
import { MeetingSeriesResolver } from './meeting-series.resolver';
import { MeetingSeriesService } from './meeting-series.service';
import { Meeting } from './meeting.entity';
import { MeetingResolver } from './meeting.resolver';
import { MeetingService } from './meeting.service';
import { meetingFeedRoutes } from './meetings.feeds';
import { MeetingLoaders } from './meetings.loaders';
import { MEETING_ACTIVITY, MEETINGS } from './meetings.ports';
import { seedMeetings } from './meetings.seed';
import { MeetingsService } from './meetings.service';
import { Rsvp } from './rsvp.entity';
import { lastMeetingActivitySql } from './rsvp.queries';
import { RsvpResolver } from './rsvp.resolver';
import { RsvpService } from './rsvp.service';

/** Meetings: hosting, recurring series, RSVPs with a waitlist, check-ins, reminders and feeds. */
export const meetingsModule = defineModule({
  name: 'meetings',
  entities: [MeetingSeries, Meeting, Rsvp, Attendance, MeetingReminder, CalendarFeed],
  resolvers: [
    MeetingResolver,
    MeetingSeriesResolver,
    RsvpResolver,
    AttendanceResolver,
    MeetingUserResolver,
    CalendarFeedResolver,
  ],
  dataMap: [
    { table: 'meeting_rsvps', column: 'user_id', exportAs: 'rsvps', onDelete: 'delete' },
    { table: 'meeting_attendance', column: 'user_id', exportAs: 'attendance', onDelete: 'delete' },
    {
      table: 'meeting_attendance',
      column: 'checked_in_by_id',
      onDelete: 'keep',
      why: "another member's attendance record",
    },
    { table: 'meeting_reminders', column: 'user_id', onDelete: 'delete', why: 'bookkeeping of reminders sent' },
    {
      table: 'meeting_calendar_feeds',
      column: 'user_id',
      exportAs: 'calendarFeeds',
      omit: ['token_hash', 'secret_hash'],
      onDelete: 'delete',
    },
    {
      table: 'meetings',
      column: 'host_id',
      exportAs: 'meetingsHosted',
      onDelete: 'keep',
      why: 'meetings stay for their attendees; the host shows as a former member',
    },
    {
      table: 'meeting_series',
      column: 'host_id',
      exportAs: 'meetingSeriesHosted',
      onDelete: 'keep',
      why: 'as meetings',
    },
  ],
  build({ ds, tx, events, pubsub, logger, config }, registry) {
    const notifications = registry.get(NOTIFICATIONS);
    const users = registry.get(USER_LOADER);
    const audit = registry.get(AUDIT);
    const series = new MeetingSeriesService(ds, tx);
    const rsvps = new RsvpService(ds, tx, pubsub, notifications);
    const meetings = new MeetingService(ds, tx, series, rsvps, notifications, audit);
    const attendance = new AttendanceService(ds, tx, meetings, audit);
    const reminders = new MeetingReminderService(tx, notifications);
    const feeds = new CalendarFeedService(ds);
    const all = new MeetingsService(meetings, series, rsvps, attendance, reminders, feeds);
    const loaders = new LoaderKey('meetings', () => new MeetingLoaders({ meetings, series, rsvps }));

    // Seats go before the account does, so the people waiting for them are promoted.
    events.on(AccountDeleted, ({ user, now }, t) => rsvps.giveUpUpcoming(t, user.id, now));

    return {
      resolvers: [
        new MeetingResolver(meetings, loaders, users),
        new MeetingSeriesResolver(),
        new RsvpResolver(rsvps, loaders),
        new AttendanceResolver(attendance, loaders, users),
        new MeetingUserResolver(attendance, registry.get(CONSENTS)),
        new CalendarFeedResolver(feeds),
      ],
      provides: [provide(MEETINGS, all), provide(MEETING_ACTIVITY, { latestOf: lastMeetingActivitySql })],
      jobs: [
        {
          name: 'meetings.extend-series',
          cron: '41 3 * * *',
          run: async () => {
            logger.info(await series.extendSeriesHorizon(new Date()), 'meeting series extended');
          },
        },
        {
          name: 'meetings.send-reminders',
          cron: '*/5 * * * *',
          run: async () => {
            logger.info(await reminders.sendDueReminders(new Date()), 'meeting reminders sent');
          },
        },
      ],
      routes: meetingFeedRoutes(feeds, config.program),
      seed: (ctx) => seedMeetings({ meetings: all, ds }, ctx),
    };
  },
});
