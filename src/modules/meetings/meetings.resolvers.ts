import { MeetingResolver } from './meeting.resolver';
import { AttendanceResolver, MeetingUserResolver, RsvpResolver } from './rsvp.resolver';

export const MEETING_RESOLVERS = [MeetingResolver, RsvpResolver, AttendanceResolver, MeetingUserResolver];
