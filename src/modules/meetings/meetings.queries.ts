import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { exec, rows, sql } from '../../core/sql';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import type { MeetingFormat, ReminderKind } from './meetings.enums';
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
