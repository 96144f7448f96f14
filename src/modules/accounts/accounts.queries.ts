import type { DataSource } from 'typeorm';
import type { AuthUser, Role } from '../../core/auth';
import { isUuid } from '../../core/ids';
import { rows, sql, type Sql } from '../../core/sql';
import { isSuspendedAt } from './accounts.policy';
import { User } from './user.entity';

/** A live session and its person, as authentication reads them. */
export interface SessionRow {
  session_id: string;
  expires_at: Date;
  user_id: string;
  role: Role;
  is_mentor: boolean;
  display_name: string;
  time_zone: string;
  suspended_until: Date | null;
}

export interface SessionAuth {
  user: AuthUser;
  sessionId: string;
}

export function toSessionAuth(r: SessionRow, now: Date): SessionAuth | null {
  if (isSuspendedAt(r.suspended_until, now)) return null;
  return {
    sessionId: r.session_id,
    user: { id: r.user_id, role: r.role, isMentor: r.is_mentor, displayName: r.display_name, timeZone: r.time_zone },
  };
}

/** The row `sessionByTokenHash` would read for a session just opened for this person. */
export function sessionRowOf(
  session: { sessionId: string; expiresAt: Date },
  user: Pick<User, 'id' | 'role' | 'isMentor' | 'displayName' | 'timeZone' | 'suspendedUntil'>,
): SessionRow {
  return {
    session_id: session.sessionId,
    expires_at: session.expiresAt,
    user_id: user.id,
    role: user.role,
    is_mentor: user.isMentor,
    display_name: user.displayName,
    time_zone: user.timeZone,
    suspended_until: user.suspendedUntil,
  };
}

const SESSION_COLUMNS = sql`s.id AS session_id, s.expires_at, u.id AS user_id, u.role, u.is_mentor, u.display_name, u.time_zone, u.suspended_until`;

/** The session whose token has this hash, when it is neither revoked nor expired (`toSessionAuth` checks suspension). */
export async function sessionByTokenHash(
  ds: DataSource,
  tokenHash: string,
  now = new Date(),
): Promise<SessionRow | null> {
  const [row] = await rows<SessionRow>(
    ds,
    sql`SELECT ${SESSION_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${now}`,
  );
  return row ?? null;
}

/** The live ones among these sessions, with their person as they are now (`toSessionAuth` checks suspension). */
export function sessionsByIds(ds: DataSource, ids: readonly string[], now = new Date()): Promise<SessionRow[]> {
  return rows<SessionRow>(
    ds,
    sql`SELECT ${SESSION_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = ANY(${[...ids]}::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > ${now}`,
  );
}

/** A `users` row as the loaders read it. */
interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  is_mentor: boolean;
  time_zone: string;
  suspended_until: Date | null;
  suspension_reason: string | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toUser(r: UserRow): User {
  return Object.assign(new User(), {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    isMentor: r.is_mentor,
    timeZone: r.time_zone,
    suspendedUntil: r.suspended_until,
    suspensionReason: r.suspension_reason,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** A person as `userJsonSql` gives them: the same fields, timestamps as text. */
export type UserJson = {
  [K in keyof UserRow]: UserRow[K] extends Date ? string : UserRow[K] extends Date | null ? string | null : UserRow[K];
};

/** The person with this id as one JSON value, for a list page that reads its people with its rows. */
export function userJsonSql(id: Sql): Sql {
  return sql`(SELECT json_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name, 'role', u.role,
            'is_mentor', u.is_mentor, 'time_zone', u.time_zone, 'suspended_until', u.suspended_until,
            'suspension_reason', u.suspension_reason, 'deleted_at', u.deleted_at, 'created_at', u.created_at,
            'updated_at', u.updated_at) FROM users u WHERE u.id = ${id})`;
}

const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));

export function userFromJson(j: UserJson): User {
  return toUser({
    ...j,
    suspended_until: dateOrNull(j.suspended_until),
    deleted_at: dateOrNull(j.deleted_at),
    created_at: new Date(j.created_at),
    updated_at: new Date(j.updated_at),
  });
}

/**
 * People by id, as plain rows made into `User`s (the loaders of every list page go through here).
 * Without the password hash: only sign-in and account deletion read it, with their own queries.
 */
export async function usersByIds(ds: DataSource, ids: readonly string[]): Promise<User[]> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return [];
  const found = await rows<UserRow>(
    ds,
    sql`SELECT id, email, display_name, role, is_mentor, time_zone, suspended_until,
               suspension_reason, deleted_at, created_at, updated_at
          FROM users WHERE id = ANY(${valid}::uuid[])`,
  );
  return found.map(toUser);
}

/** Each member's latest sign-in (the newest session they opened), as `(user_id, at)` rows. */
export function lastSignInSql(members: Sql): Sql {
  return sql`SELECT s.user_id, max(s.created_at) AS at FROM sessions s
              WHERE s.user_id IN (${members}) GROUP BY s.user_id`;
}
