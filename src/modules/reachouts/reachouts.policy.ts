import { isCoordinator, Role, type AuthUser } from '../../core/auth';
import type { CrisisLine, ReachOutConfig } from '../../core/config';
import { sql, type Sql } from '../../core/sql';
import { ACTOR } from '../notifications/notification.service';
import { ReachOutStatus, RecipientReason } from './reachouts.enums';
import { countryOfTimeZone } from './time-zone-countries';

/** The most people a member may put in their support circle. */
export const MAX_SUPPORT_CIRCLE = 5;
/** The longest message a reach-out may carry. */
export const MAX_MESSAGE_LENGTH = 1000;
/** Reach-outs in an hour that no rate limit ever refuses. */
export const FREE_REACH_OUTS_PER_HOUR = 3;
/** Escalations handled per run of the sweep; the next run takes the rest. */
export const ESCALATIONS_PER_RUN = 500;

// ---- who sees a reach-out

/**
 * What is true, now, between a viewer and a reach-out of someone else: why it was sent to them,
 * and whether each of those reasons still holds. Gathered fresh for every decision.
 */
export interface RecipientFacts {
  /** Why the reach-out was sent to the viewer; empty when it was not. */
  reasons: readonly RecipientReason[];
  /** The viewer is the member's mentor in an ACTIVE match. */
  activeMentor: boolean;
  /** The viewer is in the member's support circle. */
  inCircle: boolean;
  /** The viewer is a coordinator or an admin. */
  coordinator: boolean;
  /** The viewer and the member have blocked each other, either way. */
  blocked: boolean;
}

/** Whether a reason someone received a reach-out still holds. */
export function reasonHolds(reason: RecipientReason, facts: RecipientFacts): boolean {
  switch (reason) {
    case RecipientReason.MENTOR:
      return facts.activeMentor;
    case RecipientReason.SUPPORT_CIRCLE:
      return facts.inCircle;
    case RecipientReason.ON_CALL:
    case RecipientReason.ESCALATION:
      return facts.coordinator;
  }
}

/**
 * Someone other than the member sees a reach-out, acknowledges it and hears of its changes
 * only while a reason it was sent to them still holds (a former mentor, someone taken out of
 * the circle, a former coordinator no longer do), and never across a block.
 */
export function standsAsRecipient(facts: RecipientFacts): boolean {
  return !facts.blocked && facts.reasons.some((r) => reasonHolds(r, facts));
}

/** `standsAsRecipient` in SQL, each fact an SQL expression (`reasons` a text[]); a test checks that the two agree. */
export function standsAsRecipientSql(facts: {
  reasons: Sql;
  activeMentor: Sql;
  inCircle: Sql;
  coordinator: Sql;
  blocked: Sql;
}): Sql {
  return sql`(NOT (${facts.blocked}) AND (
      (${facts.activeMentor} AND ${RecipientReason.MENTOR}::text = ANY(${facts.reasons}))
      OR (${facts.inCircle} AND ${RecipientReason.SUPPORT_CIRCLE}::text = ANY(${facts.reasons}))
      OR (${facts.coordinator} AND ${facts.reasons} && ${[RecipientReason.ON_CALL, RecipientReason.ESCALATION]}::text[])))`;
}

/** SQL expression: the two people have blocked each other, either way. */
export function blockedEitherWaySql(a: Sql, b: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = ${a} AND b.blocked_id = ${b}) OR (b.blocker_id = ${b} AND b.blocked_id = ${a}))`;
}

/**
 * SQL on a `reach_outs` row aliased `alias`: the viewer stands as one of its recipients. The
 * viewer's active mentees come from the mentor lookup; their role from their session.
 */
export function receivedBySql(
  alias: string,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  activeMenteeIds: readonly string[],
): Sql {
  const r = sql.ident(alias);
  const v = sql`${viewer.id}::uuid`;
  return standsAsRecipientSql({
    reasons: sql`ARRAY(SELECT x.reason::text FROM reach_out_recipients x WHERE x.reach_out_id = ${r}.id AND x.user_id = ${v})`,
    activeMentor: sql`(${r}.member_id = ANY(${[...activeMenteeIds]}::uuid[]))`,
    inCircle: sql`EXISTS (SELECT 1 FROM support_circle_members c WHERE c.member_id = ${r}.member_id AND c.supporter_id = ${v})`,
    coordinator: sql`${isCoordinator(viewer)}::boolean`,
    blocked: blockedEitherWaySql(sql`${r}.member_id`, v),
  });
}

// ---- what each person may do

/** The member, or a coordinator, may close a reach-out. */
export function canClose(viewer: AuthUser, reachOut: { memberId: string }): boolean {
  return viewer.id === reachOut.memberId || isCoordinator(viewer);
}

/** A coordinator acting on someone else's reach-out: a moderation action, logged. */
export function isCoordinatorAction(viewer: AuthUser, reachOut: { memberId: string }): boolean {
  return isCoordinator(viewer) && viewer.id !== reachOut.memberId;
}

/** What acknowledging does from each status: the first acknowledgement counts, a closed one cannot be. */
export function acknowledgement(status: ReachOutStatus): 'acknowledge' | 'already' | 'closed' {
  if (status === ReachOutStatus.CLOSED) return 'closed';
  if (status === ReachOutStatus.ACKNOWLEDGED) return 'already';
  return 'acknowledge';
}

/** When an unacknowledged reach-out escalates (only an OPEN one does: see `lockDueReachOut`). */
export function escalationTime(createdAt: Date, settings: Pick<ReachOutConfig, 'escalateMinutes'>): Date {
  return new Date(createdAt.getTime() + settings.escalateMinutes * 60_000);
}

// ---- rate

/**
 * Whether one more reach-out may go out, given how many the member sent in the past hour.
 * The first three are never refused (the limit is at least three).
 */
export function mayReachOutAgain(sentInPastHour: number, limitPerHour: number): boolean {
  return sentInPastHour < Math.max(FREE_REACH_OUTS_PER_HOUR, limitPerHour);
}

/** Seconds until the oldest reach-out of the past hour leaves the window. */
export function secondsUntilAnotherReachOut(oldestInPastHour: Date, now: Date): number {
  return Math.max(1, Math.ceil((oldestInPastHour.getTime() + 3600_000 - now.getTime()) / 1000));
}

// ---- support circle

/** A person proposed for a support circle, as the database knows them. */
export interface CircleCandidate {
  id: string;
  role: Role;
  deleted: boolean;
  /** Either has blocked the other. */
  blocked: boolean;
}

export type CircleProblem = { kind: 'tooMany' } | { kind: 'self' } | { kind: 'unknown' } | { kind: 'notMember' } | null;

/**
 * What is wrong with a support circle, if anything: at most five people, not oneself, members
 * only, none blocked either way. Someone unknown, gone or blocked is simply not found, so a
 * block is never revealed. `candidates` are the people found for `ids`.
 */
export function circleProblem(
  memberId: string,
  ids: readonly string[],
  candidates: readonly CircleCandidate[],
): CircleProblem {
  if (ids.length > MAX_SUPPORT_CIRCLE) return { kind: 'tooMany' };
  if (ids.includes(memberId)) return { kind: 'self' };
  const byId = new Map(candidates.map((c) => [c.id, c]));
  for (const id of ids) {
    const c = byId.get(id);
    if (!c || c.deleted || c.blocked) return { kind: 'unknown' };
  }
  if (ids.some((id) => byId.get(id)?.role !== Role.MEMBER)) return { kind: 'notMember' };
  return null;
}

// ---- who hears of a reach-out

export interface PlannedRecipient {
  userId: string;
  reason: RecipientReason;
}

/**
 * Who a new reach-out goes to, each with why: the active mentor, the support circle, and the
 * on-call coordinator (all of them when no on-call account is reachable). `reachable` are the
 * people who may hear from the member now (not gone, not suspended, no block, not the member).
 */
export function planRecipients(input: {
  mentorId: string | null;
  circle: readonly string[];
  onCall: readonly string[];
  reachable: ReadonlySet<string>;
}): PlannedRecipient[] {
  const planned: PlannedRecipient[] = [];
  const add = (userId: string, reason: RecipientReason) => {
    if (input.reachable.has(userId) && !planned.some((p) => p.userId === userId && p.reason === reason))
      planned.push({ userId, reason });
  };
  if (input.mentorId) add(input.mentorId, RecipientReason.MENTOR);
  for (const id of input.circle) add(id, RecipientReason.SUPPORT_CIRCLE);
  for (const id of input.onCall) add(id, RecipientReason.ON_CALL);
  return planned;
}

/** Each person once, in the order first planned. */
export function distinctPeople(recipients: readonly { userId: string }[]): string[] {
  return [...new Set(recipients.map((r) => r.userId))];
}

// ---- what the member is shown

/** The crisis lines for a member: their country's (from their time zone), else the default country's. */
export function crisisLinesFor(
  timeZone: string,
  settings: Pick<ReachOutConfig, 'crisisLines' | 'defaultCountry'>,
): CrisisLine[] {
  const country = countryOfTimeZone(timeZone);
  return (country && settings.crisisLines[country]) || settings.crisisLines[settings.defaultCountry] || [];
}

// ---- what people are told (lock-screen safe: no health matter, names only through {actor})

export const REACH_OUT_MESSAGE = `${ACTOR} reached out and would like to hear from you.`;
export const ESCALATED_MESSAGE = `${ACTOR} reached out a little while ago and has not heard back yet.`;
export const ACKNOWLEDGED_MESSAGE = `${ACTOR} saw that you reached out and will be in touch.`;
