import { DataSource } from 'typeorm';
import { isAlly, type AuthUser } from '../../core/auth';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import type { ConnectionResult } from '../../core/pagination';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import type { AuditEntry, AuditLog } from '../audit/audit.service';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import type { MeetingSeriesService } from './meeting-series.service';
import { Meeting } from './meeting.entity';
import { EditScope, MeetingStatus, type MeetingAudience, type MeetingFormat } from './meetings.enums';
import {
  endOf,
  listingOf,
  NO_LISTING,
  normalizeTypes,
  validateListing,
  validateMeetingFields,
  validateNewMeeting,
  type MeetingFieldsInput,
  type MeetingListingInput,
} from './meetings.fields';
import {
  ALLY_AUDIENCES,
  canEdit,
  canHost,
  canList,
  canSeeMeeting,
  canSetAudience,
  listingProblem,
  type ListingState,
} from './meetings.policy';
import { lockMeeting, lockSeries, meetingsByIds, meetingsPage } from './meetings.queries';
import { normalizeRecurrence } from './meetings.recurrence';
import { announceMeeting } from './meetings.topics';
import { signedUp } from './rsvp.queries';
import type { RsvpService } from './rsvp.service';

export interface MeetingListArgs {
  first: number;
  after?: string | null;
  from?: Date | null;
  to?: Date | null;
  types?: string[] | null;
  format?: MeetingFormat | null;
  includeCancelled?: boolean;
}

const ONLY_WEEKLY =
  'Only weekly series can be listed or carry a public listing: meeting finders take weekly meetings only.';

/** Refuses a listing that meeting finders could not take, naming the field to fix. */
function assertListable(state: ListingState): void {
  const problem = listingProblem(state);
  if (problem) throw new BadInputError(problem.field, problem.message);
}

function seriesOf(meeting: Meeting): string {
  if (!meeting.seriesId) throw new BadInputError('scope', 'This meeting is not part of a series.');
  return meeting.seriesId;
}

/** The moderation log entry of a cancelled meeting: who, as host or coordinator; no free text. */
function cancellationEntry(actor: AuthUser, meeting: Meeting, seriesId: string | null): AuditEntry {
  return {
    actorId: actor.id,
    action: ModerationLogAction.MEETING_CANCEL,
    targetType: ModerationTarget.MEETING,
    targetId: meeting.id,
    reason: meeting.hostId === actor.id ? 'Cancelled by its host.' : 'Cancelled by a coordinator.',
    detail: seriesId ? `with the later occurrences of series ${seriesId}` : null,
  };
}

/** Meetings themselves: reading, and hosting (create, edit, cancel). */
export class MeetingService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly series: MeetingSeriesService,
    private readonly rsvps: RsvpService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
  ) {}

  // ---------- reading ----------

  async findMeeting(id: string): Promise<Meeting | null> {
    if (!isUuid(id)) return null;
    return this.ds.getRepository(Meeting).findOne({ where: { id } });
  }

  async getMeeting(id: string): Promise<Meeting> {
    const m = await this.findMeeting(id);
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }

  meetingsByIds(ids: readonly string[]): Promise<Meeting[]> {
    return meetingsByIds(this.ds, ids);
  }

  /** One meeting as the viewer may see it: null when unknown, or when it is not for them (`canSeeMeeting`). */
  async findVisibleMeeting(viewer: AuthUser | null, id: string): Promise<Meeting | null> {
    const m = await this.findMeeting(id);
    return m && canSeeMeeting(viewer, m) ? m : null;
  }

  /** Meetings as the viewer may see them: `canSeeMeeting` as a filter (allies: FAMILY and OPEN ones). */
  listFor(viewer: AuthUser | null, args: MeetingListArgs, now = new Date()): Promise<ConnectionResult<Meeting>> {
    return this.list(args, now, isAlly(viewer) ? ALLY_AUDIENCES : null);
  }

  list(
    args: MeetingListArgs,
    now = new Date(),
    audiences: readonly MeetingAudience[] | null = null,
  ): Promise<ConnectionResult<Meeting>> {
    if (args.from && args.to && args.to <= args.from) throw new BadInputError('to', '`to` must be after `from`.');
    return meetingsPage(
      this.ds,
      {
        audiences,
        scheduledOnly: !args.includeCancelled,
        from: args.from ?? null,
        now,
        to: args.to ?? null,
        types: args.types?.length ? normalizeTypes(args.types) : null,
        format: args.format ?? null,
      },
      args,
    );
  }

  // ---------- hosting ----------

  async createMeeting(
    actor: AuthUser,
    input: MeetingFieldsInput & { recurrence?: string | null; listing?: MeetingListingInput | null },
    now = new Date(),
  ): Promise<Meeting> {
    if (!canHost(actor)) throw new ForbiddenError('Only mentors and coordinators can host meetings.');
    if (!canSetAudience(actor, input.audience)) {
      throw new ForbiddenError('Only coordinators can open meetings to families and friends.', { field: 'audience' });
    }
    if ((input.listed || input.listing != null) && !canList(actor)) {
      throw new ForbiddenError('Only coordinators can list meetings publicly.', {
        field: input.listed ? 'listed' : 'listing',
      });
    }
    const { startsAt, template } = validateNewMeeting(actor.id, input, now);
    const recurrence =
      input.recurrence == null || input.recurrence.trim() === '' ? null : normalizeRecurrence(input.recurrence);
    const listing = input.listing != null ? validateListing(input.listing) : NO_LISTING;
    if (template.listed) assertListable({ format: template.format, recurrence, listing });
    if (input.listing != null && !recurrence) throw new BadInputError('listing', ONLY_WEEKLY);
    if (recurrence) return this.getMeeting(await this.series.start(template, recurrence, startsAt, now, listing));
    const repo = this.ds.getRepository(Meeting);
    const saved = await repo.save(
      repo.create({ ...template, startsAt, endsAt: endOf(startsAt, template.durationMinutes) }),
    );
    return this.getMeeting(saved.id);
  }

  async updateMeeting(
    actor: AuthUser,
    input: MeetingFieldsInput & {
      meetingId: string;
      scope?: EditScope;
      unlimitedCapacity?: boolean;
      listing?: MeetingListingInput | null;
    },
    now = new Date(),
  ): Promise<Meeting> {
    const meeting = await this.getMeeting(input.meetingId);
    if (!canEdit(actor, meeting)) throw new ForbiddenError('You can edit only meetings you host.');
    if (!canSetAudience(actor, input.audience)) {
      throw new ForbiddenError('Only coordinators can open meetings to families and friends.', { field: 'audience' });
    }
    const listingChange = input.listed != null || input.listing != null;
    if (listingChange && !canList(actor)) {
      throw new ForbiddenError('Only coordinators can list meetings publicly.', {
        field: input.listed != null ? 'listed' : 'listing',
      });
    }
    if (meeting.status === MeetingStatus.CANCELLED) {
      throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
    }
    if (meeting.endsAt <= now) throw new ConflictError('This meeting is over.', { reason: 'MEETING_OVER' });
    const f = validateMeetingFields(input, now);
    const listing = input.listing != null ? validateListing(input.listing) : undefined;
    if (input.unlimitedCapacity) {
      if (input.capacity != null) throw new BadInputError('capacity', 'Give a capacity or ask for no limit, not both.');
      f.capacity = null;
    }
    const seriesId = input.scope === EditScope.FUTURE ? seriesOf(meeting) : null;
    if (listingChange && !meeting.seriesId) {
      // Unlisting a meeting that is not listed is nothing to do; anything else is refused.
      if (input.listed === true || listing) throw new BadInputError(listing ? 'listing' : 'listed', ONLY_WEEKLY);
    } else if (listingChange && !seriesId) {
      throw new BadInputError('scope', 'A public listing belongs to the whole series: change it with scope FUTURE.');
    }
    if (seriesId && (f.startsAt || f.timeZone)) {
      throw new BadInputError(
        f.startsAt ? 'startsAt' : 'timeZone',
        'Move occurrences one at a time, or start a new series.',
      );
    }
    await this.tx.run(async (tx) => {
      if (seriesId) {
        // A listed series stays what finders need: its listing, and its format, are checked
        // against the series as it will be, under its lock.
        const series = await lockSeries(tx.em, seriesId);
        const listed = input.listed ?? series.listed;
        if (listed && (listingChange || f.format !== undefined)) {
          assertListable({
            format: f.format ?? series.format,
            recurrence: series.recurrence,
            listing: listing ?? listingOf(series),
          });
        }
      }
      const targets = seriesId ? await this.series.occurrencesToEdit(tx.em, meeting, seriesId) : [meeting];
      if (seriesId) {
        await this.series.applyEdit(tx.em, seriesId, f, { listed: input.listed ?? undefined, listing }, now);
      }
      for (const t of targets) {
        const locked = await lockMeeting(tx.em, t.id);
        const patch: Partial<Meeting> = { ...f };
        const startsAt = f.startsAt ?? locked.startsAt;
        const duration = f.durationMinutes ?? locked.durationMinutes;
        if (f.startsAt || f.durationMinutes) patch.endsAt = endOf(startsAt, duration);
        if (!seriesId && locked.seriesId) patch.detached = true;
        if (Object.keys(patch).length) await tx.em.getRepository(Meeting).update(locked.id, patch);
        // A raised capacity seats people from the waitlist.
        await this.rsvps.promote(tx, locked.id);
      }
      for (const t of targets) announceMeeting(tx.outbox, t.id);
    });
    return this.getMeeting(meeting.id);
  }

  async cancelMeeting(
    actor: AuthUser,
    input: { meetingId: string; reason: string; scope?: EditScope },
    now = new Date(),
  ): Promise<Meeting> {
    const meeting = await this.getMeeting(input.meetingId);
    if (!canEdit(actor, meeting)) throw new ForbiddenError('You can cancel only meetings you host.');
    const reason = input.reason.trim();
    if (!reason || reason.length > 500) throw new BadInputError('reason', 'Give a reason of 1 to 500 characters.');
    const seriesId = input.scope === EditScope.FUTURE ? seriesOf(meeting) : null;
    if (meeting.status === MeetingStatus.CANCELLED && !seriesId) return meeting;
    if (meeting.endsAt <= now) throw new ConflictError('This meeting is over.', { reason: 'MEETING_OVER' });
    await this.tx.run(async (tx) => {
      const ids = seriesId ? await this.series.cancelFrom(tx.em, seriesId, meeting.startsAt) : [meeting.id];
      const changed: string[] = [];
      for (const id of ids) {
        const locked = await lockMeeting(tx.em, id);
        if (locked.status === MeetingStatus.CANCELLED) continue;
        await tx.em.getRepository(Meeting).update(id, { status: MeetingStatus.CANCELLED, cancelReason: reason });
        changed.push(id);
        // The host's own words stay on the meeting for its attendees; the log, which is kept
        // for ever, records who cancelled which meeting, never why.
        await this.audit.append(tx, cancellationEntry(actor, locked, seriesId));
        for (const userId of await signedUp(tx.em, id)) {
          await this.notifications.add(tx, {
            userId,
            kind: NotificationKind.MEETING_CANCELLED,
            message: 'A meeting you signed up for has been cancelled.',
            subjectId: id,
          });
        }
      }
      for (const id of changed) announceMeeting(tx.outbox, id);
    });
    return this.getMeeting(meeting.id);
  }
}
