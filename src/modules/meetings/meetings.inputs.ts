import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../core/pagination';
import { EditScope, MeetingAudience, MeetingFormat } from './meetings.enums';

@InputType({
  description:
    'What a weekly series publishes to meeting finders (the Meeting Guide feed), apart from the private place and call link only attendees see. Given on an edit, it replaces the whole listing: a field left out is cleared.',
})
export class MeetingListingInput {
  @Field(() => String, {
    nullable: true,
    description:
      'The public address as a map finds it (`formatted_address`): a street address for in-person and hybrid meetings, such as "210 W Lake St, Chicago, IL 60606, USA"; for an online meeting an approximate place such as "Chicago, IL, USA". Required to be listed.',
  })
  address?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name of the building or landmark (`location`), up to 200 characters.',
  })
  location?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A neighbourhood or city finders group meetings by (`region`), up to 100 characters.',
  })
  region?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Latitude of the door, for maps (in-person and hybrid meetings); give longitude too.',
  })
  latitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Longitude of the door, for maps (in-person and hybrid meetings); give latitude too.',
  })
  longitude?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A call link (https) to publish for online and hybrid meetings (`conference_url`); it should open the call itself. Online meetings need it or a phone.',
  })
  conferenceUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A dial-in number to publish (`conference_phone`), with its country code, such as +13125550100 or +13125550100,,123456789#.',
  })
  conferencePhone?: string | null;
}

@InputType({ description: 'A new meeting, or a recurring series when `recurrence` is set.' })
export class CreateMeetingInput {
  @Field({ description: 'Title, 1 to 200 characters.' })
  title: string;

  @Field({ defaultValue: '', description: 'What the meeting is about, up to 5000 characters.' })
  description: string = '';

  @Field({ description: 'When it (or the first occurrence) starts; must be in the future.' })
  startsAt: Date;

  @Field(() => Int, { description: 'Length in minutes, 1 to 1440.' })
  durationMinutes: number;

  @Field({ description: 'IANA time zone the meeting is held in; recurrence is expanded in it.' })
  timeZone: string;

  @Field(() => MeetingFormat, { description: 'In person, online or both.' })
  format: MeetingFormat;

  @Field(() => String, {
    nullable: true,
    description: 'Where; shown only to the host, coordinators and members who are going.',
  })
  location?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Video call link (https); shown only to the host, coordinators and members who are going.',
  })
  conferenceUrl?: string | null;

  @Field(() => Int, { nullable: true, description: 'Seats, at least 1; null means no limit.' })
  capacity?: number | null;

  @Field(() => [String], {
    defaultValue: [],
    description: 'Meeting Guide type codes (see `meetingTypes`), such as O, C, D, SP; at most 30.',
  })
  types: string[];

  @Field(() => String, {
    nullable: true,
    description: 'RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=TU; null for a one-off meeting.',
  })
  recurrence?: string | null;

  @Field({
    defaultValue: false,
    description:
      'List this weekly series for meeting finders and in the public feeds (coordinators only); needs a weekly `recurrence` and a `listing`.',
  })
  listed: boolean = false;

  @Field(() => MeetingAudience, {
    defaultValue: MeetingAudience.ALUMNI,
    description: "Who it is for: FAMILY and OPEN admit members' allies (coordinators only). ALUMNI when left out.",
  })
  audience: MeetingAudience = MeetingAudience.ALUMNI;

  @Field(() => MeetingListingInput, {
    nullable: true,
    description: 'What the listing publishes (coordinators only; weekly series only).',
  })
  listing?: MeetingListingInput | null;
}

@InputType({ description: 'Change a meeting; omitted fields stay as they are.' })
export class UpdateMeetingInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;

  @Field(() => EditScope, {
    defaultValue: EditScope.THIS,
    description: 'For a series occurrence: this one only, or this and the later ones.',
  })
  scope: EditScope = EditScope.THIS;

  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => Date, { nullable: true, description: 'New start, in the future (scope THIS only).' })
  startsAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'New length in minutes, 1 to 1440.' })
  durationMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'New time zone (scope THIS only).' })
  timeZone?: string | null;

  @Field(() => MeetingFormat, { nullable: true, description: 'New format.' })
  format?: MeetingFormat | null;

  @Field(() => String, { nullable: true, description: 'New place; an empty string clears it.' })
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'New video call link; an empty string clears it.' })
  conferenceUrl?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'New number of seats. Raising it promotes from the waitlist; lowering it moves nobody.',
  })
  capacity?: number | null;

  @Field({ defaultValue: false, description: 'Remove the seat limit.' })
  unlimitedCapacity: boolean = false;

  @Field(() => [String], { nullable: true, description: 'New Meeting Guide type codes (see `meetingTypes`).' })
  types?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'List or unlist the series for meeting finders and in the public feeds (coordinators only; weekly series, scope FUTURE).',
  })
  listed?: boolean | null;

  @Field(() => MeetingAudience, {
    nullable: true,
    description: "New audience: FAMILY and OPEN admit members' allies (coordinators only).",
  })
  audience?: MeetingAudience | null;

  @Field(() => MeetingListingInput, {
    nullable: true,
    description: "Replace what the series' listing publishes (coordinators only; weekly series, scope FUTURE).",
  })
  listing?: MeetingListingInput | null;
}

@InputType({ description: 'Call off a meeting.' })
export class CancelMeetingInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;

  @Field({ description: 'Why, shown with the meeting.' })
  reason: string;

  @Field(() => EditScope, {
    defaultValue: EditScope.THIS,
    description: 'For a series occurrence: this one only, or this and the later ones.',
  })
  scope: EditScope = EditScope.THIS;
}

@InputType({ description: 'Take a seat, or a place on the waitlist.' })
export class RsvpInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;
}

@InputType({ description: 'Give up your seat or waitlist place.' })
export class CancelRsvpInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;
}

@InputType({ description: 'Record that a member is at a meeting.' })
export class CheckInInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId: string;

  @Field(() => ID, { description: 'The member checking in (yourself, unless you host or coordinate).' })
  userId: string;
}

@ArgsType()
export class MeetingsArgs extends ConnectionArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'Only meetings starting at or after this instant (default: not yet ended).',
  })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only meetings starting before this instant.' })
  to?: Date | null;

  @Field(() => [String], { nullable: true, description: 'Only meetings having all these Meeting Guide type codes.' })
  types?: string[] | null;

  @Field(() => MeetingFormat, { nullable: true, description: 'Only meetings of this format.' })
  format?: MeetingFormat | null;

  @Field({ defaultValue: false, description: 'Include cancelled meetings.' })
  includeCancelled: boolean = false;
}
