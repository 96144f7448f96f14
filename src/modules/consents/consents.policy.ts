import { isAlly, isCoordinator, type AuthUser } from '../../core/auth';
import { sql, type Sql } from '../../core/sql';
import { ConsentRecipientKind, ConsentScope, ConsentStatus } from './consents.enums';

// The one consent check. Every read of a member's data by someone else under a consent goes
// through `coveringConsent` (one member at hand) or its SQL twin `coversSql` (lists and
// batches); tests/consents.policy.test.ts checks on real rows that the two always agree.

/** What the check needs of a consent. */
export interface ConsentTerms {
  id: string;
  memberId: string;
  recipientKind: ConsentRecipientKind;
  recipientUserId: string | null;
  scopes: readonly ConsentScope[];
  expiresAt: Date;
  revokedAt: Date | null;
}

/** How the viewer stands to the member, looked up by the service. */
export interface ConsentStanding {
  /** Either has blocked the other: every consent between them is suspended while the block lasts. */
  blocked: boolean;
  /** The member's mentor in an ACTIVE match, if any: the person a MENTOR consent reaches now. */
  activeMentorId: string | null;
}

export type Viewer = Pick<AuthUser, 'id' | 'role'>;

/** Revoked or expired consents share nothing; expiry is exclusive (at `expiresAt` it has ended). */
export function consentStatus(c: Pick<ConsentTerms, 'expiresAt' | 'revokedAt'>, now: Date): ConsentStatus {
  if (c.revokedAt) return ConsentStatus.REVOKED;
  if (c.expiresAt.getTime() <= now.getTime()) return ConsentStatus.EXPIRED;
  return ConsentStatus.ACTIVE;
}

/** Whether the consent's recipient is the viewer, now: a person named, the active mentor, or a coordinator. */
function reaches(viewer: Viewer, c: ConsentTerms, standing: ConsentStanding): boolean {
  // Allies see only what their member shares with allies: no consent reaches them.
  if (viewer.id === c.memberId || standing.blocked || isAlly(viewer)) return false;
  switch (c.recipientKind) {
    case ConsentRecipientKind.USER:
      return c.recipientUserId === viewer.id;
    case ConsentRecipientKind.MENTOR:
      return standing.activeMentorId === viewer.id;
    case ConsentRecipientKind.COORDINATORS:
      return isCoordinator(viewer);
    default:
      return false;
  }
}

/**
 * Whether consent `c` lets `viewer` read its member's `scope` data now (`scope` null: any
 * scope, for listing the consents someone holds). In effect (not revoked, not expired), for
 * that scope, and reaching the viewer; a block either way suspends it.
 */
export function covers(
  viewer: Viewer,
  c: ConsentTerms,
  scope: ConsentScope | null,
  standing: ConsentStanding,
  now: Date,
): boolean {
  if (consentStatus(c, now) !== ConsentStatus.ACTIVE) return false;
  if (scope !== null && !c.scopes.includes(scope)) return false;
  return reaches(viewer, c, standing);
}

/**
 * THE check: the consent under which `viewer` may read `memberId`'s `scope` data now, or null.
 * The member needs none to read their own data (see `mayRead`). Of several, the first given
 * in `consents` wins (callers pass them newest first).
 */
export function coveringConsent<C extends ConsentTerms>(
  viewer: Viewer,
  memberId: string,
  scope: ConsentScope,
  consents: readonly C[],
  standing: ConsentStanding,
  now: Date,
): C | null {
  return consents.find((c) => c.memberId === memberId && covers(viewer, c, scope, standing, now)) ?? null;
}

/** Whether `viewer` may read `memberId`'s `scope` data: their own always, anyone else's under a consent. */
export function mayRead(
  viewer: Viewer | null,
  memberId: string,
  scope: ConsentScope,
  consents: readonly ConsentTerms[],
  standing: ConsentStanding,
  now: Date,
): boolean {
  if (!viewer) return false;
  if (viewer.id === memberId) return true;
  return coveringConsent(viewer, memberId, scope, consents, standing, now) !== null;
}

/**
 * `covers` in SQL on the `consents` row aliased `alias`. `mentees` are the viewer's mentees in
 * ACTIVE matches (the members whose active mentor the viewer is), looked up by the caller.
 */
export function coversSql(
  viewer: Viewer,
  scope: ConsentScope | null,
  now: Date,
  mentees: readonly string[],
  alias = 'c',
): Sql {
  const c = sql.ident(alias);
  const scoped = scope === null ? sql`true` : sql`${scope}::consent_scope = ANY(${c}.scopes)`;
  return sql`(${c}.revoked_at IS NULL AND ${c}.expires_at > ${now}::timestamptz AND ${scoped}
      AND NOT ${isAlly(viewer)}::boolean AND ${c}.member_id <> ${viewer.id}::uuid
      AND (   (${c}.recipient_kind = 'USER' AND ${c}.recipient_user_id = ${viewer.id}::uuid)
           OR (${c}.recipient_kind = 'MENTOR' AND ${c}.member_id = ANY(${[...mentees]}::uuid[]))
           OR (${c}.recipient_kind = 'COORDINATORS' AND ${isCoordinator(viewer)}::boolean))
      AND NOT EXISTS (SELECT 1 FROM user_blocks cb
                       WHERE (cb.blocker_id = ${viewer.id}::uuid AND cb.blocked_id = ${c}.member_id)
                          OR (cb.blocker_id = ${c}.member_id AND cb.blocked_id = ${viewer.id}::uuid)))`;
}

/**
 * `covers` turned around, in SQL, for many members at once: rows `(member_id, recipient_id,
 * recipient_kind, consent_id)`, one for each person a consent in effect for `scope` of a member
 * of `members` (a query of user ids) reaches now. `activeMatches` gives `(mentee_id, mentor_id)`
 * rows of the ACTIVE matches. Says nothing of whether the person's account can be told anything
 * (suspended, deleted): callers that notify check that. The property test in
 * tests/consents.policy.test.ts checks it against `covers`.
 */
export function recipientsSql(scope: ConsentScope, now: Date, members: Sql, activeMatches: Sql): Sql {
  return sql`SELECT c.member_id, r.recipient_id, c.recipient_kind::text AS recipient_kind, c.id AS consent_id
      FROM consents c
      CROSS JOIN LATERAL (
             SELECT c.recipient_user_id AS recipient_id WHERE c.recipient_kind = 'USER'
             UNION ALL
             SELECT am.mentor_id FROM (${activeMatches}) am
              WHERE c.recipient_kind = 'MENTOR' AND am.mentee_id = c.member_id
             UNION ALL
             SELECT u.id FROM users u WHERE c.recipient_kind = 'COORDINATORS' AND u.role IN ('COORDINATOR', 'ADMIN')
           ) r
     WHERE c.member_id IN (${members})
       AND c.revoked_at IS NULL AND c.expires_at > ${now}::timestamptz AND ${scope}::consent_scope = ANY(c.scopes)
       AND r.recipient_id <> c.member_id
       AND NOT EXISTS (SELECT 1 FROM user_blocks cb
                        WHERE (cb.blocker_id = r.recipient_id AND cb.blocked_id = c.member_id)
                           OR (cb.blocker_id = c.member_id AND cb.blocked_id = r.recipient_id))`;
}

/** Notes are shared only with the check-ins they belong to. */
export function scopesProblem(scopes: readonly ConsentScope[]): 'EMPTY' | 'NOTES_WITHOUT_CHECK_INS' | null {
  if (!scopes.length) return 'EMPTY';
  if (scopes.includes(ConsentScope.CHECK_IN_NOTES) && !scopes.includes(ConsentScope.CHECK_INS))
    return 'NOTES_WITHOUT_CHECK_INS';
  return null;
}

/** Only the member who gave a consent may revoke it (or see it in their list). */
export function canManageConsent(viewer: Viewer, c: Pick<ConsentTerms, 'memberId'>): boolean {
  return viewer.id === c.memberId;
}
