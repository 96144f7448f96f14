import { DataSource, IsNull, type Repository } from 'typeorm';
import { hashSecret, newSecret, Role, type AuthUser } from '../../core/auth';
import type { Config } from '../../core/config';
import { isUniqueViolation } from '../../core/db';
import type { DomainEvents } from '../../core/events';
import type { Transactor, Tx } from '../../core/outbox';
import { exec, sql, type Sql } from '../../core/sql';
import { isUuid } from '../../core/ids';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { isTimeZone } from '../../core/scalars';
import { canInvite, canLiftSuspension, canSuspend } from './accounts.policy';
import { InvitationAccepted, InvitationCreated, SuspensionLifted, UserSuspended } from './accounts.events';
import {
  sessionByTokenHash,
  sessionsByIds,
  toSessionAuth,
  userFromJson,
  userJsonSql,
  usersByIds,
  type UserJson,
  type SessionAuth,
  type SessionRow,
  sessionRowOf,
} from './accounts.queries';
import { AccountTopic, type SessionsRevokedEvent } from './accounts.topics';
import { UserBlock } from './block.entity';
import { Invitation } from './invitation.entity';
import type { LoginLimiter } from './login-limiter';
import { assertStrongPassword, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from './password';
import { SessionCache } from './session.cache';
import { Session } from './session.entity';
import { User } from './user.entity';

/** Cache keys of sessions looked up by id; token hashes (hex) never start with it. */
const SESSION_ID_KEY = 'id:';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function normalizeEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new BadInputError(field, 'Enter a valid email address.');
  return email;
}

export function assertTimeZone(raw: string, field = 'timeZone'): string {
  const tz = raw.trim();
  if (!isTimeZone(tz)) throw new BadInputError(field, 'Use an IANA time zone name, such as America/Chicago.');
  return tz;
}

function cleanDisplayName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length < 1 || name.length > 60) throw new BadInputError('displayName', 'Use 1 to 60 characters.');
  return name;
}

export function toAuthUser(u: User): AuthUser {
  return { id: u.id, role: u.role, isMentor: u.isMentor, displayName: u.displayName, timeZone: u.timeZone };
}

export interface AuthResult {
  token: string;
  sessionId: string;
  user: User;
}

/** Accounts: invitations, sign-up, sessions, suspension and blocking. */
export class AccountsService {
  // A real argon2id hash to verify against when the email is unknown, so timing does not tell.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly events: DomainEvents,
    private readonly config: Config,
    private readonly limiter: LoginLimiter,
    private readonly log: Logger,
    private readonly cache: SessionCache<{ expiresAt: Date; row: SessionRow }> = new SessionCache(0),
  ) {}

  async createInvitation(actor: AuthUser, input: { email: string; role: Role }) {
    if (!canInvite(actor, input.role)) {
      throw new ForbiddenError('Only admins can invite coordinators or admins.', { field: 'role' });
    }
    const email = normalizeEmail(input.email);
    // The invitation and its moderation-log entry commit together, or neither does.
    return this.tx.run(async (tx) => {
      const invitation = await this.inviteInTx(tx, actor, email, input.role);
      await this.events.emit(
        InvitationCreated,
        { actorId: actor.id, invitationId: invitation.id, role: input.role },
        tx,
      );
      return invitation;
    });
  }

  /**
   * Issues an invitation inside the caller's transaction, with no rule of who may invite:
   * the caller has decided (createInvitation by rank, inviteAlly for a member's allies).
   */
  async inviteInTx(tx: Tx, actor: Pick<AuthUser, 'id'>, email: string, role: Role) {
    const code = newSecret(18);
    if (await tx.em.getRepository(User).exists({ where: { email } })) {
      throw new ConflictError('Someone with this email address is already a member.', { field: 'email' });
    }
    const saved = await tx.em.getRepository(Invitation).save({
      email,
      role,
      codeHash: hashSecret(code),
      invitedById: actor.id,
      expiresAt: new Date(Date.now() + this.config.invitationTtlHours * 3600_000),
    });
    return { id: saved.id, code, email, role: saved.role, expiresAt: saved.expiresAt };
  }

  /** An unused invitation stops working now. */
  async withdrawInvitation(tx: Tx, invitationId: string, now = new Date()): Promise<void> {
    await tx.em.getRepository(Invitation).update({ id: invitationId, usedAt: IsNull() }, { expiresAt: now });
  }

  /** Ends every session of the person, open sockets included once the transaction commits. */
  async endSessions(tx: Tx, userId: string, now = new Date()): Promise<void> {
    await tx.em.getRepository(Session).update({ userId, revokedAt: IsNull() }, { revokedAt: now });
    tx.outbox.publish(AccountTopic.SESSIONS_REVOKED, { userId } satisfies SessionsRevokedEvent);
    this.changedAfterCommit(tx, userId);
  }

  async signUp(input: {
    invitationCode: string;
    email: string;
    password: string;
    displayName: string;
    timeZone: string;
  }): Promise<AuthResult> {
    const email = normalizeEmail(input.email);
    const displayName = cleanDisplayName(input.displayName);
    const timeZone = assertTimeZone(input.timeZone);
    assertStrongPassword(input.password, [email.split('@')[0], displayName]);
    const passwordHash = await hashPassword(input.password, this.config.passwordHash);
    try {
      return await this.tx.run(async (tx) => {
        const { em } = tx;
        // Locking the invitation row makes a code single-use even under concurrent sign-ups.
        const invitation = await em
          .getRepository(Invitation)
          .createQueryBuilder('i')
          .setLock('pessimistic_write')
          .where('i.code_hash = :h', { h: hashSecret(input.invitationCode.trim()) })
          .getOne();
        if (!invitation)
          throw new BadInputError('invitationCode', 'This invitation code is not valid.', { reason: 'UNKNOWN' });
        if (invitation.usedAt)
          throw new BadInputError('invitationCode', 'This invitation code has already been used.', { reason: 'USED' });
        if (invitation.expiresAt <= new Date()) {
          throw new BadInputError('invitationCode', 'This invitation code has expired. Ask for a new one.', {
            reason: 'EXPIRED',
          });
        }
        if (invitation.email !== email) {
          throw new BadInputError('email', 'Use the email address the invitation was sent to.');
        }
        if (await em.getRepository(User).exists({ where: { email } })) {
          throw new ConflictError('Someone with this email address is already a member.', { field: 'email' });
        }
        const user = await em
          .getRepository(User)
          .save(em.getRepository(User).create({ email, passwordHash, displayName, timeZone, role: invitation.role }));
        await em.getRepository(Invitation).update(invitation.id, { usedAt: new Date(), usedById: user.id });
        await this.events.emit(
          InvitationAccepted,
          { invitationId: invitation.id, userId: user.id, role: user.role },
          tx,
        );
        const { token, sessionId } = await this.openSession(em.getRepository(Session), user.id);
        return { token, sessionId, user };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_users_email')) {
        throw new ConflictError('Someone with this email address is already a member.', { field: 'email' });
      }
      throw err;
    }
  }

  async logIn(input: { email: string; password: string }, address: string): Promise<AuthResult> {
    const account = input.email.trim().toLowerCase();
    await this.limiter.before(account, address);
    const generation = this.cache.generation();
    const user = EMAIL.test(account) ? await this.ds.getRepository(User).findOne({ where: { email: account } }) : null;
    const password = input.password.slice(0, MAX_PASSWORD_LENGTH + 1);
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await this.getDummyHash(), password).then(() => false);
    if (!user || !ok) {
      await this.limiter.failed(account);
      throw new UnauthenticatedError('The email or password is incorrect.');
    }
    await this.limiter.succeeded(account);
    if (user.isSuspended()) {
      throw new ForbiddenError('This account is suspended.', { suspendedUntil: user.suspendedUntil?.toISOString() });
    }
    const opened = await this.openSession(this.ds.getRepository(Session), user.id);
    // Whoever signs in asks something next: that request need not read back what was just written.
    // A change to this person since `generation` was taken (the password check is slow) stores nothing.
    const row = sessionRowOf(opened, user);
    this.cache.putSession(opened.tokenHash, user.id, { expiresAt: row.expires_at, row }, generation, Date.now());
    return { token: opened.token, sessionId: opened.sessionId, user };
  }

  async logOut(sessionId: string, userId: string): Promise<boolean> {
    await this.tx.run(async (tx) => {
      await tx.em.getRepository(Session).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
      tx.outbox.publish(AccountTopic.SESSIONS_REVOKED, { sessionIds: [sessionId] } satisfies SessionsRevokedEvent);
      this.changedAfterCommit(tx, userId);
    });
    return true;
  }

  /** Resolves a bearer token to its user, or null when unknown, expired, revoked or suspended. */
  async authenticate(token: string): Promise<SessionAuth | null> {
    if (token.length > 200) return null;
    const hash = hashSecret(token);
    const now = new Date();
    const cached = this.cache.session(hash, now.getTime());
    if (cached) return toSessionAuth(cached.row, now);
    const generation = this.cache.generation();
    const row = await sessionByTokenHash(this.ds, hash, now);
    if (!row) return null;
    this.cache.putSession(hash, row.user_id, { expiresAt: row.expires_at, row }, generation, now.getTime());
    return toSessionAuth(row, now);
  }

  /**
   * A write in `tx` changes who this person is to a request (role, approval, suspension, name,
   * zone) or ends their sessions: this instance forgets what it holds of them once `tx` commits,
   * so that the next request reads them afresh. Other instances hear it from the database.
   */
  changedAfterCommit(tx: Tx, userId: string): void {
    tx.outbox.after(() => this.cache.forgetUser(userId));
  }

  /** The signed-in person's own record, from the session cache when it holds it. */
  async viewerRecord(id: string, load: (id: string) => Promise<User | null>): Promise<User | null> {
    const now = Date.now();
    const cached = this.cache.user(id, now);
    if (cached) return cached;
    const generation = this.cache.generation();
    const user = await load(id);
    if (user) this.cache.putUser(user, generation, now);
    return user;
  }

  /**
   * The live ones among these sessions, with their person's role and approval: open sockets
   * re-read theirs before each operation (`fresh`, from the database) and each event (from the
   * session cache, which drops a person at the change's commit, as for HTTP requests).
   */
  async activeSessions(sessionIds: readonly string[], fresh = false): Promise<Map<string, SessionAuth>> {
    const now = new Date();
    const out = new Map<string, SessionAuth>();
    const add = (row: SessionRow) => {
      const auth = toSessionAuth(row, now);
      if (auth) out.set(auth.sessionId, auth);
    };
    if (fresh) {
      for (const row of await sessionsByIds(this.ds, sessionIds, now)) add(row);
      return out;
    }
    // The same cache as `authenticate`, keyed by session id: an event for ten thousand sockets asks nothing.
    const missing: string[] = [];
    for (const id of sessionIds) {
      const cached = this.cache.session(SESSION_ID_KEY + id, now.getTime());
      if (cached) add(cached.row);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const generation = this.cache.generation();
    for (const row of await sessionsByIds(this.ds, missing, now)) {
      const entry = { expiresAt: row.expires_at, row };
      this.cache.putSession(SESSION_ID_KEY + row.session_id, row.user_id, entry, generation, now.getTime());
      add(row);
    }
    return out;
  }

  async suspendUser(actor: AuthUser, input: { userId: string; until: Date; reason: string }) {
    const target = await this.findUser(input.userId);
    if (!canSuspend(actor, target)) throw new ForbiddenError('You cannot suspend this person.');
    if (input.until.getTime() <= Date.now())
      throw new BadInputError('until', 'The end of a suspension must be in the future.');
    const reason = input.reason.trim();
    if (!reason) throw new BadInputError('reason', 'Give a reason for the suspension.');
    await this.tx.run(async (tx) => {
      await tx.em.getRepository(User).update(target.id, { suspendedUntil: input.until, suspensionReason: reason });
      await tx.em.getRepository(Session).update({ userId: target.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      this.changedAfterCommit(tx, target.id);
      await this.events.emit(UserSuspended, { actorId: actor.id, userId: target.id, until: input.until, reason }, tx);
      tx.outbox.publish(AccountTopic.SESSIONS_REVOKED, { userId: target.id } satisfies SessionsRevokedEvent);
    });
    this.log.info({ actorId: actor.id, targetId: target.id }, 'user suspended');
    return { user: await this.findUser(target.id), until: input.until };
  }

  /**
   * Ends a suspension now: the person can sign in again. The same ranks as suspendUser
   * apply; someone not suspended is a CONFLICT and nothing changes.
   */
  async liftSuspension(actor: AuthUser, input: { userId: string; reason: string }) {
    const target = await this.findUser(input.userId);
    if (!canLiftSuspension(actor, target)) throw new ForbiddenError('You cannot lift this suspension.');
    const reason = input.reason.trim();
    if (!reason) throw new BadInputError('reason', 'Give a reason for ending the suspension early.');
    await this.tx.run(async (tx) => {
      // The row lock keeps a lift from crossing a suspension or another lift of the same person.
      const current = await tx.em
        .getRepository(User)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id: target.id })
        .getOne();
      if (!current?.suspendedUntil || !current.isSuspended()) {
        throw new ConflictError('This member is not suspended.', { reason: 'NOT_SUSPENDED' });
      }
      await tx.em.getRepository(User).update(current.id, { suspendedUntil: null, suspensionReason: null });
      this.changedAfterCommit(tx, current.id);
      await this.events.emit(
        SuspensionLifted,
        { actorId: actor.id, userId: current.id, wasUntil: current.suspendedUntil, reason },
        tx,
      );
    });
    this.log.info({ actorId: actor.id, targetId: target.id }, 'suspension lifted');
    return { user: await this.findUser(target.id) };
  }

  async blockUser(actor: AuthUser, userId: string) {
    if (userId === actor.id) throw new BadInputError('userId', 'You cannot block yourself.');
    const target = await this.findUser(userId);
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(UserBlock)
      .values({ blockerId: actor.id, blockedId: target.id })
      .orIgnore()
      .execute();
    return { userId: target.id, blocked: true };
  }

  async unblockUser(actor: AuthUser, userId: string) {
    const target = await this.findUser(userId);
    await this.ds.getRepository(UserBlock).delete({ blockerId: actor.id, blockedId: target.id });
    return { userId: target.id, blocked: false };
  }

  async updateProfile(actor: AuthUser, input: { displayName?: string; timeZone?: string }) {
    const patch: Partial<User> = {};
    if (input.displayName !== undefined && input.displayName !== null)
      patch.displayName = cleanDisplayName(input.displayName);
    if (input.timeZone !== undefined && input.timeZone !== null) patch.timeZone = assertTimeZone(input.timeZone);
    if (Object.keys(patch).length) {
      await this.ds.getRepository(User).update(actor.id, patch);
      this.cache.forgetUser(actor.id);
    }
    return { user: await this.findUser(actor.id) };
  }

  /** True when either of the two has blocked the other. */
  async isBlockedEitherWay(a: string, b: string): Promise<boolean> {
    return this.ds.getRepository(UserBlock).exists({
      where: [
        { blockerId: a, blockedId: b },
        { blockerId: b, blockedId: a },
      ],
    });
  }

  /** Another member as `viewer` may see them: null when unknown or blocked either way. */
  async findVisibleUser(viewer: AuthUser, id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    const user = await this.ds.getRepository(User).findOne({ where: { id } });
    if (!user) return null;
    if (user.id !== viewer.id && (await this.isBlockedEitherWay(viewer.id, user.id))) return null;
    return user;
  }

  async findUser(id: string): Promise<User> {
    const user = isUuid(id) ? await this.ds.getRepository(User).findOne({ where: { id } }) : null;
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** A person as one JSON value in another module's list query; `userFromJson` makes it a `User`. */
  userJsonSql(id: Sql): Sql {
    return userJsonSql(id);
  }

  userFromJson(json: UserJson): User {
    return userFromJson(json);
  }

  async usersByIds(ids: readonly string[]): Promise<User[]> {
    return usersByIds(this.ds, ids);
  }

  /** Creates the configured admin when the network has none yet. Idempotent across instances. */
  async bootstrapAdmin(): Promise<'created' | 'exists' | 'skipped'> {
    const { bootstrapAdminEmail, bootstrapAdminPassword } = this.config;
    if (!bootstrapAdminEmail || !bootstrapAdminPassword) return 'skipped';
    const email = normalizeEmail(bootstrapAdminEmail, 'BOOTSTRAP_ADMIN_EMAIL');
    assertStrongPassword(bootstrapAdminPassword);
    const passwordHash = await hashPassword(bootstrapAdminPassword, this.config.passwordHash);
    return this.tx.run(async ({ em }) => {
      await exec(em, sql`SELECT pg_advisory_xact_lock(727002)`);
      if (await em.getRepository(User).exists({ where: { role: Role.ADMIN } })) return 'exists' as const;
      await em
        .getRepository(User)
        .save(
          em
            .getRepository(User)
            .create({ email, passwordHash, displayName: 'Administrator', timeZone: 'UTC', role: Role.ADMIN }),
        );
      return 'created' as const;
    });
  }

  /** Deletes sessions and invitations that can no longer be used. */
  async cleanupExpired(): Promise<{ sessions: number; invitations: number }> {
    const sessions = await exec(
      this.ds,
      sql`DELETE FROM sessions WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'`,
    );
    const invitations = await exec(
      this.ds,
      sql`DELETE FROM invitations WHERE used_at IS NULL AND expires_at < now() - interval '30 days'`,
    );
    return { sessions, invitations };
  }

  private async openSession(
    repo: Repository<Session>,
    userId: string,
  ): Promise<{ token: string; tokenHash: string; sessionId: string; expiresAt: Date }> {
    const token = newSecret(32);
    const session = await repo.save(
      repo.create({
        userId,
        tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + this.config.sessionTtlHours * 3600_000),
      }),
    );
    return { token, tokenHash: session.tokenHash, sessionId: session.id, expiresAt: session.expiresAt };
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(newSecret(16), this.config.passwordHash);
    return this.dummyHash;
  }
}
