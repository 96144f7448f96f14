import type { DataSource, EntityManager } from 'typeorm';
import { exec, one, rows, sql, type Sql } from '../../core/sql';
import { SobrietyJourney } from './sobriety-journey.entity';
import type { Visibility } from './sobriety.enums';

type Db = DataSource | EntityManager;

interface MemberLockRow {
  time_zone: string;
}

/**
 * Locks the member's row and returns their time zone, or null when there is no such member.
 * The lock serializes a member's date changes; mentor approval takes it too, so that an
 * approval cannot slip past a reset.
 */
export async function lockMember(em: EntityManager, userId: string): Promise<string | null> {
  const row = await one<MemberLockRow>(em, sql`SELECT time_zone FROM users WHERE id = ${userId} FOR UPDATE`);
  return row?.time_zone ?? null;
}

export async function saveAnnounce(db: Db, userId: string, enabled: boolean): Promise<void> {
  await exec(
    db,
    sql`INSERT INTO sobriety_settings (user_id, announce_milestones) VALUES (${userId}, ${enabled})
        ON CONFLICT (user_id) DO UPDATE SET announce_milestones = EXCLUDED.announce_milestones, updated_at = now()`,
  );
}

/** A `sobriety_journeys` row; dates as text, as the entity holds them. */
interface JourneyRow {
  id: string;
  user_id: string;
  start_date: string;
  visibility: Visibility;
  is_current: boolean;
  recorded_on: string;
  next_award_on: string;
  created_at: Date;
  ended_at: Date | null;
}

function toJourney(r: JourneyRow): SobrietyJourney {
  return Object.assign(new SobrietyJourney(), {
    id: r.id,
    userId: r.user_id,
    startDate: r.start_date,
    visibility: r.visibility,
    isCurrent: r.is_current,
    recordedOn: r.recorded_on,
    nextAwardOn: r.next_award_on,
    createdAt: r.created_at,
    endedAt: r.ended_at,
  });
}

/** The current journeys of these members (at most one each). */
export async function currentJourneys(db: Db, memberIds: readonly string[]): Promise<SobrietyJourney[]> {
  const found = await rows<JourneyRow>(
    db,
    sql`SELECT id, user_id, start_date::text AS start_date, visibility, is_current, recorded_on::text AS recorded_on,
               next_award_on::text AS next_award_on, created_at, ended_at
          FROM sobriety_journeys WHERE user_id = ANY(${[...memberIds]}::uuid[]) AND is_current`,
  );
  return found.map(toJourney);
}

interface DueJourneyRow {
  id: string;
  user_id: string;
  start_date: string;
  recorded_on: string;
  time_zone: string;
}

/** A current journey that may have a milestone to award, with its member's time zone. */
export interface DueJourney {
  id: string;
  userId: string;
  startDate: string;
  recordedOn: string;
  timeZone: string;
}

function toDueJourney(r: DueJourneyRow): DueJourney {
  return { id: r.id, userId: r.user_id, startDate: r.start_date, recordedOn: r.recorded_on, timeZone: r.time_zone };
}

/** Current journeys whose next milestone falls on or before `horizon`. */
export async function dueJourneys(db: Db, horizon: string): Promise<DueJourney[]> {
  const found = await rows<DueJourneyRow>(
    db,
    sql`SELECT j.id, j.user_id, j.start_date::text AS start_date, j.recorded_on::text AS recorded_on, u.time_zone
          FROM sobriety_journeys j JOIN users u ON u.id = j.user_id
         WHERE j.is_current AND j.next_award_on <= ${horizon}::date`,
  );
  return found.map(toDueJourney);
}

/** Locks the journey while it is still current; false when a reset ended it meanwhile. */
export async function lockCurrentJourney(em: EntityManager, journeyId: string): Promise<boolean> {
  const row = await one<{ id: string }>(
    em,
    sql`SELECT id FROM sobriety_journeys WHERE id = ${journeyId} AND is_current FOR UPDATE`,
  );
  return row !== null;
}

export interface NewMilestone {
  label: string;
  position: number;
  reachedOn: string;
  announced: boolean;
}

interface InsertedMilestoneRow {
  id: string;
  label: string;
  position: number;
  reached_on: string;
  announced: boolean;
  created_at: Date;
}

/** A milestone this run awarded (not one an earlier run had already stored). */
export interface AwardedMilestone {
  id: string;
  label: string;
  position: number;
  reachedOn: string;
  announced: boolean;
  createdAt: Date;
}

function toAwardedMilestone(r: InsertedMilestoneRow): AwardedMilestone {
  return {
    id: r.id,
    label: r.label,
    position: r.position,
    reachedOn: r.reached_on,
    announced: r.announced,
    createdAt: new Date(r.created_at),
  };
}

/** Inserts the milestones; those already stored (unique journey and label) are skipped and not returned. */
export async function insertMilestones(
  em: EntityManager,
  journey: { id: string; userId: string },
  milestones: readonly NewMilestone[],
): Promise<AwardedMilestone[]> {
  const values = milestones.map(
    (m) => sql`(${journey.id}, ${journey.userId}, ${m.label}, ${m.position}, ${m.reachedOn}::date, ${m.announced})`,
  );
  const inserted = await rows<InsertedMilestoneRow>(
    em,
    sql`INSERT INTO sobriety_milestones (journey_id, user_id, label, position, reached_on, announced)
        VALUES ${sql.join(values, ', ')}
        ON CONFLICT ON CONSTRAINT uq_sobriety_milestones_journey_label DO NOTHING
        RETURNING id, label, position, reached_on::text AS reached_on, announced, created_at`,
  );
  return inserted.map(toAwardedMilestone);
}

export async function setNextAwardOn(em: EntityManager, journeyId: string, date: string): Promise<void> {
  await exec(em, sql`UPDATE sobriety_journeys SET next_award_on = ${date} WHERE id = ${journeyId}`);
}

/**
 * The member's sobriety access records as rows of `(id, accessed_at, accessor_id, what)`:
 * the consents module merges them with reads under consent into one access log.
 */
export function sobrietyAccessRecordsSql(memberId: string): Sql {
  return sql`SELECT a.id, a.accessed_at, a.viewer_id AS accessor_id, a.field AS what
               FROM sobriety_access_log a WHERE a.member_id = ${memberId}::uuid`;
}
