import type { DataSource, EntityManager } from 'typeorm';
import { exec, one, rows, sql } from '../../core/sql';
import { MentorMatch } from './mentor-match.entity';
import { MentorRequest } from './mentor-request.entity';
import type { MatchStatus, MentorRequestStatus } from './mentoring.enums';
import type { Slot } from './mentoring.scoring';

type Db = DataSource | EntityManager;

// ---- who mentors whom (the MENTOR_LOOKUP port) ----

/** Every ACTIVE match, as `(mentee_id, mentor_id)` rows. */
export const ACTIVE_MATCHES_SQL = sql`SELECT mm.mentee_id, mm.mentor_id FROM mentor_matches mm WHERE mm.status = 'ACTIVE'`;

export async function activeMentorOf(db: Db, memberId: string): Promise<string | null> {
  const row = await one<{ mentor_id: string }>(
    db,
    sql`SELECT mentor_id FROM mentor_matches WHERE mentee_id = ${memberId} AND status = 'ACTIVE'`,
  );
  return row?.mentor_id ?? null;
}

export async function activeMenteesOf(db: Db, mentorId: string): Promise<string[]> {
  const found = await rows<{ mentee_id: string }>(
    db,
    sql`SELECT mentee_id FROM mentor_matches WHERE mentor_id = ${mentorId} AND status = 'ACTIVE'`,
  );
  return found.map((r) => r.mentee_id);
}

// ---- profiles and approval ----

export interface ProfileValues {
  userId: string;
  bio: string;
  focusAreas: string[];
  languages: string[];
  capacity: number;
  acceptingMentees: boolean;
  availability: Slot[];
  gender: string | null;
}

export async function upsertProfile(db: Db, p: ProfileValues): Promise<void> {
  await exec(
    db,
    sql`INSERT INTO mentor_profiles (user_id, bio, focus_areas, languages, capacity, accepting_mentees, availability, gender)
        VALUES (${p.userId}, ${p.bio}, ${p.focusAreas}, ${p.languages}, ${p.capacity}, ${p.acceptingMentees}, ${JSON.stringify(p.availability)}::jsonb, ${p.gender})
        ON CONFLICT (user_id) DO UPDATE SET bio = EXCLUDED.bio, focus_areas = EXCLUDED.focus_areas, languages = EXCLUDED.languages,
          capacity = EXCLUDED.capacity, accepting_mentees = EXCLUDED.accepting_mentees, availability = EXCLUDED.availability,
          gender = EXCLUDED.gender, updated_at = now()`,
  );
}

/** Locks the member's profile; false when they have none. */
export async function lockProfile(em: EntityManager, userId: string): Promise<boolean> {
  return (await lockProfileState(em, userId)) !== null;
}

interface ProfileStateRow {
  accepting_mentees: boolean;
  lapsed_at: Date | null;
}

/** What the profile's pause depends on, locked for update; null without a profile. */
export interface ProfileState {
  acceptingMentees: boolean;
  lapsed: boolean;
}

function toProfileState(r: ProfileStateRow): ProfileState {
  return { acceptingMentees: r.accepting_mentees, lapsed: r.lapsed_at !== null };
}

export async function lockProfileState(em: EntityManager, userId: string): Promise<ProfileState | null> {
  const row = await one<ProfileStateRow>(
    em,
    sql`SELECT accepting_mentees, lapsed_at FROM mentor_profiles WHERE user_id = ${userId} FOR UPDATE`,
  );
  return row ? toProfileState(row) : null;
}

/** The mentor's own pause switch; `updated_at` moves as with any change to the profile. */
export async function setAcceptingMentees(em: EntityManager, userId: string, accepting: boolean): Promise<void> {
  await exec(
    em,
    sql`UPDATE mentor_profiles SET accepting_mentees = ${accepting}, updated_at = now() WHERE user_id = ${userId}`,
  );
}

/** Whether the member is an approved mentor; null when there is no such member. */
export async function isApprovedMentor(em: EntityManager, userId: string): Promise<boolean | null> {
  const row = await one<{ is_mentor: boolean }>(em, sql`SELECT is_mentor FROM users WHERE id = ${userId}`);
  return row?.is_mentor ?? null;
}

export async function setMentorFlag(em: EntityManager, userId: string, isMentor: boolean): Promise<void> {
  await exec(em, sql`UPDATE users SET is_mentor = ${isMentor} WHERE id = ${userId}`);
}

export async function markProfileApproved(em: EntityManager, userId: string, at: Date, byId: string): Promise<void> {
  await exec(
    em,
    sql`UPDATE mentor_profiles SET approved_at = ${at}, approved_by_id = ${byId}, lapsed_at = NULL, updated_at = now()
         WHERE user_id = ${userId}`,
  );
}

/**
 * The approval lapsed: the profile pauses exactly as the mentor's own pause does
 * (`accepting_mentees` off, `updated_at` moved only if it was on) and `approved_at` stays, so
 * only `lapsed_at`, which the API shows to the mentor and coordinators alone, tells them apart.
 */
export async function markProfileLapsed(em: EntityManager, userId: string, at: Date): Promise<void> {
  await exec(
    em,
    sql`UPDATE mentor_profiles
           SET lapsed_at = ${at}, accepting_mentees = false,
               updated_at = CASE WHEN accepting_mentees THEN now() ELSE updated_at END
         WHERE user_id = ${userId}`,
  );
}

/** Flags the mentor's active matches for coordinators to review. */
export async function flagActiveMatchesForReview(em: EntityManager, mentorId: string): Promise<void> {
  await exec(
    em,
    sql`UPDATE mentor_matches SET needs_review = true, updated_at = now() WHERE mentor_id = ${mentorId} AND status = 'ACTIVE'`,
  );
}

/** Locks the mentor's profile for update and returns their capacity; null without a profile. */
export async function lockProfileCapacity(em: EntityManager, mentorId: string): Promise<number | null> {
  const row = await one<{ capacity: number }>(
    em,
    sql`SELECT capacity FROM mentor_profiles WHERE user_id = ${mentorId} FOR UPDATE`,
  );
  return row?.capacity ?? null;
}

interface ProfileLoadRow {
  capacity: number;
  active: number;
}

/** The mentor's capacity and active matches, under a share lock on their profile; null without one. */
export async function shareLockProfileLoad(em: EntityManager, mentorId: string): Promise<ProfileLoadRow | null> {
  return one<ProfileLoadRow>(
    em,
    sql`SELECT p.capacity, (SELECT count(*)::int FROM mentor_matches m WHERE m.mentor_id = p.user_id AND m.status = 'ACTIVE') AS active
          FROM mentor_profiles p WHERE p.user_id = ${mentorId} FOR SHARE OF p`,
  );
}

/**
 * Holds blocking still until the transaction ends: a block made meanwhile waits (its INSERT
 * needs a lock this one excludes), and one already being made is waited for. Taken where a
 * proposal becomes a match, so that a block and an accept never cross unseen.
 */
export async function holdBlocks(em: EntityManager): Promise<void> {
  await exec(em, sql`LOCK TABLE user_blocks IN SHARE MODE`);
}

/** True when either of the two has blocked the other. */
export async function blockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  const row = await one<{ blocked: number }>(
    db,
    sql`SELECT 1 AS blocked FROM user_blocks
         WHERE (blocker_id = ${a} AND blocked_id = ${b}) OR (blocker_id = ${b} AND blocked_id = ${a})`,
  );
  return row !== null;
}

const PAIR_BLOCKED = sql`EXISTS (SELECT 1 FROM user_blocks b
  WHERE (b.blocker_id = m.mentor_id AND b.blocked_id = m.mentee_id) OR (b.blocker_id = m.mentee_id AND b.blocked_id = m.mentor_id))`;

/** Open proposals between two members of whom one has blocked the other. */
export async function blockedProposals(db: Db): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT m.id FROM mentor_matches m WHERE m.status = 'PROPOSED' AND ${PAIR_BLOCKED} ORDER BY m.proposed_at, m.id`,
  );
  return found.map((r) => r.id);
}

/** Locks the proposal if it is still open and its pair still blocked; false otherwise. */
export async function lockBlockedProposal(em: EntityManager, matchId: string): Promise<boolean> {
  const row = await one<{ id: string }>(
    em,
    sql`SELECT m.id FROM mentor_matches m WHERE m.id = ${matchId} AND m.status = 'PROPOSED' AND ${PAIR_BLOCKED} FOR UPDATE OF m`,
  );
  return row !== null;
}

// ---- counts and pairs for scoring ----

interface MentorCountRow {
  mentor_id: string;
  n: number;
}

function toCountMap(found: MentorCountRow[]): Map<string, number> {
  return new Map(found.map((r) => [r.mentor_id, r.n]));
}

export async function activeCount(em: EntityManager, mentorId: string): Promise<number> {
  const row = await one<{ n: number }>(
    em,
    sql`SELECT count(*)::int AS n FROM mentor_matches WHERE mentor_id = ${mentorId} AND status = 'ACTIVE'`,
  );
  return row?.n ?? 0;
}

/** Active matches per mentor, by mentor id; mentors without any are absent. */
export async function activeCountsByMentor(
  em: EntityManager,
  mentorIds: readonly string[],
): Promise<Map<string, number>> {
  return toCountMap(
    await rows<MentorCountRow>(
      em,
      sql`SELECT mentor_id, count(*)::int AS n FROM mentor_matches WHERE status = 'ACTIVE' AND mentor_id = ANY(${mentorIds}) GROUP BY mentor_id`,
    ),
  );
}

/** Open proposals per mentor, by mentor id. */
export async function proposedCountsByMentor(em: EntityManager): Promise<Map<string, number>> {
  return toCountMap(
    await rows<MentorCountRow>(
      em,
      sql`SELECT mentor_id, count(*)::int AS n FROM mentor_matches WHERE status = 'PROPOSED' GROUP BY mentor_id`,
    ),
  );
}

interface BlockRow {
  blocker_id: string;
  blocked_id: string;
}

export interface Block {
  blockerId: string;
  blockedId: string;
}

function toBlock(r: BlockRow): Block {
  return { blockerId: r.blocker_id, blockedId: r.blocked_id };
}

/** Blocks made by or against any of the people. */
export async function blocksInvolving(em: EntityManager, userIds: readonly string[]): Promise<Block[]> {
  const found = await rows<BlockRow>(
    em,
    sql`SELECT blocker_id, blocked_id FROM user_blocks WHERE blocker_id = ANY(${userIds}) OR blocked_id = ANY(${userIds})`,
  );
  return found.map(toBlock);
}

interface EndedPairRow {
  mentee_id: string;
  mentor_id: string;
}

export interface EndedPair {
  menteeId: string;
  mentorId: string;
}

function toEndedPair(r: EndedPairRow): EndedPair {
  return { menteeId: r.mentee_id, mentorId: r.mentor_id };
}

/** Mentee and mentor of every ended match of these mentees. */
export async function endedPairs(em: EntityManager, menteeIds: readonly string[]): Promise<EndedPair[]> {
  const found = await rows<EndedPairRow>(
    em,
    sql`SELECT DISTINCT mentee_id, mentor_id FROM mentor_matches WHERE status = 'ENDED' AND mentee_id = ANY(${menteeIds})`,
  );
  return found.map(toEndedPair);
}

interface AskedPairRow {
  request_id: string;
  mentor_id: string;
}

export interface AskedPair {
  requestId: string;
  mentorId: string;
}

function toAskedPair(r: AskedPairRow): AskedPair {
  return { requestId: r.request_id, mentorId: r.mentor_id };
}

/** Every mentor each request was ever offered to. */
export async function askedPairs(em: EntityManager, requestIds: readonly string[]): Promise<AskedPair[]> {
  const found = await rows<AskedPairRow>(
    em,
    sql`SELECT DISTINCT request_id, mentor_id FROM mentor_matches WHERE request_id = ANY(${requestIds})`,
  );
  return found.map(toAskedPair);
}

// ---- requests and matches ----

/** The request, locked for update. */
export function lockRequest(em: EntityManager, requestId: string): Promise<MentorRequest | null> {
  return em
    .getRepository(MentorRequest)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.id = :id', { id: requestId })
    .getOne();
}

/** The match, locked for update. */
export function lockMatch(em: EntityManager, matchId: string): Promise<MentorMatch | null> {
  return em
    .getRepository(MentorMatch)
    .createQueryBuilder('m')
    .setLock('pessimistic_write')
    .where('m.id = :id', { id: matchId })
    .getOne();
}

export async function hasLiveMatch(em: EntityManager, requestId: string): Promise<boolean> {
  const row = await one<{ live: number }>(
    em,
    sql`SELECT 1 AS live FROM mentor_matches WHERE request_id = ${requestId} AND status IN ('PROPOSED', 'ACTIVE')`,
  );
  return row !== null;
}

export async function setRequestStatus(
  em: EntityManager,
  requestId: string,
  status: MentorRequestStatus,
): Promise<void> {
  await exec(em, sql`UPDATE mentor_requests SET status = ${status}, updated_at = now() WHERE id = ${requestId}`);
}

/** Closes the member's requests that are still looking for a mentor. */
export async function closeLookingRequestsOf(em: EntityManager, menteeId: string): Promise<void> {
  await exec(
    em,
    sql`UPDATE mentor_requests SET status = 'CLOSED', updated_at = now() WHERE mentee_id = ${menteeId} AND status IN ('PROPOSED', 'WAITING')`,
  );
}

/** Locks the mentor's open proposals, oldest first, but `exceptId`; returns their ids. */
export async function lockOpenProposalsOf(
  em: EntityManager,
  mentorId: string,
  exceptId: string | null,
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    em,
    sql`SELECT id FROM mentor_matches WHERE mentor_id = ${mentorId} AND status = 'PROPOSED' AND id IS DISTINCT FROM ${exceptId}::uuid
         ORDER BY proposed_at, id FOR UPDATE`,
  );
  return found.map((r) => r.id);
}

export async function setMatchStatus(
  em: EntityManager,
  matchIds: readonly string[],
  status: MatchStatus,
): Promise<void> {
  await exec(em, sql`UPDATE mentor_matches SET status = ${status}, updated_at = now() WHERE id = ANY(${matchIds})`);
}

/** Proposals whose time to answer has passed, those due first. */
export async function dueProposals(db: Db, now: Date): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM mentor_matches WHERE status = 'PROPOSED' AND respond_by <= ${now} ORDER BY respond_by, id`,
  );
  return found.map((r) => r.id);
}

/** Locks the proposal if it is still open and due; false when someone else got to it. */
export async function lockDueProposal(em: EntityManager, matchId: string, now: Date): Promise<boolean> {
  const row = await one<{ id: string }>(
    em,
    sql`SELECT id FROM mentor_matches WHERE id = ${matchId} AND status = 'PROPOSED' AND respond_by <= ${now} FOR UPDATE`,
  );
  return row !== null;
}

/** Active matches with the member on either side. */
export async function activeMatchesOf(db: Db, userId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM mentor_matches WHERE status = 'ACTIVE' AND (mentor_id = ${userId} OR mentee_id = ${userId})`,
  );
  return found.map((r) => r.id);
}

/** One matching round at a time: two would propose the same requests twice. */
export async function lockMatchingRound(em: EntityManager): Promise<void> {
  await exec(em, sql`SELECT pg_advisory_xact_lock(727101)`);
}

// ---- coordinators' view of mentors ----

interface MentorLoadRow {
  mentor_id: string;
  active: number;
  proposed: number;
  review: number;
}

export interface MentorLoadCounts {
  active: number;
  proposed: number;
  review: number;
}

function toMentorLoadCounts(r: MentorLoadRow): MentorLoadCounts {
  return { active: r.active, proposed: r.proposed, review: r.review };
}

/** Active, proposed and flagged matches per mentor, by mentor id; mentors without any are absent. */
export async function mentorLoads(db: Db, mentorIds: readonly string[]): Promise<Map<string, MentorLoadCounts>> {
  const found = await rows<MentorLoadRow>(
    db,
    sql`SELECT mentor_id, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active,
               count(*) FILTER (WHERE status = 'PROPOSED')::int AS proposed,
               count(*) FILTER (WHERE status = 'ACTIVE' AND needs_review)::int AS review
          FROM mentor_matches WHERE mentor_id = ANY(${mentorIds}) GROUP BY mentor_id`,
  );
  return new Map(found.map((r) => [r.mentor_id, toMentorLoadCounts(r)]));
}
