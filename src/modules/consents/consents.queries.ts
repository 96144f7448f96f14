import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { exec, one, rows, sql, type Sql } from '../../core/sql';
import { sobrietyAccessRecordsSql } from '../sobriety/sobriety.queries';
import { Consent } from './consent.entity';
import { ConsentRecipientKind, ConsentScope } from './consents.enums';
import { coversSql } from './consents.policy';

type Db = DataSource | EntityManager;

// ---- consents ----

interface ConsentRow {
  id: string;
  member_id: string;
  recipient_kind: ConsentRecipientKind;
  recipient_user_id: string | null;
  scopes: ConsentScope[];
  purpose: string;
  given_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

const CONSENT_COLUMNS = sql`c.id, c.member_id, c.recipient_kind::text AS recipient_kind, c.recipient_user_id,
  c.scopes::text[] AS scopes, c.purpose, c.given_at, c.expires_at, c.revoked_at`;

function toConsent(r: ConsentRow): Consent {
  return Object.assign(new Consent(), {
    id: r.id,
    memberId: r.member_id,
    recipientKind: r.recipient_kind,
    recipientUserId: r.recipient_user_id,
    scopes: r.scopes,
    purpose: r.purpose,
    givenAt: new Date(r.given_at),
    expiresAt: new Date(r.expires_at),
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  });
}

export interface NewConsent {
  memberId: string;
  recipientKind: ConsentRecipientKind;
  recipientUserId: string | null;
  scopes: ConsentScope[];
  purpose: string;
  givenAt: Date;
  expiresAt: Date;
}

export async function insertConsent(em: EntityManager, c: NewConsent): Promise<Consent> {
  const row = await one<ConsentRow>(
    em,
    sql`INSERT INTO consents AS c (member_id, recipient_kind, recipient_user_id, scopes, purpose, given_at, expires_at)
        VALUES (${c.memberId}::uuid, ${c.recipientKind}::consent_recipient_kind, ${c.recipientUserId}::uuid,
                ${c.scopes}::consent_scope[], ${c.purpose}, ${c.givenAt}::timestamptz, ${c.expiresAt}::timestamptz)
        RETURNING ${CONSENT_COLUMNS}`,
  );
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return toConsent(row);
}

/** Locks the member's row: serializes their consents so that the limit of consents in effect holds. */
export async function lockMember(em: EntityManager, memberId: string): Promise<boolean> {
  return (await one<{ id: string }>(em, sql`SELECT id FROM users WHERE id = ${memberId}::uuid FOR UPDATE`)) !== null;
}

export async function countInEffect(db: Db, memberId: string, now: Date): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM consents c
         WHERE c.member_id = ${memberId}::uuid AND c.revoked_at IS NULL AND c.expires_at > ${now}::timestamptz`,
  );
  return row?.n ?? 0;
}

/** Revokes the member's consent (a consent already revoked keeps its first revocation); null when it is not theirs. */
export async function revokeConsent(
  em: EntityManager,
  consentId: string,
  memberId: string,
  now: Date,
): Promise<Consent | null> {
  const row = await one<ConsentRow>(
    em,
    sql`UPDATE consents c SET revoked_at = COALESCE(c.revoked_at, ${now}::timestamptz)
         WHERE c.id = ${consentId}::uuid AND c.member_id = ${memberId}::uuid
        RETURNING ${CONSENT_COLUMNS}`,
  );
  return row ? toConsent(row) : null;
}

export async function consentsByIds(db: Db, ids: readonly string[]): Promise<Consent[]> {
  const found = await rows<ConsentRow>(
    db,
    sql`SELECT ${CONSENT_COLUMNS} FROM consents c WHERE c.id = ANY(${[...ids]}::uuid[])`,
  );
  return found.map(toConsent);
}

/** The member's consents in effect now (for `scope`, when given), newest first: the facts of the one check. */
export async function consentsInEffect(
  db: Db,
  memberId: string,
  scope: ConsentScope | null,
  now: Date,
): Promise<Consent[]> {
  const scoped = scope === null ? sql`true` : sql`${scope}::consent_scope = ANY(c.scopes)`;
  const found = await rows<ConsentRow>(
    db,
    sql`SELECT ${CONSENT_COLUMNS} FROM consents c
         WHERE c.member_id = ${memberId}::uuid AND c.revoked_at IS NULL AND c.expires_at > ${now}::timestamptz
           AND ${scoped}
         ORDER BY c.given_at DESC, c.id DESC`,
  );
  return found.map(toConsent);
}

/**
 * Of these members, those whose `scope` data `viewer` may read now, each with the (newest)
 * consent that allows it. One statement for a whole page of members: the SQL twin of the check.
 */
export async function coveringConsents(
  db: Db,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  memberIds: readonly string[],
  scope: ConsentScope,
  now: Date,
  mentees: readonly string[],
): Promise<Map<string, string>> {
  const found = await rows<{ member_id: string; id: string }>(
    db,
    sql`SELECT DISTINCT ON (c.member_id) c.member_id, c.id FROM consents c
         WHERE c.member_id = ANY(${[...memberIds]}::uuid[]) AND ${coversSql(viewer, scope, now, mentees)}
         ORDER BY c.member_id, c.given_at DESC, c.id DESC`,
  );
  return new Map(found.map((r) => [r.member_id, r.id]));
}

/** Keyset position in a list ordered by `(time DESC, id DESC)`. */
export interface TimeCursor {
  at: string;
  id: string;
}

function before(cursor: TimeCursor | null, at: Sql, id: Sql): Sql {
  return cursor ? sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql`true`;
}

function givenWhere(memberId: string, activeOnly: boolean, now: Date): Sql {
  const active = activeOnly ? sql`c.revoked_at IS NULL AND c.expires_at > ${now}::timestamptz` : sql`true`;
  return sql`c.member_id = ${memberId}::uuid AND ${active}`;
}

/** Consents the member gave, newest first. */
export async function givenPage(
  db: Db,
  memberId: string,
  activeOnly: boolean,
  now: Date,
  after: TimeCursor | null,
  limit: number,
): Promise<Consent[]> {
  const found = await rows<ConsentRow>(
    db,
    sql`SELECT ${CONSENT_COLUMNS} FROM consents c
         WHERE ${givenWhere(memberId, activeOnly, now)} AND ${before(after, sql`c.given_at`, sql`c.id`)}
         ORDER BY c.given_at DESC, c.id DESC LIMIT ${limit}`,
  );
  return found.map(toConsent);
}

export async function countGiven(db: Db, memberId: string, activeOnly: boolean, now: Date): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM consents c WHERE ${givenWhere(memberId, activeOnly, now)}`,
  );
  return row?.n ?? 0;
}

/** Consents in effect that reach `viewer` now, for any scope, newest first. */
export async function receivedPage(
  db: Db,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  now: Date,
  mentees: readonly string[],
  after: TimeCursor | null,
  limit: number,
): Promise<Consent[]> {
  const found = await rows<ConsentRow>(
    db,
    sql`SELECT ${CONSENT_COLUMNS} FROM consents c
         WHERE ${coversSql(viewer, null, now, mentees)} AND ${before(after, sql`c.given_at`, sql`c.id`)}
         ORDER BY c.given_at DESC, c.id DESC LIMIT ${limit}`,
  );
  return found.map(toConsent);
}

export async function countReceived(
  db: Db,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  now: Date,
  mentees: readonly string[],
): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM consents c WHERE ${coversSql(viewer, null, now, mentees)}`,
  );
  return row?.n ?? 0;
}

// ---- the access log ----

export interface NewAccessRecord {
  memberId: string;
  accessorId: string;
  what: string;
  consentId: string | null;
}

export async function insertAccessRecords(db: Db, records: readonly NewAccessRecord[]): Promise<void> {
  if (!records.length) return;
  const values = records.map((r) => sql`(${r.memberId}::uuid, ${r.accessorId}::uuid, ${r.what}, ${r.consentId}::uuid)`);
  await exec(
    db,
    sql`INSERT INTO consent_access_log (member_id, accessor_id, what, consent_id) VALUES ${sql.join(values, ', ')}`,
  );
}

interface AccessLogRow {
  id: string;
  accessed_at: Date;
  accessor_id: string;
  what: string;
  consent_id: string | null;
}

/** One record of the merged access log. */
export interface AccessLogEntry {
  id: string;
  accessedAt: Date;
  accessorId: string;
  what: string;
  consentId: string | null;
}

function toAccessLogEntry(r: AccessLogRow): AccessLogEntry {
  return {
    id: r.id,
    accessedAt: new Date(r.accessed_at),
    accessorId: r.accessor_id,
    what: r.what,
    consentId: r.consent_id,
  };
}

/** Sobriety reads (kept by the sobriety module) and reads under consent, as one list. */
function mergedLog(memberId: string): Sql {
  return sql`(SELECT s.id, s.accessed_at, s.accessor_id, s.what, NULL::uuid AS consent_id
                FROM (${sobrietyAccessRecordsSql(memberId)}) s
              UNION ALL
              SELECT a.id, a.accessed_at, a.accessor_id, a.what, a.consent_id
                FROM consent_access_log a WHERE a.member_id = ${memberId}::uuid)`;
}

/** Who read the member's data, newest first. */
export async function accessLogPage(
  db: Db,
  memberId: string,
  after: TimeCursor | null,
  limit: number,
): Promise<AccessLogEntry[]> {
  const found = await rows<AccessLogRow>(
    db,
    sql`SELECT r.id, r.accessed_at, r.accessor_id, r.what, r.consent_id FROM ${mergedLog(memberId)} r
         WHERE ${before(after, sql`r.accessed_at`, sql`r.id`)}
         ORDER BY r.accessed_at DESC, r.id DESC LIMIT ${limit}`,
  );
  return found.map(toAccessLogEntry);
}

export async function countAccessLog(db: Db, memberId: string): Promise<number> {
  const row = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${mergedLog(memberId)} r`);
  return row?.n ?? 0;
}
