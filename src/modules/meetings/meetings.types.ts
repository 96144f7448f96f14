import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { LocalDateScalar } from '../../core/scalars';
import { User } from '../accounts/user.entity';
import { Attendance } from './attendance.entity';
import { Meeting } from './meeting.entity';
import { Rsvp } from './rsvp.entity';

export const MeetingConnection = Connection(Meeting);
export const MeetingAttendeeConnection = Connection(User, 'MeetingAttendee');
export const AttendanceConnection = Connection(Attendance);

@ObjectType({ description: 'Result of createMeeting, updateMeeting and cancelMeeting.' })
export class MeetingPayload {
  @Field(() => Meeting, { description: 'The meeting (for a new series, its first occurrence).' })
  meeting: Meeting;
}

@ObjectType({ description: 'Result of rsvp and cancelRsvp.' })
export class RsvpPayload {
  @Field(() => Rsvp, { description: 'Your RSVP.' })
  rsvp: Rsvp;
}

@ObjectType({ description: 'Result of checkIn.' })
export class CheckInPayload {
  @Field(() => Attendance, { description: 'The check-in.' })
  attendance: Attendance;
}

@ObjectType({ description: 'A private calendar address; the secret is shown only here.' })
export class CalendarFeedPayload {
  @Field({
    description:
      'Path of the iCalendar feed of your RSVPs, to append to the server origin. Anyone holding it can read it.',
  })
  path: string;
}

@ObjectType({ description: 'Result of revokeCalendarFeed.' })
export class RevokeCalendarFeedPayload {
  @Field({ description: 'True when a feed existed and stopped working.' })
  revoked: boolean;
}

@ObjectType({ description: 'Proof that a member attended a meeting, for their own use.' })
export class AttendanceLetter {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;

  @Field({ description: 'Meeting title.' })
  meetingTitle: string;

  @Field(() => LocalDateScalar, { description: "The meeting's date in its own time zone." })
  date: string;

  @Field({ description: 'When the meeting started.' })
  startsAt: Date;

  @Field({ description: 'When the meeting ended.' })
  endsAt: Date;

  @Field({ description: "The meeting's IANA time zone." })
  timeZone: string;

  @Field({ description: "The host's display name." })
  hostName: string;

  @Field({ description: "The member's display name." })
  memberName: string;

  @Field({ description: 'When the member was checked in.' })
  checkedInAt: Date;

  @Field({ description: 'When this letter was produced.' })
  issuedAt: Date;

  @Field({
    description:
      'For someone without an account (a court, an employer): this letter is for you; make them a proof link they can check with createAttendanceProof.',
  })
  forThirdParties: string;
}

@ObjectType({
  description:
    'What a weekly series publishes to meeting finders (the Meeting Guide feed), apart from the private place and call link.',
})
export class MeetingListing {
  @Field(() => String, { nullable: true, description: 'The public address (`formatted_address`).' })
  address: string | null;

  @Field({
    description:
      'True when finders are told the address is approximate (`approximate: "yes"`): online meetings, whose place is where they come from.',
  })
  approximate: boolean;

  @Field(() => String, { nullable: true, description: 'The name of the building or landmark (`location`).' })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'The neighbourhood or city (`region`).' })
  region: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude, published for in-person and hybrid meetings.' })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude, published for in-person and hybrid meetings.' })
  longitude: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The published call link (`conference_url`), for online and hybrid meetings.',
  })
  conferenceUrl: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The published dial-in number (`conference_phone`), for online and hybrid meetings.',
  })
  conferencePhone: string | null;
}

@ObjectType({ description: 'A Meeting Guide meeting type: the code meetings carry, and what it means.' })
export class MeetingTypeCode {
  @Field({ description: 'The code, such as O or 12x12.' })
  code: string;

  @Field({ description: 'Its English name, such as Open.' })
  label: string;
}
