import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { paginateRows, type ConnectionResult } from '../../core/pagination';
import { exec, rows, sql, type Sql } from '../../core/sql';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import type { MeetingAudience, MeetingFormat, MeetingStatus, ReminderKind } from './meetings.enums';
import type { MeetingListingFields } from './meetings.fields';

/**
 * The meeting, its row locked for the rest of the transaction (`FOR UPDATE`): every change
 * to seats, edits and cancellation of one meeting pass through this lock, one at a time.
 */
export async function lockMeeting(em: EntityManager, id: string): Promise<Meeting> {
  const m = isUuid(id)
    ? await em
        .getRepository(Meeting)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id })
        .getOne()
    : null;
  if (!m) throw new NotFoundError('Meeting');
  return m;
}

/** The series, its row locked for the rest of the transaction: edits of it go one at a time. */
export async function lockSeries(em: EntityManager, id: string): Promise<MeetingSeries> {
  const s = await em
    .getRepository(MeetingSeries)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.id = :id', { id })
    .getOne();
  if (!s) throw new NotFoundError('Meeting');
  return s;
}

/** A `meetings` row. */
export interface MeetingRow {
  id: string;
  series_id: string | null;
  original_starts_at: Date | null;
  detached: boolean;
  host_id: string;
  title: string;
  description: string;
  starts_at: Date;
  ends_at: Date;
  duration_minutes: number;
  time_zone: string;
  format: MeetingFormat;
  location: string | null;
  conference_url: string | null;
  capacity: number | null;
  types: string[];
  listed: boolean;
  audience: MeetingAudience;
  status: MeetingStatus;
  cancel_reason: string | null;
  going_count: number;
  waitlist_count: number;
  created_at: Date;
  updated_at: Date;
}

const MEETING_COLUMNS = sql`m.id, m.series_id, m.original_starts_at, m.detached, m.host_id, m.title, m.description,
  m.starts_at, m.ends_at, m.duration_minutes, m.time_zone, m.format, m.location, m.conference_url, m.capacity,
  m.types, m.listed, m.audience, m.status, m.cancel_reason, m.going_count, m.waitlist_count, m.created_at, m.updated_at`;

export function toMeeting(row: MeetingRow): Meeting {
  return Object.assign(new Meeting(), {
    id: row.id,
    seriesId: row.series_id,
    originalStartsAt: row.original_starts_at,
    detached: row.detached,
    hostId: row.host_id,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    format: row.format,
    location: row.location,
    conferenceUrl: row.conference_url,
    capacity: row.capacity,
    types: row.types,
    listed: row.listed,
    audience: row.audience,
    status: row.status,
    cancelReason: row.cancel_reason,
    goingCount: row.going_count,
    waitlistCount: row.waitlist_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** Which meetings a list holds; every condition is optional but the time window's lower end. */
export interface MeetingFilter {
  audiences: readonly MeetingAudience[] | null;
  scheduledOnly: boolean;
  /** Starting at or after this; without it, not yet ended at `now`. */
  from: Date | null;
  now: Date;
  /** Starting before this. */
  to: Date | null;
  /** Carrying all of these type codes (normalised). */
  types: readonly string[] | null;
  format: MeetingFormat | null;
}

/** A page of meetings, soonest first, as typed rows: the list every member opens. */
export function meetingsPage(
  db: DataSource,
  filter: MeetingFilter,
  args: { first: number; after?: string | null },
): Promise<ConnectionResult<Meeting>> {
  const conditions: Sql[] = [filter.from ? sql`m.starts_at >= ${filter.from}` : sql`m.ends_at > ${filter.now}`];
  if (filter.audiences) conditions.push(sql`m.audience = ANY(${[...filter.audiences]}::meeting_audience[])`);
  if (filter.scheduledOnly) conditions.push(sql`m.status = 'SCHEDULED'`);
  if (filter.to) conditions.push(sql`m.starts_at < ${filter.to}`);
  if (filter.types?.length) conditions.push(sql`m.types @> ${[...filter.types]}::text[]`);
  if (filter.format) conditions.push(sql`m.format = ${filter.format}`);
  return paginateRows<MeetingRow, Meeting>(
    db,
    { columns: MEETING_COLUMNS, from: sql`FROM meetings m WHERE ${sql.join(conditions, ' AND ')}` },
    args,
    [
      { column: sql`m.starts_at`, direction: 'ASC', value: (m) => m.starts_at, cast: 'timestamptz' },
      { column: sql`m.id`, direction: 'ASC', value: (m) => m.id, cast: 'uuid' },
    ],
    toMeeting,
  );
}

/** Meetings by id, in no particular order. */
export function meetingsByIds(db: DataSource, ids: readonly string[]): Promise<Meeting[]> {
  return rows<MeetingRow>(
    db,
    sql`SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.id = ANY(${[...ids]}::uuid[])`,
  ).then((found) => found.map(toMeeting));
}

interface DueReminderRow {
  meeting_id: string;
  user_id: string;
}

/**
 * Records the reminders of `kind` due for meetings starting in (`from`, `to`] and returns
 * those that are new. The table's key makes each go out once per member, meeting and kind,
 * however many runs overlap.
 */
export function recordDueReminders(
  em: EntityManager,
  kind: ReminderKind,
  from: Date,
  to: Date,
): Promise<DueReminderRow[]> {
  return rows<DueReminderRow>(
    em,
    sql`INSERT INTO meeting_reminders (meeting_id, user_id, kind)
        SELECT r.meeting_id, r.user_id, ${kind}::meeting_reminder_kind FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id
         WHERE r.status = 'GOING' AND m.status = 'SCHEDULED' AND m.starts_at > ${from} AND m.starts_at <= ${to}
        ON CONFLICT DO NOTHING RETURNING meeting_id, user_id`,
  );
}

interface ListedSeriesRow {
  id: string;
  title: string;
  description: string;
  recurrence: string;
  local_start: string;
  time_zone: string;
  duration_minutes: number;
  format: MeetingFormat;
  types: string[] | null;
  public_address: string | null;
  public_location: string | null;
  public_region: string | null;
  public_latitude: number | null;
  public_longitude: number | null;
  public_conference_url: string | null;
  public_conference_phone: string | null;
  updated_at: Date;
}

/** A listed series as the Meeting Guide feed is built from it. */
export interface ListedSeries {
  id: string;
  title: string;
  description: string;
  recurrence: string;
  localStart: string;
  timeZone: string;
  durationMinutes: number;
  format: MeetingFormat;
  types: string[];
  listing: MeetingListingFields;
  updatedAt: Date;
}

function toListedSeries(r: ListedSeriesRow): ListedSeries {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    recurrence: r.recurrence,
    localStart: r.local_start,
    timeZone: r.time_zone,
    durationMinutes: r.duration_minutes,
    format: r.format,
    types: r.types ?? [],
    listing: {
      publicAddress: r.public_address,
      publicLocation: r.public_location,
      publicRegion: r.public_region,
      publicLatitude: r.public_latitude,
      publicLongitude: r.public_longitude,
      publicConferenceUrl: r.public_conference_url,
      publicConferencePhone: r.public_conference_phone,
    },
    updatedAt: r.updated_at,
  };
}

/** Most entries one feed carries. */
export const MAX_LISTED_SERIES = 5000;

/**
 * Listed series that still meet: not called off, with an occurrence still to come. A series
 * whose occurrences are all cancelled over the horizon (eight weeks) drops out until one is not.
 */
export async function listedSeries(db: DataSource | EntityManager, now: Date): Promise<ListedSeries[]> {
  const found = await rows<ListedSeriesRow>(
    db,
    sql`SELECT s.id, s.title, s.description, s.recurrence, s.local_start, s.time_zone, s.duration_minutes,
               s.format, s.types, s.public_address, s.public_location, s.public_region, s.public_latitude,
               s.public_longitude, s.public_conference_url, s.public_conference_phone, s.updated_at
          FROM meeting_series s
         WHERE s.listed AND s.status = 'SCHEDULED'
           AND EXISTS (SELECT 1 FROM meetings m
                        WHERE m.series_id = s.id AND m.status = 'SCHEDULED' AND m.ends_at > ${now})
         ORDER BY s.id
         LIMIT ${MAX_LISTED_SERIES}`,
  );
  return found.map(toListedSeries);
}

/** Marks every occurrence of a series, past and to come, as listed or not, as the series is. */
export async function setOccurrencesListed(em: EntityManager, seriesId: string, listed: boolean): Promise<void> {
  await exec(em, sql`UPDATE meetings SET listed = ${listed} WHERE series_id = ${seriesId} AND listed <> ${listed}`);
}
