import { Port } from '../../core/module';
import type { MeetingsService } from './meetings.service';

/** Meetings, series, RSVPs, check-ins, reminders and feeds. */
export const MEETINGS = new Port<MeetingsService>('meetings');
