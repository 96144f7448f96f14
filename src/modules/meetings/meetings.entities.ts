import { Attendance } from './attendance.entity';
import { CalendarFeed } from './calendar-feed.entity';
import { MeetingReminder } from './meeting-reminder.entity';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import { Rsvp } from './rsvp.entity';

export const MEETING_ENTITIES = [MeetingSeries, Meeting, Rsvp, Attendance, MeetingReminder, CalendarFeed];
