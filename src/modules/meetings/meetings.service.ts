import { DateTime } from 'luxon';
import { DataSource, In, type EntityManager } from 'typeorm';
import { hashSecret, isCoordinator, newSecret, type AuthUser } from '../../core/auth';
import { inTransaction } from '../../core/db';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { decodeCursor, encodeCursor, paginate, type ConnectionResult } from '../../core/pagination';
import type { PubSub } from '../../core/pubsub';
import { isTimeZone } from '../../core/scalars';
import { isUuid } from '../../core/ids';
import { User } from '../accounts/user.entity';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { Notification } from '../notifications/notification.entity';
import type { NotificationsService } from '../notifications/notification.service';
import { Attendance } from './attendance.entity';
import { CalendarFeed } from './calendar-feed.entity';
import {
  isMeetingGuideType,
  MAX_DURATION_MINUTES,
  REMINDER_DAY_MS,
  REMINDER_HOUR_MS,
  SELF_CHECK_IN_EARLY_MS,
  SERIES_HORIZON_DAYS,
} from './meeting-types.constants';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import { EditScope, MeetingFormat, MeetingStatus, ReminderKind, RsvpStatus } from './meetings.enums';
import { canEdit, canHost } from './meetings.policy';
import { expandOccurrences, localStartOf, normalizeRecurrence } from './meetings.recurrence';
import { MeetingTopic, type MeetingUpdatedEvent } from './meetings.topics';
import { Rsvp } from './rsvp.entity';

const HORIZON_MS = SERIES_HORIZON_DAYS * 24 * 3600_000;

export interface MeetingFieldsInput {
  title?: string | null;
  description?: string | null;
  startsAt?: Date | null;
  durationMinutes?: number | null;
  timeZone?: string | null;
  format?: MeetingFormat | null;
  location?: string | null;
  conferenceUrl?: string | null;
  capacity?: number | null;
  types?: string[] | null;
  listed?: boolean | null;
}

type Fields = Partial<Pick<Meeting, 'title' | 'description' | 'startsAt' | 'durationMinutes' | 'timeZone' | 'format' | 'location' | 'conferenceUrl' | 'capacity' | 'types' | 'listed'>>;

export interface AttendeePage {
  users: Array<{ user: User; cursor: string }>;
  hasNextPage: boolean;
  total: number;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const v = value.trim();
  if (v.length > max) throw new BadInputError(field, `Use at most ${max} characters.`);
  return v === '' ? null : v;
}

/** Checks each given field; throws BAD_USER_INPUT naming the first bad one. */
export function validateMeetingFields(input: MeetingFieldsInput, now: Date): Fields {
  const out: Fields = {};
  if (input.title !== undefined && input.title !== null) {
    const title = input.title.replace(/\s+/g, ' ').trim();
    if (title.length < 1 || title.length > 200) throw new BadInputError('title', 'Use 1 to 200 characters.');
    out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (input.description.length > 5000) throw new BadInputError('description', 'Use at most 5000 characters.');
    out.description = input.description.trim();
  }
  if (input.startsAt !== undefined && input.startsAt !== null) {
    if (input.startsAt.getTime() <= now.getTime()) throw new BadInputError('startsAt', 'The start must be in the future.');
    out.startsAt = input.startsAt;
  }
  if (input.durationMinutes !== undefined && input.durationMinutes !== null) {
    const d = input.durationMinutes;
    if (!Number.isInteger(d) || d <= 0 || d > MAX_DURATION_MINUTES) {
      throw new BadInputError('durationMinutes', `A meeting lasts 1 to ${MAX_DURATION_MINUTES} minutes.`);
    }
    out.durationMinutes = d;
  }
  if (input.timeZone !== undefined && input.timeZone !== null) {
    const tz = input.timeZone.trim();
    if (!isTimeZone(tz)) throw new BadInputError('timeZone', 'Use an IANA time zone name, such as America/Chicago.');
    out.timeZone = tz;
  }
  if (input.format !== undefined && input.format !== null) out.format = input.format;
  const location = optionalText(input.location, 'location', 500);
  if (location !== undefined) out.location = location;
  const url = optionalText(input.conferenceUrl, 'conferenceUrl', 1000);
  if (url !== undefined) {
    if (url !== null) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        parsed = null;
      }
      if (!parsed || parsed.protocol !== 'https:') throw new BadInputError('conferenceUrl', 'Use an https:// link.');
    }
    out.conferenceUrl = url;
  }
  if (input.capacity !== undefined && input.capacity !== null) {
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 100000) {
      throw new BadInputError('capacity', 'Capacity is at least 1; leave it empty for no limit.');
    }
    out.capacity = input.capacity;
  }
  if (input.types !== undefined && input.types !== null) out.types = normalizeTypes(input.types);
  if (input.listed !== undefined && input.listed !== null) out.listed = input.listed;
  return out;
}

export function normalizeTypes(types: string[], field = 'types'): string[] {
  const out = [...new Set(types.map((t) => t.trim()))];
  if (out.length > 30) throw new BadInputError(field, 'Use at most 30 type codes.');
  const unknown = out.filter((t) => !isMeetingGuideType(t));
  if (unknown.length) throw new BadInputError(field, 'Use Meeting Guide type codes, such as O, C, D or SP.', { unknown });
  return out;
}

function endOf(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000);
}

/** Meetings, RSVPs with a database-enforced capacity, series, check-ins, reminders and feeds. */
export class MeetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly pubsub: PubSub,
    private readonly notifications: NotificationsService,
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
    return this.ds.getRepository(Meeting).find({ where: { id: In([...ids]) } });
  }

  seriesByIds(ids: readonly string[]): Promise<MeetingSeries[]> {
    return this.ds.getRepository(MeetingSeries).find({ where: { id: In([...ids]) } });
  }

  list(args: { first: number; after?: string | null; from?: Date | null; to?: Date | null; types?: string[] | null; format?: MeetingFormat | null; includeCancelled?: boolean }, now = new Date()): Promise<ConnectionResult<Meeting>> {
    const qb = this.ds.getRepository(Meeting).createQueryBuilder('m');
    if (!args.includeCancelled) qb.andWhere('m.status = :scheduled', { scheduled: MeetingStatus.SCHEDULED });
    if (args.from) qb.andWhere('m.starts_at >= :from', { from: args.from });
    else qb.andWhere('m.ends_at > :now', { now });
    if (args.to) {
      if (args.from && args.to <= args.from) throw new BadInputError('to', '`to` must be after `from`.');
      qb.andWhere('m.starts_at < :to', { to: args.to });
    }
    if (args.types?.length) qb.andWhere('m.types @> :types', { types: normalizeTypes(args.types) });
    if (args.format) qb.andWhere('m.format = :format', { format: args.format });
    return paginate(qb, args, [
      { column: 'm.starts_at', direction: 'ASC', value: (m) => m.startsAt, cast: 'timestamptz' },
      { column: 'm.id', direction: 'ASC', value: (m) => m.id, cast: 'uuid' },
    ]);
  }

  /** The RSVPs of one member at several meetings, with waitlist positions, in one statement. */
  async rsvpsOf(userId: string, meetingIds: readonly string[]): Promise<Rsvp[]> {
    const rows: Array<Record<string, any>> = await this.ds.query(
      `SELECT r.id, r.meeting_id, r.user_id, r.status, r.waitlist_seq, r.created_at, r.updated_at,
              CASE WHEN r.status = 'WAITLISTED' THEN (
                SELECT count(*)::int FROM meeting_rsvps w
                WHERE w.meeting_id = r.meeting_id AND w.status = 'WAITLISTED' AND w.waitlist_seq <= r.waitlist_seq) END AS position
         FROM meeting_rsvps r WHERE r.user_id = $1 AND r.meeting_id = ANY($2::uuid[])`,
      [userId, [...meetingIds]],
    );
    return rows.map(toRsvp);
  }

  /**
   * The first `first` going attendees of several meetings in one statement, leaving out
   * anyone who blocked the viewer or whom the viewer blocked.
   */
  async attendeesOf(viewerId: string, meetingIds: readonly string[], first: number, after?: string | null): Promise<Map<string, AttendeePage>> {
    let cursorSql = '';
    const params: unknown[] = [[...meetingIds], viewerId, first + 1];
    if (after) {
      const [at, id] = decodeCursor(after, 2) as [string, string];
      if (!isUuid(id) || Number.isNaN(new Date(at).getTime())) throw new BadInputError('after', 'The cursor is not valid. Pass an endCursor returned by this list.');
      cursorSql = `AND (r.created_at, r.id) > ($4::timestamptz, $5::uuid)`;
      params.push(at, id);
    }
    // Per meeting: the first page from the (meeting, status) index, and the total from the
    // maintained going_count less people blocked either way, so that a page of meetings does
    // not read, join and sort every attendee of every meeting.
    const rows: Array<Record<string, any>> = await this.ds.query(
      `WITH blocked AS (
         SELECT blocked_id AS user_id FROM user_blocks WHERE blocker_id = $2
         UNION SELECT blocker_id FROM user_blocks WHERE blocked_id = $2
       ), m AS (
         SELECT mm.id, (mm.going_count - (SELECT count(*) FROM meeting_rsvps br JOIN blocked ON blocked.user_id = br.user_id
                                            WHERE br.meeting_id = mm.id AND br.status = 'GOING'))::int AS total
           FROM meetings mm WHERE mm.id = ANY($1::uuid[])
       )
       SELECT m.id AS meeting_id, m.total, x.rsvp_id, x.rsvp_created_at,
              u.id, u.email, u.display_name, u.role, u.is_mentor, u.time_zone, u.created_at
         FROM m LEFT JOIN LATERAL (
                SELECT r.id AS rsvp_id, r.user_id, r.created_at AS at,
                       to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS rsvp_created_at
                  FROM meeting_rsvps r
                 WHERE r.meeting_id = m.id AND r.status = 'GOING' ${cursorSql}
                   AND r.user_id NOT IN (SELECT user_id FROM blocked)
                 ORDER BY r.created_at, r.id LIMIT $3) x ON true
         LEFT JOIN users u ON u.id = x.user_id
        ORDER BY m.id, x.at, x.rsvp_id`,
      params,
    );
    const out = new Map<string, AttendeePage>();
    for (const id of meetingIds) out.set(id, { users: [], hasNextPage: false, total: 0 });
    for (const r of rows) {
      const page = out.get(r.meeting_id)!;
      page.total = r.total;
      if (!r.rsvp_id) continue;
      if (page.users.length >= first) {
        page.hasNextPage = true;
        continue;
      }
      const user = Object.assign(new User(), {
        id: r.id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        isMentor: r.is_mentor,
        timeZone: r.time_zone,
        createdAt: r.created_at,
      });
      // Microsecond text, not a Date: the cursor must match the stored value exactly.
      page.users.push({ user, cursor: encodeCursor([r.rsvp_created_at, r.rsvp_id]) });
    }
    return out;
  }

  // ---------- hosting ----------

  async createMeeting(actor: AuthUser, input: MeetingFieldsInput & { recurrence?: string | null }, now = new Date()): Promise<Meeting> {
    if (!canHost(actor)) throw new ForbiddenError('Only mentors and coordinators can host meetings.');
    if (input.listed && !isCoordinator(actor)) throw new ForbiddenError('Only coordinators can list meetings publicly.', { field: 'listed' });
    if (input.startsAt == null) throw new BadInputError('startsAt', 'Give a start time.');
    const f = validateMeetingFields(input, now);
    const recurrence = input.recurrence == null || input.recurrence.trim() === '' ? null : normalizeRecurrence(input.recurrence);
    const template = {
      hostId: actor.id,
      title: f.title!,
      description: f.description ?? '',
      durationMinutes: f.durationMinutes!,
      timeZone: f.timeZone!,
      format: f.format!,
      location: f.location ?? null,
      conferenceUrl: f.conferenceUrl ?? null,
      capacity: f.capacity ?? null,
      types: f.types ?? [],
      listed: f.listed ?? false,
    };
    if (!recurrence) {
      const repo = this.ds.getRepository(Meeting);
      const saved = await repo.save(repo.create({ ...template, startsAt: f.startsAt!, endsAt: endOf(f.startsAt!, template.durationMinutes) }));
      return this.getMeeting(saved.id);
    }
    let until = new Date(now.getTime() + HORIZON_MS);
    const localStart = localStartOf(f.startsAt!, template.timeZone);
    let starts = expandOccurrences(recurrence, localStart, template.timeZone, f.startsAt!, until);
    if (!starts.length) {
      // A series starting beyond the horizon still gets its first occurrence now.
      starts = expandOccurrences(recurrence, localStart, template.timeZone, f.startsAt!, new Date(f.startsAt!.getTime() + 400 * 24 * 3600_000)).slice(0, 1);
      if (!starts.length) throw new BadInputError('recurrence', 'The rule gives no meeting within a year of the start.');
      until = new Date(starts[0].getTime() + 1);
    }
    const firstId = await inTransaction(this.ds, async (em) => {
      const series = await em.getRepository(MeetingSeries).save(
        em.getRepository(MeetingSeries).create({ ...template, recurrence, localStart, materializedUntil: until, status: MeetingStatus.SCHEDULED }),
      );
      const ids = await this.materialize(em, series, starts);
      return ids[0];
    });
    return this.getMeeting(firstId);
  }

  /** Inserts the occurrences of a series at these starts; existing ones are left alone. */
  private async materialize(em: EntityManager, series: MeetingSeries, starts: Date[]): Promise<string[]> {
    if (!starts.length) return [];
    const rows = starts.map((startsAt) => ({
      seriesId: series.id,
      originalStartsAt: startsAt,
      hostId: series.hostId,
      title: series.title,
      description: series.description,
      startsAt,
      endsAt: endOf(startsAt, series.durationMinutes),
      durationMinutes: series.durationMinutes,
      timeZone: series.timeZone,
      format: series.format,
      location: series.location,
      conferenceUrl: series.conferenceUrl,
      capacity: series.capacity,
      types: series.types,
      listed: series.listed,
    }));
    const res = await em.createQueryBuilder().insert().into(Meeting).values(rows).orIgnore().returning(['id', 'startsAt']).execute();
    return (res.raw as Array<{ id: string; starts_at: Date }>).sort((a, b) => +a.starts_at - +b.starts_at).map((r) => r.id);
  }

  /** Materialises occurrences of every live series up to `now` + the horizon. Safe to run concurrently. */
  async extendSeriesHorizon(now = new Date()): Promise<{ created: number }> {
    const until = new Date(now.getTime() + HORIZON_MS);
    const due = await this.ds
      .getRepository(MeetingSeries)
      .createQueryBuilder('s')
      .select('s.id')
      .where('s.status = :s', { s: MeetingStatus.SCHEDULED })
      .andWhere('s.materialized_until < :until', { until })
      .getMany();
    let created = 0;
    for (const { id } of due) {
      created += await inTransaction(this.ds, async (em) => {
        const series = await em.getRepository(MeetingSeries).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
        if (!series || series.status !== MeetingStatus.SCHEDULED || series.materializedUntil >= until) return 0;
        const from = series.materializedUntil > now ? series.materializedUntil : now;
        const ids = await this.materialize(em, series, expandOccurrences(series.recurrence, series.localStart, series.timeZone, from, until));
        await em.getRepository(MeetingSeries).update(series.id, { materializedUntil: until });
        return ids.length;
      });
    }
    return { created };
  }

  async updateMeeting(actor: AuthUser, input: MeetingFieldsInput & { meetingId: string; scope?: EditScope; unlimitedCapacity?: boolean }, now = new Date()): Promise<Meeting> {
    const meeting = await this.getMeeting(input.meetingId);
    if (!canEdit(actor, meeting)) throw new ForbiddenError('You can edit only meetings you host.');
    if (input.listed != null && !isCoordinator(actor)) throw new ForbiddenError('Only coordinators can list meetings publicly.', { field: 'listed' });
    if (meeting.status === MeetingStatus.CANCELLED) throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
    if (meeting.endsAt <= now) throw new ConflictError('This meeting is over.', { reason: 'MEETING_OVER' });
    const f = validateMeetingFields(input, now);
    if (input.unlimitedCapacity) {
      if (input.capacity != null) throw new BadInputError('capacity', 'Give a capacity or ask for no limit, not both.');
      (f as Fields).capacity = null;
    }
    const future = input.scope === EditScope.FUTURE;
    if (future) {
      if (!meeting.seriesId) throw new BadInputError('scope', 'This meeting is not part of a series.');
      if (f.startsAt || f.timeZone) throw new BadInputError(f.startsAt ? 'startsAt' : 'timeZone', 'Move occurrences one at a time, or start a new series.');
    }
    const { changed, notes } = await inTransaction(this.ds, async (em) => {
      const targets = future
        ? await em
            .getRepository(Meeting)
            .createQueryBuilder('m')
            .where('m.series_id = :s', { s: meeting.seriesId })
            .andWhere('m.status = :st', { st: MeetingStatus.SCHEDULED })
            .andWhere('m.starts_at >= :at', { at: meeting.startsAt })
            .andWhere('(m.detached = false OR m.id = :id)', { id: meeting.id })
            .orderBy('m.starts_at', 'ASC')
            .getMany()
        : [meeting];
      if (future) {
        const { startsAt: _s, timeZone: _t, ...seriesPatch } = f;
        if (Object.keys(seriesPatch).length) await em.getRepository(MeetingSeries).update(meeting.seriesId!, seriesPatch);
      }
      const notes: Notification[] = [];
      for (const t of targets) {
        const locked = await this.lockMeeting(em, t.id);
        const patch: Partial<Meeting> = { ...f };
        const startsAt = f.startsAt ?? locked.startsAt;
        const duration = f.durationMinutes ?? locked.durationMinutes;
        if (f.startsAt || f.durationMinutes) patch.endsAt = endOf(startsAt, duration);
        if (!future && locked.seriesId) patch.detached = true;
        await em.getRepository(Meeting).update(locked.id, patch);
        notes.push(...(await this.promote(em, locked.id)));
      }
      return { changed: targets.map((t) => t.id), notes };
    });
    this.notifications.publish(...notes);
    for (const id of changed) this.announce(id);
    return this.getMeeting(meeting.id);
  }

  async cancelMeeting(actor: AuthUser, input: { meetingId: string; reason: string; scope?: EditScope }, now = new Date()): Promise<Meeting> {
    const meeting = await this.getMeeting(input.meetingId);
    if (!canEdit(actor, meeting)) throw new ForbiddenError('You can cancel only meetings you host.');
    const reason = input.reason.trim();
    if (!reason || reason.length > 500) throw new BadInputError('reason', 'Give a reason of 1 to 500 characters.');
    const future = input.scope === EditScope.FUTURE;
    if (future && !meeting.seriesId) throw new BadInputError('scope', 'This meeting is not part of a series.');
    if (meeting.status === MeetingStatus.CANCELLED && !future) return meeting;
    if (meeting.endsAt <= now) throw new ConflictError('This meeting is over.', { reason: 'MEETING_OVER' });
    const { changed, notes } = await inTransaction(this.ds, async (em) => {
      let ids = [meeting.id];
      if (future) {
        await em.getRepository(MeetingSeries).update(meeting.seriesId!, { status: MeetingStatus.CANCELLED });
        const rows = await em
          .getRepository(Meeting)
          .createQueryBuilder('m')
          .select('m.id')
          .where('m.series_id = :s AND m.starts_at >= :at AND m.status = :st', { s: meeting.seriesId, at: meeting.startsAt, st: MeetingStatus.SCHEDULED })
          .orderBy('m.starts_at', 'ASC')
          .getMany();
        ids = rows.map((r) => r.id);
      }
      const notes: Notification[] = [];
      const changed: string[] = [];
      for (const id of ids) {
        const locked = await this.lockMeeting(em, id);
        if (locked.status === MeetingStatus.CANCELLED) continue;
        await em.getRepository(Meeting).update(id, { status: MeetingStatus.CANCELLED, cancelReason: reason });
        changed.push(id);
        const people = await em.getRepository(Rsvp).find({ where: { meetingId: id, status: In([RsvpStatus.GOING, RsvpStatus.WAITLISTED]) } });
        for (const r of people) {
          notes.push(
            await this.notifications.create(em, {
              userId: r.userId,
              kind: NotificationKind.MEETING_CANCELLED,
              message: 'A meeting you signed up for has been cancelled.',
              subjectId: id,
            }),
          );
        }
      }
      return { changed, notes };
    });
    this.notifications.publish(...notes);
    for (const id of changed) this.announce(id);
    return this.getMeeting(meeting.id);
  }

  // ---------- RSVPs ----------

  private async lockMeeting(em: EntityManager, id: string): Promise<Meeting> {
    const m = isUuid(id)
      ? await em.getRepository(Meeting).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne()
      : null;
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }

  private async waitlistPosition(em: EntityManager, rsvp: Rsvp): Promise<number | null> {
    if (rsvp.status !== RsvpStatus.WAITLISTED) return null;
    const [row] = await em.query(
      `SELECT count(*)::int AS n FROM meeting_rsvps WHERE meeting_id = $1 AND status = 'WAITLISTED' AND waitlist_seq <= $2`,
      [rsvp.meetingId, rsvp.waitlistSeq],
    );
    return row.n;
  }

  /**
   * Takes a seat or a waitlist place: GOING while seats are left, else WAITLISTED at the back.
   * The database function `meeting_rsvp` locks the meeting row, looks, writes and answers in
   * one round trip (see its migration), so a rush never holds the lock across the network;
   * the counting trigger re-checks capacity. An active RSVP is returned as it is.
   */
  async rsvp(actor: AuthUser, meetingId: string, now = new Date()): Promise<Rsvp> {
    if (!isUuid(meetingId)) throw new NotFoundError('Meeting');
    const [result]: Array<{ outcome: string; changed: boolean; rsvp: Record<string, any> | null; waitlist_position: number | null }> = await this.ds.query(
      `SELECT outcome, changed, to_jsonb(rsvp) AS rsvp, waitlist_position FROM meeting_rsvp($1, $2, $3)`,
      [meetingId, actor.id, now],
    );
    if (result.outcome === 'NOT_FOUND') throw new NotFoundError('Meeting');
    if (result.outcome === 'MEETING_CANCELLED') throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
    if (result.outcome === 'MEETING_STARTED') throw new ConflictError('This meeting has already started.', { reason: 'MEETING_STARTED' });
    const row = result.rsvp!;
    const rsvp = Object.assign(new Rsvp(), {
      id: row.id,
      meetingId: row.meeting_id,
      userId: row.user_id,
      status: row.status as RsvpStatus,
      waitlistSeq: row.waitlist_seq,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      waitlistPosition: result.waitlist_position,
    });
    if (result.changed) this.announce(rsvp.meetingId);
    return rsvp;
  }

  /** Gives up a seat or a waitlist place; a freed seat goes to the first on the waitlist, once. */
  async cancelRsvp(actor: AuthUser, meetingId: string, now = new Date()): Promise<Rsvp> {
    const { rsvp, notes, changed } = await inTransaction(this.ds, async (em) => {
      const m = await this.lockMeeting(em, meetingId);
      const repo = em.getRepository(Rsvp);
      const existing = await repo.findOne({ where: { meetingId: m.id, userId: actor.id } });
      if (!existing) throw new NotFoundError('RSVP');
      if (existing.status === RsvpStatus.CANCELLED) return { rsvp: existing, notes: [], changed: false };
      await repo.update(existing.id, { status: RsvpStatus.CANCELLED, waitlistSeq: null });
      const notes = m.status === MeetingStatus.SCHEDULED && m.startsAt > now ? await this.promote(em, m.id) : [];
      return { rsvp: await repo.findOneByOrFail({ id: existing.id }), notes, changed: true };
    });
    rsvp.waitlistPosition = null;
    this.notifications.publish(...notes);
    if (changed) this.announce(rsvp.meetingId);
    return rsvp;
  }

  /** Fills free seats from the waitlist, in order. The caller holds the meeting's row lock. */
  private async promote(em: EntityManager, meetingId: string): Promise<Notification[]> {
    const [m] = await em.query(`SELECT capacity, going_count, waitlist_count, status, starts_at FROM meetings WHERE id = $1`, [meetingId]);
    if (!m || m.status !== MeetingStatus.SCHEDULED || m.waitlist_count === 0) return [];
    const free = m.capacity === null ? m.waitlist_count : m.capacity - m.going_count;
    if (free <= 0) return [];
    const next: Array<{ id: string; user_id: string }> = await em.query(
      `SELECT id, user_id FROM meeting_rsvps WHERE meeting_id = $1 AND status = 'WAITLISTED' ORDER BY waitlist_seq LIMIT $2`,
      [meetingId, free],
    );
    const notes: Notification[] = [];
    for (const r of next) {
      await em.query(`UPDATE meeting_rsvps SET status = 'GOING', waitlist_seq = NULL, updated_at = now() WHERE id = $1`, [r.id]);
      notes.push(
        await this.notifications.create(em, {
          userId: r.user_id,
          kind: NotificationKind.WAITLIST_PROMOTED,
          message: 'A seat opened up: you are now going to a meeting you were waiting for.',
          subjectId: meetingId,
        }),
      );
    }
    return notes;
  }

  private announce(id: string): void {
    const event: MeetingUpdatedEvent = { id };
    this.pubsub.publish(MeetingTopic.UPDATED, id, event);
  }

  // ---------- attendance ----------

  async checkIn(actor: AuthUser, input: { meetingId: string; userId: string }, now = new Date()): Promise<Attendance> {
    const m = await this.getMeeting(input.meetingId);
    const staff = m.hostId === actor.id || isCoordinator(actor);
    if (!staff && input.userId !== actor.id) throw new ForbiddenError('Only the host or a coordinator can check in someone else.');
    if (!isUuid(input.userId) || !(await this.ds.getRepository(User).exists({ where: { id: input.userId } }))) throw new NotFoundError('User');
    if (m.status === MeetingStatus.CANCELLED) throw new ConflictError('This meeting was cancelled.', { reason: 'MEETING_CANCELLED' });
    const opens = m.startsAt.getTime() - SELF_CHECK_IN_EARLY_MS;
    if (now.getTime() < opens || (!staff && now.getTime() > m.endsAt.getTime())) {
      throw new ConflictError('Check-in is open from 15 minutes before the start until the end of the meeting.', { reason: 'OUTSIDE_CHECK_IN_WINDOW' });
    }
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(Attendance)
      .values({ meetingId: m.id, userId: input.userId, checkedInById: actor.id, checkedInAt: now })
      .orIgnore()
      .execute();
    return this.ds.getRepository(Attendance).findOneByOrFail({ meetingId: m.id, userId: input.userId });
  }

  attendanceOf(userId: string, args: { first: number; after?: string | null }) {
    const qb = this.ds.getRepository(Attendance).createQueryBuilder('a').where('a.user_id = :uid', { uid: userId });
    return paginate(qb, args, [
      { column: 'a.checked_in_at', direction: 'DESC', value: (a) => a.checkedInAt, cast: 'timestamptz' },
      { column: 'a.id', direction: 'DESC', value: (a) => a.id, cast: 'uuid' },
    ]);
  }

  /** A member's own proof of attendance; NOT_FOUND unless they were checked in. */
  async attendanceLetter(viewer: AuthUser, meetingId: string, now = new Date()) {
    const a = isUuid(meetingId)
      ? await this.ds.getRepository(Attendance).findOne({ where: { meetingId, userId: viewer.id }, relations: { meeting: { host: true }, user: true } })
      : null;
    if (!a) throw new NotFoundError('Attendance');
    const m = a.meeting;
    return {
      meetingId: m.id,
      meetingTitle: m.title,
      date: DateTime.fromJSDate(m.startsAt, { zone: m.timeZone }).toISODate()!,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      timeZone: m.timeZone,
      hostName: m.host.displayName,
      memberName: a.user.displayName,
      checkedInAt: a.checkedInAt,
      issuedAt: now,
    };
  }

  // ---------- reminders ----------

  /**
   * Sends the day-before and hour-before reminders that are due. The reminders table's key
   * makes each go out once per member, meeting and kind, however many runs overlap.
   */
  async sendDueReminders(now = new Date()): Promise<{ sent: number }> {
    const windows: Array<[ReminderKind, Date, Date, string]> = [
      [ReminderKind.HOUR, now, new Date(now.getTime() + REMINDER_HOUR_MS), 'A meeting you are going to starts within the hour.'],
      [ReminderKind.DAY, new Date(now.getTime() + REMINDER_HOUR_MS), new Date(now.getTime() + REMINDER_DAY_MS), 'A meeting you are going to is coming up tomorrow.'],
    ];
    const notes = await inTransaction(this.ds, async (em) => {
      const out: Notification[] = [];
      for (const [kind, lo, hi, message] of windows) {
        const rows: Array<{ meeting_id: string; user_id: string }> = await em.query(
          `INSERT INTO meeting_reminders (meeting_id, user_id, kind)
           SELECT r.meeting_id, r.user_id, $1::meeting_reminder_kind FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id
            WHERE r.status = 'GOING' AND m.status = 'SCHEDULED' AND m.starts_at > $2 AND m.starts_at <= $3
           ON CONFLICT DO NOTHING RETURNING meeting_id, user_id`,
          [kind, lo, hi],
        );
        for (const r of rows) {
          out.push(await this.notifications.create(em, { userId: r.user_id, kind: NotificationKind.MEETING_REMINDER, message, subjectId: r.meeting_id }));
        }
      }
      return out;
    });
    this.notifications.publish(...notes);
    return { sent: notes.length };
  }

  // ---------- feeds ----------

  listedMeetings(now = new Date()): Promise<Meeting[]> {
    return this.ds
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.listed = true AND m.ends_at > :now', { now })
      .andWhere('m.starts_at < :until', { until: new Date(now.getTime() + HORIZON_MS) })
      .orderBy('m.starts_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(2000)
      .getMany();
  }

  /** A new private calendar secret for the member; any earlier one stops working. */
  async createCalendarFeed(actor: AuthUser): Promise<{ path: string }> {
    const token = newSecret(24);
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(CalendarFeed)
      .values({ userId: actor.id, tokenHash: hashSecret(token) })
      .orUpdate(['token_hash', 'created_at'], ['user_id'])
      .execute();
    return { path: `/feeds/calendar/${token}.ics` };
  }

  async revokeCalendarFeed(actor: AuthUser): Promise<{ revoked: boolean }> {
    const res = await this.ds.getRepository(CalendarFeed).delete({ userId: actor.id });
    return { revoked: (res.affected ?? 0) > 0 };
  }

  /** The meetings of a private calendar token with the member's RSVP status, or null for an unknown token. */
  async calendarFor(token: string, now = new Date()): Promise<Array<{ meeting: Meeting; status: RsvpStatus }> | null> {
    if (token.length > 100) return null;
    const feed = await this.ds.getRepository(CalendarFeed).findOne({ where: { tokenHash: hashSecret(token) } });
    if (!feed) return null;
    const rsvps = await this.ds
      .getRepository(Rsvp)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.meeting', 'm')
      .where('r.user_id = :u AND r.status IN (:...s)', { u: feed.userId, s: [RsvpStatus.GOING, RsvpStatus.WAITLISTED] })
      .andWhere('m.ends_at > :from', { from: new Date(now.getTime() - 30 * 24 * 3600_000) })
      .orderBy('m.starts_at', 'ASC')
      .limit(1000)
      .getMany();
    return rsvps.map((r) => ({ meeting: r.meeting, status: r.status }));
  }
}

function toRsvp(r: Record<string, any>): Rsvp {
  return Object.assign(new Rsvp(), {
    id: r.id,
    meetingId: r.meeting_id,
    userId: r.user_id,
    status: r.status,
    waitlistSeq: r.waitlist_seq,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    waitlistPosition: r.position ?? null,
  });
}
