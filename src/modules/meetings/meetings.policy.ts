import { isCoordinator, type AuthUser } from '../../core/auth';
import type { Meeting } from './meeting.entity';
import { RsvpStatus } from './meetings.enums';
import type { Rsvp } from './rsvp.entity';

/** Approved mentors and coordinators host meetings. */
export function canHost(actor: AuthUser): boolean {
  return actor.isMentor || isCoordinator(actor);
}

/** Coordinators edit any meeting; a mentor only those they host. */
export function canEdit(actor: AuthUser, meeting: Pick<Meeting, 'hostId'>): boolean {
  return isCoordinator(actor) || (actor.isMentor && meeting.hostId === actor.id);
}

/** Place and call link, and the attendee list: host, coordinators and members who are going. */
export function canSeeInside(viewer: AuthUser | null, meeting: Pick<Meeting, 'hostId'>, rsvp: Rsvp | null): boolean {
  if (!viewer) return false;
  return meeting.hostId === viewer.id || isCoordinator(viewer) || rsvp?.status === RsvpStatus.GOING;
}
