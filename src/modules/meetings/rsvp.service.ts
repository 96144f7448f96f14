import type { DataSource } from 'typeorm';
import { isAlly, type AuthUser } from '../../core/auth';
import { ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor, Tx } from '../../core/outbox';
import { decodeCursor } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import { MeetingStatus, RsvpStatus } from './meetings.enums';
import { lockMeeting } from './meetings.queries';
import { announceMeeting, MeetingTopic, type MeetingUpdatedEvent } from './meetings.topics';
import type { Rsvp } from './rsvp.entity';
import * as q from './rsvp.queries';
import type { AttendeePage } from './rsvp.queries';

/**
 * The promotion rule, stated once: while a meeting is scheduled, its free seats go to the
 * people waiting, first in line first. Without a seat limit everyone waiting gets one.
 */
export function seatsToFill(m: q.SeatsRow): number {
  if (m.status !== MeetingStatus.SCHEDULED || m.waitlist_count === 0) return 0;
  return m.capacity === null ? m.waitlist_count : Math.max(0, m.capacity - m.going_count);
}

/**
 * The whole RSVP path: taking a seat, giving it up, and promotion from the waitlist.
 * Capacity is enforced by the database (the counting trigger refuses a seat beyond it); each
 * promotion happens under the meeting's row lock, so a freed seat is given exactly once.
 */
export class RsvpService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly pubsub: PubSub,
    private readonly notifications: NotificationsService,
  ) {}

  rsvpsOf(userId: string, meetingIds: readonly string[]): Promise<Rsvp[]> {
    return q.rsvpsOf(this.ds, userId, meetingIds);
  }

  attendeesOf(
    viewerId: string,
    meetingIds: readonly string[],
    first: number,
    after?: string | null,
  ): Promise<Map<string, AttendeePage>> {
    let cursor: { at: string; id: string } | null = null;
    if (after) {
      // Checked value by value: a forged cursor is BAD_USER_INPUT, never a failed cast.
      const [at, id] = decodeCursor(after, ['timestamptz', 'uuid']).map(String);
      cursor = { at, id };
    }
    return q.attendeesOf(this.ds, viewerId, meetingIds, first, cursor);
  }

  /**
   * Takes a seat or a waitlist place: GOING while seats are left, else WAITLISTED at the back.
   * An active RSVP is returned as it is.
   */
  async rsvp(actor: AuthUser, meetingId: string, now = new Date()): Promise<Rsvp> {
    if (!isUuid(meetingId)) throw new NotFoundError('Meeting');
    // A meeting not open to allies does not exist for them, as in `meeting(id)`.
    if (isAlly(actor) && !(await q.openToAllies(this.ds, meetingId))) throw new NotFoundError('Meeting');
    // One statement that commits on its own (see takeSeat): nothing to put in an outbox.
    const taken = await q.takeSeat(this.ds, meetingId, actor.id, now);
    switch (taken.outcome) {
      case 'NOT_FOUND':
        throw new NotFoundError('Meeting');
      case 'MEETING_CANCELLED':
        throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
      case 'MEETING_STARTED':
        throw new ConflictError('This meeting has already started.', { reason: 'MEETING_STARTED' });
    }
    if (taken.changed) {
      const event: MeetingUpdatedEvent = { id: taken.rsvp.meetingId };
      this.pubsub.publish(MeetingTopic.UPDATED, event.id, event);
    }
    return taken.rsvp;
  }

  /** Gives up a seat or a waitlist place; a freed seat goes to the first on the waitlist, once. */
  cancelRsvp(actor: AuthUser, meetingId: string, now = new Date()): Promise<Rsvp> {
    return this.tx.run((tx) => this.giveUp(tx, meetingId, actor.id, now));
  }

  /** Gives up every seat and place a member holds at meetings not yet started, in `tx`. */
  async giveUpUpcoming(tx: Tx, userId: string, now: Date): Promise<void> {
    const upcoming = await q.upcomingRsvpMeetings(tx.em, userId, now);
    for (const meetingId of upcoming) await this.giveUp(tx, meetingId, userId, now);
  }

  /**
   * Fills the meeting's free seats from its waitlist (see `seatsToFill`) and tells each person
   * promoted. The caller holds the meeting's row lock.
   */
  async promote(tx: Tx, meetingId: string): Promise<void> {
    const seats = await q.seatsOf(tx.em, meetingId);
    const free = seats ? seatsToFill(seats) : 0;
    if (free <= 0) return;
    for (const next of await q.nextInLine(tx.em, meetingId, free)) {
      await q.markGoing(tx.em, next.id);
      await this.notifications.add(tx, {
        userId: next.user_id,
        kind: NotificationKind.WAITLIST_PROMOTED,
        message: 'A seat opened up: you are now going to a meeting you were waiting for.',
        subjectId: meetingId,
      });
    }
  }

  private async giveUp(tx: Tx, meetingId: string, userId: string, now: Date): Promise<Rsvp> {
    const m = await lockMeeting(tx.em, meetingId);
    const existing = await q.findRsvp(tx.em, m.id, userId);
    if (!existing) throw new NotFoundError('RSVP');
    if (existing.status === RsvpStatus.CANCELLED) return existing;
    const rsvp = await q.markCancelled(tx.em, existing.id);
    // A seat given up once the meeting has started is not offered to anyone.
    if (m.startsAt > now) await this.promote(tx, m.id);
    announceMeeting(tx.outbox, m.id);
    return rsvp;
  }
}
