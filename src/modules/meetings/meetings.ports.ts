import type { ActivitySource } from '../../core/activity';
import { Port } from '../../core/module';
import type { MeetingsService } from './meetings.service';

/** Meetings, series, RSVPs, check-ins, reminders and feeds. */
export const MEETINGS = new Port<MeetingsService>('meetings');

/** When members last answered an RSVP or were checked in to a meeting, for features that ask who has gone quiet. */
export const MEETING_ACTIVITY = new Port<ActivitySource>('meetings.activity');
