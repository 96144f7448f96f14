import type { DataSource, EntityManager } from 'typeorm';
import { isCoordinator, type AuthUser } from '../../core/auth';
import type { Config, CrisisLine } from '../../core/config';
import { AppError, BadInputError, ConflictError, ErrorCode, ForbiddenError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Logger } from '../../core/logger';
import type { Transactor, Tx } from '../../core/outbox';
import { decodeCursor, lazyEdge, type ConnectionResult } from '../../core/pagination';
import type { AccountsService } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import { NO_REASON, type AuditLog } from '../audit/audit.service';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import type { MentorLookup } from '../sobriety/sobriety.ports';
import type { ReachOut } from './reach-out.entity';
import { ReachOutStatus, RecipientReason } from './reachouts.enums';
import {
  ACKNOWLEDGED_MESSAGE,
  acknowledgement,
  canClose,
  circleProblem,
  crisisLinesFor,
  distinctPeople,
  ESCALATED_MESSAGE,
  ESCALATIONS_PER_RUN,
  escalationTime,
  isCoordinatorAction,
  MAX_MESSAGE_LENGTH,
  MAX_SUPPORT_CIRCLE,
  mayReachOutAgain,
  planRecipients,
  REACH_OUT_MESSAGE,
  secondsUntilAnotherReachOut,
  standsAsRecipient,
} from './reachouts.policy';
import {
  circleCandidates,
  circleOf,
  countReachOutsOfMember,
  countReachOutsReceived,
  findReachOut,
  insertReachOut,
  insertRecipients,
  lockCircle,
  lockDueReachOut,
  lockMemberReachOuts,
  markAcknowledged,
  markClosed,
  markEscalated,
  reachableAmong,
  reachableCoordinators,
  reachOutsByIds,
  reachOutsOfMember,
  reachOutsReceived,
  reachOutsSince,
  recipientFacts,
  recipientIds,
  replaceCircle,
} from './reachouts.queries';
import { announceReachOut } from './reachouts.topics';

/** What reaching out needs from configuration. */
export type ReachOutSettings = Config['reachOut'] & { onCall: Config['onCall'] };

type Db = DataSource | EntityManager;

/** A member's support circle and their reach-outs: sending, acknowledging, closing, escalating. */
export class ReachOutsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    readonly settings: ReachOutSettings,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly mentors: MentorLookup,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {}

  // ---- support circle

  /** Replaces the member's circle: at most five members, not themself, none blocked either way. */
  async setSupportCircle(viewer: AuthUser, userIds: readonly string[]): Promise<User[]> {
    const ids = [...new Set(userIds)];
    if (!ids.every(isUuid)) throw new NotFoundError('User');
    const problem = circleProblem(viewer.id, ids, await circleCandidates(this.ds, viewer.id, ids));
    if (problem?.kind === 'tooMany')
      throw new BadInputError('userIds', `Choose at most ${MAX_SUPPORT_CIRCLE} people.`, { reason: 'TOO_MANY' });
    if (problem?.kind === 'self')
      throw new BadInputError('userIds', 'You do not need to be in your own support circle.', { reason: 'SELF' });
    if (problem?.kind === 'unknown') throw new NotFoundError('User');
    if (problem?.kind === 'notMember')
      throw new BadInputError('userIds', 'Only members can be in a support circle.', { reason: 'NOT_A_MEMBER' });
    await this.tx.run(async ({ em }) => {
      await lockCircle(em, viewer.id);
      // Checked again under the lock: a block or a deletion may have landed since.
      if (circleProblem(viewer.id, ids, await circleCandidates(em, viewer.id, ids))) throw new NotFoundError('User');
      await replaceCircle(em, viewer.id, ids);
    });
    return this.supportCircle(viewer);
  }

  async supportCircle(viewer: AuthUser): Promise<User[]> {
    const ids = await circleOf(this.ds, viewer.id);
    const users = new Map((await this.accounts.usersByIds(ids)).map((u) => [u.id, u]));
    return ids.flatMap((id) => users.get(id) ?? []);
  }

  // ---- reaching out

  /**
   * Sends a reach-out at once to the member's active mentor, their support circle and the
   * on-call coordinator (every coordinator when no on-call account matches), in one
   * transaction. Returns it with the crisis lines for the member's country.
   */
  async reachOut(
    viewer: AuthUser,
    input: { message?: string | null },
    now = new Date(),
  ): Promise<{ reachOut: ReachOut; resources: CrisisLine[] }> {
    const message = cleanMessage(input.message);
    const resources = this.resourcesFor(viewer);
    const { reachOut, sentTo } = await this.tx.run(async (tx) => {
      await lockMemberReachOuts(tx.em, viewer.id);
      const recent = await reachOutsSince(tx.em, viewer.id, new Date(now.getTime() - 3600_000));
      if (!mayReachOutAgain(recent.n, this.settings.limitPerHour)) {
        throw new AppError(
          ErrorCode.RATE_LIMITED,
          `You have reached out several times in the past hour, and everyone has been told. If you need someone right now, call ${describeLine(resources[0])}.`,
          { retryAfter: secondsUntilAnotherReachOut(recent.oldest ?? now, now) },
        );
      }
      const r = await insertReachOut(tx.em, {
        memberId: viewer.id,
        message,
        createdAt: now,
        escalateAt: escalationTime(now, this.settings),
      });
      const mentorId = await this.mentors.activeMentorOf(viewer.id);
      const circle = await circleOf(tx.em, viewer.id);
      const onCall = await this.onCallFor(tx.em, viewer.id, now);
      const reachable = new Set([
        ...(await reachableAmong(tx.em, viewer.id, [...(mentorId ? [mentorId] : []), ...circle], now)),
        ...onCall,
      ]);
      const planned = planRecipients({ mentorId, circle, onCall, reachable });
      await insertRecipients(tx.em, r.id, planned);
      const people = distinctPeople(planned);
      for (const userId of people) {
        await this.notifications.add(tx, {
          userId,
          kind: NotificationKind.REACH_OUT,
          message: REACH_OUT_MESSAGE,
          actorId: viewer.id,
          subjectId: r.id,
        });
      }
      announceReachOut(tx, r.id, viewer.id, people);
      return { reachOut: r, sentTo: people.length };
    });
    // What the member wrote never reaches the logs.
    this.log.info({ reachOutId: reachOut.id, sentTo }, 'reach-out sent');
    return { reachOut, resources };
  }

  /** The configured on-call coordinator's account when it can hear from the member; else every coordinator who can. */
  private async onCallFor(db: Db, memberId: string, now: Date): Promise<string[]> {
    const email = this.settings.onCall.email;
    const named = email ? await reachableCoordinators(db, memberId, now, email) : [];
    return named.length ? named : reachableCoordinators(db, memberId, now);
  }

  /** Crisis lines for the member's country, then the program's on-call coordinator. */
  resourcesFor(viewer: Pick<AuthUser, 'timeZone'>): CrisisLine[] {
    const { name, phone, email } = this.settings.onCall;
    return [
      ...crisisLinesFor(viewer.timeZone, this.settings),
      { name, phone, text: null, url: email ? `mailto:${email}` : null },
    ];
  }

  /** By someone it was sent to (for whom the reason still holds); anyone else gets NOT_FOUND. */
  async acknowledge(viewer: AuthUser, reachOutId: string, now = new Date()): Promise<ReachOut> {
    if (!isUuid(reachOutId)) throw new NotFoundError('ReachOut');
    const result = await this.tx.run(async (tx) => {
      const r = await findReachOut(tx.em, reachOutId, true);
      if (!r) throw new NotFoundError('ReachOut');
      if (!(await this.standsAsRecipient(tx.em, viewer, r))) {
        if (viewer.id === r.memberId)
          throw new ForbiddenError('Only the people you reached out to can acknowledge it.');
        throw new NotFoundError('ReachOut');
      }
      const step = acknowledgement(r.status);
      if (step === 'closed') throw new ConflictError('This reach-out is closed.', { reason: ReachOutStatus.CLOSED });
      if (step === 'already') return { r, changed: false };
      await markAcknowledged(tx.em, r.id, viewer.id, now);
      Object.assign(r, { status: ReachOutStatus.ACKNOWLEDGED, acknowledgedById: viewer.id, acknowledgedAt: now });
      await this.notifications.add(tx, {
        userId: r.memberId,
        kind: NotificationKind.REACH_OUT_ACKNOWLEDGED,
        message: ACKNOWLEDGED_MESSAGE,
        actorId: viewer.id,
        subjectId: r.id,
      });
      if (isCoordinatorAction(viewer, r))
        await this.logAction(tx, viewer, r, ModerationLogAction.REACH_OUT_ACKNOWLEDGE);
      announceReachOut(tx, r.id, r.memberId, await recipientIds(tx.em, r.id));
      return { r, changed: true };
    });
    if (result.changed) this.log.info({ reachOutId: result.r.id, by: viewer.id }, 'reach-out acknowledged');
    return result.r;
  }

  /** By the member or a coordinator; closing a closed one changes nothing. */
  async close(viewer: AuthUser, reachOutId: string, now = new Date()): Promise<ReachOut> {
    if (!isUuid(reachOutId)) throw new NotFoundError('ReachOut');
    return this.tx.run(async (tx) => {
      const r = await findReachOut(tx.em, reachOutId, true);
      if (!r) throw new NotFoundError('ReachOut');
      if (!canClose(viewer, r)) {
        if (await this.standsAsRecipient(tx.em, viewer, r))
          throw new ForbiddenError('Only the member who reached out or a coordinator can close it.');
        throw new NotFoundError('ReachOut');
      }
      if (r.status === ReachOutStatus.CLOSED) return r;
      await markClosed(tx.em, r.id, viewer.id, now);
      Object.assign(r, { status: ReachOutStatus.CLOSED, closedById: viewer.id, closedAt: now });
      if (isCoordinatorAction(viewer, r)) await this.logAction(tx, viewer, r, ModerationLogAction.REACH_OUT_CLOSE);
      announceReachOut(tx, r.id, r.memberId, await recipientIds(tx.em, r.id));
      return r;
    });
  }

  private async logAction(tx: Tx, viewer: AuthUser, r: ReachOut, action: ModerationLogAction): Promise<void> {
    // The log names the reach-out by its id only: what the member wrote stays out of it.
    await this.audit.append(tx, {
      actorId: viewer.id,
      action,
      targetType: ModerationTarget.REACH_OUT,
      targetId: r.id,
      reason: NO_REASON,
    });
  }

  /**
   * Escalates every OPEN reach-out whose time is up to every coordinator, each in its own
   * transaction under its row lock: concurrent runs (several instances) skip the rows another
   * holds, and a row escalated once is no longer OPEN, so each escalates exactly once.
   */
  async escalateDue(now = new Date()): Promise<{ escalated: number }> {
    let escalated = 0;
    while (escalated < ESCALATIONS_PER_RUN) {
      const done = await this.tx.run(async (tx) => {
        const r = await lockDueReachOut(tx.em, now);
        if (!r) return false;
        await markEscalated(tx.em, r.id, now);
        const coordinators = await reachableCoordinators(tx.em, r.memberId, now);
        await insertRecipients(
          tx.em,
          r.id,
          coordinators.map((userId) => ({ userId, reason: RecipientReason.ESCALATION })),
        );
        for (const userId of coordinators) {
          await this.notifications.add(tx, {
            userId,
            kind: NotificationKind.REACH_OUT_ESCALATED,
            message: ESCALATED_MESSAGE,
            actorId: r.memberId,
            subjectId: r.id,
          });
        }
        announceReachOut(tx, r.id, r.memberId, await recipientIds(tx.em, r.id));
        return true;
      });
      if (!done) break;
      escalated++;
    }
    return { escalated };
  }

  // ---- who sees what

  /** Whether the viewer, not the member, stands as one of the reach-out's recipients now. */
  private async standsAsRecipient(db: Db, viewer: AuthUser, r: ReachOut): Promise<boolean> {
    if (viewer.id === r.memberId) return false;
    const facts = await recipientFacts(db, r.id, r.memberId, viewer.id);
    if (!facts.reasons.length) return false;
    const activeMentor =
      facts.reasons.includes(RecipientReason.MENTOR) && (await this.mentors.activeMentorOf(r.memberId)) === viewer.id;
    return standsAsRecipient({
      reasons: facts.reasons,
      activeMentor,
      inCircle: facts.in_circle,
      coordinator: isCoordinator(viewer),
      blocked: facts.blocked,
    });
  }

  /** The member and the people it was sent to (while they stand so) see a reach-out; nobody else. */
  async sees(viewer: AuthUser | null, r: ReachOut): Promise<boolean> {
    if (!viewer) return false;
    return viewer.id === r.memberId || this.standsAsRecipient(this.ds, viewer, r);
  }

  reachOutsByIds(ids: readonly string[]): Promise<ReachOut[]> {
    return reachOutsByIds(this.ds, ids.filter(isUuid));
  }

  /** The member's own reach-outs, newest first. */
  async mine(viewer: AuthUser, args: { first: number; after?: string | null }): Promise<ConnectionResult<ReachOut>> {
    const ds = this.ds;
    const found = await reachOutsOfMember(ds, viewer.id, args.first, cursorOf(args.after));
    return connection(found, args.first, () => countReachOutsOfMember(ds, viewer.id));
  }

  /** Reach-outs sent to the viewer that they may still see, newest first. */
  async received(
    viewer: AuthUser,
    args: { first: number; after?: string | null },
  ): Promise<ConnectionResult<ReachOut>> {
    const ds = this.ds;
    const mentees = await this.mentors.activeMenteesOf(viewer.id);
    const found = await reachOutsReceived(ds, viewer, mentees, args.first, cursorOf(args.after));
    return connection(found, args.first, () => countReachOutsReceived(ds, viewer, mentees));
  }

  /** Whether the acknowledger may be named to this viewer: not across a block. */
  async mayName(viewer: AuthUser, userId: string): Promise<boolean> {
    return viewer.id === userId || !(await this.accounts.isBlockedEitherWay(viewer.id, userId));
  }
}

/** Trimmed; empty is none; at most 1,000 characters. */
function cleanMessage(raw: string | null | undefined): string | null {
  const message = raw?.trim() ?? '';
  if (!message) return null;
  if (message.length > MAX_MESSAGE_LENGTH)
    throw new BadInputError('message', `Keep the message to ${MAX_MESSAGE_LENGTH} characters.`);
  return message;
}

function describeLine(line: CrisisLine | undefined): string {
  if (!line) return 'your local emergency number';
  const how = line.phone ?? line.text ?? line.url;
  return how ? `the ${line.name} (${how})` : `the ${line.name}`;
}

function cursorOf(after: string | null | undefined): { at: string; id: string } | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, ['timestamptz', 'uuid']) as [string, string];
  return { at, id };
}

function connection(found: ReachOut[], first: number, count: () => Promise<number>): ConnectionResult<ReachOut> {
  const hasNextPage = found.length > first;
  const edges = found.slice(0, first).map((node) => lazyEdge(node, () => [node.createdAt, node.id]));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    // A getter: the count runs only when a client asks for totalCount.
    get totalCount(): Promise<number> {
      return count();
    },
  };
}
