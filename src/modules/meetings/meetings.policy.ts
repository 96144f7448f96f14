import { isAlly, isCoordinator, type AuthUser } from '../../core/auth';
import type { Meeting } from './meeting.entity';
import { MeetingAudience, MeetingFormat, RsvpStatus } from './meetings.enums';
import type { MeetingListingFields } from './meetings.fields';
import { isWeeklyRule } from './meetings.recurrence';
import type { Rsvp } from './rsvp.entity';

/** Approved mentors and coordinators host meetings. */
export function canHost(actor: AuthUser): boolean {
  return actor.isMentor || isCoordinator(actor);
}

/** Coordinators edit any meeting; a mentor only those they host. */
export function canEdit(actor: AuthUser, meeting: Pick<Meeting, 'hostId'>): boolean {
  return isCoordinator(actor) || (actor.isMentor && meeting.hostId === actor.id);
}

/** Audiences an ally may see and RSVP to; members and staff see every meeting. */
export const ALLY_AUDIENCES: readonly MeetingAudience[] = [MeetingAudience.FAMILY, MeetingAudience.OPEN];

/** Whether the viewer may see the meeting at all: allies only FAMILY and OPEN ones. */
export function canSeeMeeting(viewer: AuthUser | null, meeting: Pick<Meeting, 'audience'>): boolean {
  return !isAlly(viewer) || ALLY_AUDIENCES.includes(meeting.audience);
}

/** Only coordinators open a meeting to allies (or close it again). */
export function canSetAudience(actor: AuthUser, audience: MeetingAudience | null | undefined): boolean {
  return audience == null || isCoordinator(actor) || audience === MeetingAudience.ALUMNI;
}

/** Place and call link, and the attendee list: host, coordinators and members who are going. */
export function canSeeInside(viewer: AuthUser | null, meeting: Pick<Meeting, 'hostId'>, rsvp: Rsvp | null): boolean {
  if (!viewer) return false;
  return meeting.hostId === viewer.id || isCoordinator(viewer) || rsvp?.status === RsvpStatus.GOING;
}

/** Only coordinators list meetings publicly, or change what a listing publishes. */
export function canList(actor: AuthUser): boolean {
  return isCoordinator(actor);
}

/**
 * A series' public listing: anyone signed in once it is listed (the feeds publish it anyway);
 * before that, those who may edit the series.
 */
export function canSeeListing(viewer: AuthUser, series: { hostId: string; listed: boolean }): boolean {
  return series.listed || canEdit(viewer, series);
}

/** What a listed series is made of, for the rule below. */
export interface ListingState {
  format: MeetingFormat;
  /** The series' RRULE; null for a one-off meeting. */
  recurrence: string | null;
  listing: MeetingListingFields;
}

export interface ListingProblem {
  field: string;
  message: string;
}

/** Commas in an address that a map can find a door by: street, city, country at least. */
const SPECIFIC_ADDRESS_COMMAS = 2;

/**
 * Why this meeting cannot be listed for meeting finders, or null when it can. The Meeting Guide
 * format is for weekly meetings only; Meeting Guide imports no entry without a place, and
 * TSML UI drops one without an address, online meetings included (their place is approximate,
 * such as "Chicago, IL, USA"); an in-person or hybrid meeting needs a street address; an
 * online meeting with no public call link or dial-in phone is shown as inactive.
 */
export function listingProblem(s: ListingState): ListingProblem | null {
  if (s.recurrence === null) {
    return {
      field: 'listed',
      message:
        'Only weekly meetings can be listed: meeting finders take weekly meetings only. Make it a weekly series (FREQ=WEEKLY).',
    };
  }
  if (!isWeeklyRule(s.recurrence)) {
    return {
      field: 'listed',
      message:
        'Only series that meet every week can be listed (FREQ=WEEKLY, no INTERVAL, BYMONTH, BYMONTHDAY or BYSETPOS): meeting finders take weekly meetings only.',
    };
  }
  const address = s.listing.publicAddress;
  if (!address) {
    return {
      field: 'listing.address',
      message:
        s.format === MeetingFormat.ONLINE
          ? 'Give the public place finders show: for an online meeting, an approximate one such as "Chicago, IL, USA".'
          : 'Give the public street address finders show, such as "210 W Lake St, Chicago, IL 60606, USA".',
    };
  }
  if (s.format !== MeetingFormat.ONLINE && address.split(',').length - 1 < SPECIFIC_ADDRESS_COMMAS) {
    return {
      field: 'listing.address',
      message:
        'An in-person or hybrid meeting is listed with its street address, such as "210 W Lake St, Chicago, IL 60606, USA".',
    };
  }
  if (s.format === MeetingFormat.ONLINE && !s.listing.publicConferenceUrl && !s.listing.publicConferencePhone) {
    return {
      field: 'listing.conferenceUrl',
      message: 'An online meeting is listed with a public call link or dial-in phone (conferenceUrl, conferencePhone).',
    };
  }
  return null;
}
