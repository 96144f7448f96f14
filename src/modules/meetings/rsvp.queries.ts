import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../core/auth';
import { lazyEdge, type Edge } from '../../core/pagination';
import { exec, one, rows, sql, type Sql } from '../../core/sql';
import { User } from '../accounts/user.entity';
import type { MeetingAudience, MeetingStatus, RsvpStatus } from './meetings.enums';
import { ALLY_AUDIENCES } from './meetings.policy';
import { Rsvp } from './rsvp.entity';

type Db = DataSource | EntityManager;

// ---------- RSVP rows ----------

/** A meeting_rsvps row with its waitlist position (null unless WAITLISTED). */
export interface RsvpRow {
  id: string;
  meeting_id: string;
  user_id: string;
  status: RsvpStatus;
  waitlist_seq: number | null;
  created_at: Date;
  updated_at: Date;
  position: number | null;
}

export function toRsvp(r: RsvpRow): Rsvp {
  return Object.assign(new Rsvp(), {
    id: r.id,
    meetingId: r.meeting_id,
    userId: r.user_id,
    status: r.status,
    waitlistSeq: r.waitlist_seq,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    waitlistPosition: r.position,
  });
}

// The position is the database's `meeting_rsvp_position`, the one definition of a place in line.
const RSVP_COLUMNS = sql`r.id, r.meeting_id, r.user_id, r.status, r.waitlist_seq, r.created_at, r.updated_at,
  meeting_rsvp_position(r) AS position`;

/** The RSVPs of one member at several meetings, in one statement. */
export async function rsvpsOf(db: Db, userId: string, meetingIds: readonly string[]): Promise<Rsvp[]> {
  const found = await rows<RsvpRow>(
    db,
    sql`SELECT ${RSVP_COLUMNS} FROM meeting_rsvps r WHERE r.user_id = ${userId} AND r.meeting_id = ANY(${[...meetingIds]}::uuid[])`,
  );
  return found.map(toRsvp);
}

export async function findRsvp(db: Db, meetingId: string, userId: string): Promise<Rsvp | null> {
  const r = await one<RsvpRow>(
    db,
    sql`SELECT ${RSVP_COLUMNS} FROM meeting_rsvps r WHERE r.meeting_id = ${meetingId} AND r.user_id = ${userId}`,
  );
  return r && toRsvp(r);
}

// ---------- taking a seat ----------

export type TakeOutcome = 'OK' | 'NOT_FOUND' | 'MEETING_CANCELLED' | 'MEETING_STARTED';

/** What `meeting_rsvp` answers: the RSVP columns are null unless the outcome is OK. */
interface TakeRow extends Nullable<RsvpRow> {
  outcome: TakeOutcome;
  changed: boolean;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

export type Taken = { outcome: 'OK'; changed: boolean; rsvp: Rsvp } | { outcome: Exclude<TakeOutcome, 'OK'> };

function toTaken(r: TakeRow): Taken {
  if (r.outcome !== 'OK') return { outcome: r.outcome };
  // With OK the function always returns the row it read or wrote.
  return { outcome: 'OK', changed: r.changed, rsvp: toRsvp(r as RsvpRow) };
}

/**
 * Takes a seat or a waitlist place through the database function `meeting_rsvp`, which locks
 * the meeting, looks, writes and answers in one round trip (see its migration), so a rush
 * never holds the lock across the network. Run it outside a transaction for that reason.
 */
export async function takeSeat(db: Db, meetingId: string, userId: string, now: Date): Promise<Taken> {
  const r = await one<TakeRow>(
    db,
    sql`SELECT t.outcome, t.changed, (t.rsvp).id, (t.rsvp).meeting_id, (t.rsvp).user_id, (t.rsvp).status,
               (t.rsvp).waitlist_seq, (t.rsvp).created_at, (t.rsvp).updated_at, t.waitlist_position AS position
          FROM meeting_rsvp(${meetingId}, ${userId}, ${now}) t`,
  );
  if (!r) throw new Error('meeting_rsvp returned no row');
  return toTaken(r);
}

// ---------- giving up a seat, and promotion ----------

/** Withdraws an RSVP; the caller holds the meeting's row lock. */
export async function markCancelled(em: EntityManager, rsvpId: string): Promise<Rsvp> {
  const r = await one<RsvpRow>(
    em,
    sql`UPDATE meeting_rsvps r SET status = 'CANCELLED', waitlist_seq = NULL, updated_at = now()
         WHERE r.id = ${rsvpId} RETURNING ${RSVP_COLUMNS}`,
  );
  if (!r) throw new Error(`RSVP ${rsvpId} vanished under the meeting lock`);
  return toRsvp(r);
}

interface MeetingIdRow {
  meeting_id: string;
}

/** Meetings a member holds a seat or a waitlist place at that have not started, in lock order. */
export async function upcomingRsvpMeetings(em: EntityManager, userId: string, now: Date): Promise<string[]> {
  const found = await rows<MeetingIdRow>(
    em,
    sql`SELECT r.meeting_id FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id
         WHERE r.user_id = ${userId} AND r.status <> 'CANCELLED' AND m.starts_at > ${now}
         ORDER BY m.starts_at, m.id`,
  );
  return found.map((r) => r.meeting_id);
}

/** A meeting's seats as the counting trigger keeps them. */
export interface SeatsRow {
  capacity: number | null;
  going_count: number;
  waitlist_count: number;
  status: MeetingStatus;
}

export function seatsOf(em: EntityManager, meetingId: string): Promise<SeatsRow | null> {
  return one<SeatsRow>(
    em,
    sql`SELECT capacity, going_count, waitlist_count, status FROM meetings WHERE id = ${meetingId}`,
  );
}

interface WaitingRow {
  id: string;
  user_id: string;
}

/** The first `n` on the waitlist, in waitlist order. */
export function nextInLine(em: EntityManager, meetingId: string, n: number): Promise<WaitingRow[]> {
  return rows<WaitingRow>(
    em,
    sql`SELECT id, user_id FROM meeting_rsvps WHERE meeting_id = ${meetingId} AND status = 'WAITLISTED'
         ORDER BY waitlist_seq LIMIT ${n}`,
  );
}

export function markGoing(em: EntityManager, rsvpId: string): Promise<number> {
  return exec(
    em,
    sql`UPDATE meeting_rsvps SET status = 'GOING', waitlist_seq = NULL, updated_at = now() WHERE id = ${rsvpId}`,
  );
}

interface UserIdRow {
  user_id: string;
}

/** Everyone going to or waiting for a meeting. */
export async function signedUp(em: EntityManager, meetingId: string): Promise<string[]> {
  const found = await rows<UserIdRow>(
    em,
    sql`SELECT user_id FROM meeting_rsvps WHERE meeting_id = ${meetingId} AND status IN ('GOING', 'WAITLISTED')`,
  );
  return found.map((r) => r.user_id);
}

// ---------- attendees ----------

export interface AttendeePage {
  edges: Array<Edge<User>>;
  hasNextPage: boolean;
  total: number;
}

/** One meeting's total, and one attendee of its page when there is one. */
interface AttendeeRow extends Nullable<{
  rsvp_id: string;
  rsvp_created_at: string;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  is_mentor: boolean;
  time_zone: string;
  created_at: Date;
}> {
  meeting_id: string;
  total: number;
}

function toAttendee(r: AttendeeRow): {
  meetingId: string;
  total: number;
  attendee: Edge<User> | null;
} {
  if (r.rsvp_id === null || r.rsvp_created_at === null)
    return { meetingId: r.meeting_id, total: r.total, attendee: null };
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
  return {
    meetingId: r.meeting_id,
    total: r.total,
    attendee: lazyEdge(user, () => [r.rsvp_created_at, r.rsvp_id]),
  };
}

/**
 * The first `first` going attendees of several meetings in one statement, leaving out anyone
 * who blocked the viewer or whom the viewer blocked. `after` is a decoded cursor.
 */
export async function attendeesOf(
  db: Db,
  viewerId: string,
  meetingIds: readonly string[],
  first: number,
  after: { at: string; id: string } | null,
): Promise<Map<string, AttendeePage>> {
  const cursor: Sql = after ? sql`AND (r.created_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql.empty;
  // Per meeting: the first page from the (meeting, status) index, and the total from the
  // maintained going_count less people blocked either way, so that a page of meetings does
  // not read, join and sort every attendee of every meeting.
  const found = await rows<AttendeeRow>(
    db,
    sql`WITH blocked AS (
          SELECT blocked_id AS user_id FROM user_blocks WHERE blocker_id = ${viewerId}
          UNION SELECT blocker_id FROM user_blocks WHERE blocked_id = ${viewerId}
        ), m AS (
          SELECT mm.id, (mm.going_count - (SELECT count(*) FROM meeting_rsvps br JOIN blocked ON blocked.user_id = br.user_id
                                             WHERE br.meeting_id = mm.id AND br.status = 'GOING'))::int AS total
            FROM meetings mm WHERE mm.id = ANY(${[...meetingIds]}::uuid[])
        )
        SELECT m.id AS meeting_id, m.total, x.rsvp_id, x.rsvp_created_at,
               u.id, u.email, u.display_name, u.role, u.is_mentor, u.time_zone, u.created_at
          FROM m LEFT JOIN LATERAL (
                 SELECT r.id AS rsvp_id, r.user_id, r.created_at AS at,
                        to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS rsvp_created_at
                   FROM meeting_rsvps r
                  WHERE r.meeting_id = m.id AND r.status = 'GOING' ${cursor}
                    AND r.user_id NOT IN (SELECT user_id FROM blocked)
                  ORDER BY r.created_at, r.id LIMIT ${first + 1}) x ON true
          LEFT JOIN users u ON u.id = x.user_id
         ORDER BY m.id, x.at, x.rsvp_id`,
  );
  const out = new Map<string, AttendeePage>();
  for (const id of meetingIds) out.set(id, { edges: [], hasNextPage: false, total: 0 });
  for (const { meetingId, total, attendee } of found.map(toAttendee)) {
    const page = out.get(meetingId);
    if (!page) continue;
    page.total = total;
    if (!attendee) continue;
    if (page.edges.length >= first) page.hasNextPage = true;
    else page.edges.push(attendee);
  }
  return out;
}

/** Each member's latest RSVP (made or changed) or check-in at a meeting, as `(user_id, at)` rows. */
export function lastMeetingActivitySql(members: Sql): Sql {
  return sql`SELECT r.user_id, max(r.updated_at) AS at FROM meeting_rsvps r
              WHERE r.user_id IN (${members}) GROUP BY r.user_id
             UNION ALL
             SELECT a.user_id, max(a.checked_in_at) AS at FROM meeting_attendance a
              WHERE a.user_id IN (${members}) GROUP BY a.user_id`;
}

/** Whether the meeting is one allies may see and RSVP to (`canSeeMeeting` for an ally). */
export async function openToAllies(ds: DataSource, meetingId: string): Promise<boolean> {
  const found = await rows<{ audience: MeetingAudience }>(
    ds,
    sql`SELECT audience FROM meetings WHERE id = ${meetingId}`,
  );
  return found.length > 0 && ALLY_AUDIENCES.includes(found[0].audience);
}
