import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import { decodeCursor, type ConnectionResult } from '../../core/pagination';
import type { AccountsService } from '../accounts/accounts.service';
import type { MentorLookup } from '../sobriety/sobriety.ports';
import type { Consent } from './consent.entity';
import { DEFAULT_CONSENT_DAYS, MAX_ACTIVE_CONSENTS, MAX_CONSENT_DAYS, MAX_PURPOSE_LENGTH } from './consents.constants';
import { ConsentRecipientKind, ConsentScope } from './consents.enums';
import { pageOf } from './consents.paging';
import { coveringConsent, type ConsentStanding, type Viewer } from './consents.policy';
import {
  accessLogPage,
  consentsByIds,
  consentsInEffect,
  countAccessLog,
  countGiven,
  countInEffect,
  countReceived,
  coveringConsents,
  givenPage,
  insertAccessRecords,
  insertConsent,
  lockMember,
  receivedPage,
  revokeConsent,
  type AccessLogEntry,
  type NewAccessRecord,
  type TimeCursor,
} from './consents.queries';

const DAY_MS = 86_400_000;

export interface GiveConsentValues {
  recipientKind: ConsentRecipientKind;
  userId?: string | null;
  scopes: ConsentScope[];
  purpose: string;
  expiresAt?: Date | null;
}

/**
 * What the one check knows of a member at one moment: their consents in effect for a scope
 * and who mentors them. An event going to many subscribers looks these up once.
 */
export interface MemberConsentFacts {
  memberId: string;
  scope: ConsentScope;
  consents: Consent[];
  activeMentorId: string | null;
}

function timeCursor(after: string | null | undefined): TimeCursor | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, ['timestamptz', 'uuid']) as [string, string];
  return { at, id };
}

/**
 * Consents: members give and revoke them; every read of a member's data by someone else
 * under one passes the one check here and is recorded in the member's access log.
 */
export class ConsentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly accounts: AccountsService,
    private readonly mentors: MentorLookup,
  ) {}

  async giveConsent(viewer: AuthUser, input: GiveConsentValues, now = new Date()): Promise<Consent> {
    const kind = input.recipientKind;
    if (!Object.values(ConsentRecipientKind).includes(kind)) {
      throw new BadInputError('recipientKind', 'Choose who to share with.');
    }
    let recipientUserId: string | null = null;
    if (kind === ConsentRecipientKind.USER) {
      if (!input.userId) throw new BadInputError('userId', 'Choose the person to share with.', { reason: 'REQUIRED' });
      if (input.userId === viewer.id)
        throw new BadInputError('userId', 'You do not need a consent to see your own data.', { reason: 'SELF' });
      const recipient = await this.accounts.findVisibleUser(viewer, input.userId);
      if (!recipient || recipient.deletedAt) throw new NotFoundError('User');
      recipientUserId = recipient.id;
    } else if (input.userId) {
      throw new BadInputError('userId', 'Name a person only when sharing with one person (USER).', {
        reason: 'NOT_ALLOWED',
      });
    }
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length || !scopes.every((s) => Object.values(ConsentScope).includes(s))) {
      throw new BadInputError('scopes', 'Choose at least one thing to share.', { reason: 'EMPTY' });
    }
    if (scopes.includes(ConsentScope.CHECK_IN_NOTES) && !scopes.includes(ConsentScope.CHECK_INS)) {
      throw new BadInputError('scopes', 'Check-in notes are shared only together with check-ins.', {
        reason: 'NOTES_WITHOUT_CHECK_INS',
      });
    }
    const purpose = input.purpose.trim();
    if (!purpose || purpose.length > MAX_PURPOSE_LENGTH) {
      throw new BadInputError('purpose', `Say why you share, in 1 to ${MAX_PURPOSE_LENGTH} characters.`);
    }
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_CONSENT_DAYS * DAY_MS);
    if (expiresAt.getTime() <= now.getTime()) {
      throw new BadInputError('expiresAt', 'The end of a consent must be in the future.', { reason: 'PAST' });
    }
    if (expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * DAY_MS) {
      throw new BadInputError('expiresAt', 'A consent can last at most three years; you can give it again then.', {
        reason: 'TOO_FAR',
      });
    }
    return this.tx.run(async ({ em }) => {
      if (!(await lockMember(em, viewer.id))) throw new NotFoundError('User');
      if ((await countInEffect(em, viewer.id, now)) >= MAX_ACTIVE_CONSENTS) {
        throw new ConflictError(`You have ${MAX_ACTIVE_CONSENTS} consents in effect; revoke one first.`, {
          reason: 'TOO_MANY_CONSENTS',
        });
      }
      return insertConsent(em, {
        memberId: viewer.id,
        recipientKind: kind,
        recipientUserId,
        scopes,
        purpose,
        givenAt: now,
        expiresAt,
      });
    });
  }

  /** Ends the consent at once: every read under it stops, open subscriptions included. */
  async revokeConsent(viewer: AuthUser, consentId: string, now = new Date()): Promise<Consent> {
    if (!isUuid(consentId)) throw new NotFoundError('Consent');
    const revoked = await this.tx.run(({ em }) => revokeConsent(em, consentId, viewer.id, now));
    // Someone else's consent is as unknown as one that does not exist.
    if (!revoked) throw new NotFoundError('Consent');
    return revoked;
  }

  /** Consents the member gave, newest first. */
  given(
    viewer: AuthUser,
    args: { first: number; after?: string | null; activeOnly?: boolean | null },
    now = new Date(),
  ): Promise<ConnectionResult<Consent>> {
    const after = timeCursor(args.after);
    const activeOnly = !!args.activeOnly;
    return this.consentPage(
      args.first,
      () => givenPage(this.ds, viewer.id, activeOnly, now, after, args.first + 1),
      () => countGiven(this.ds, viewer.id, activeOnly, now),
    );
  }

  /** Consents in effect that reach the viewer now: what others share with them. */
  async received(
    viewer: AuthUser,
    args: { first: number; after?: string | null },
    now = new Date(),
  ): Promise<ConnectionResult<Consent>> {
    // The cursor is checked before any SQL runs.
    const after = timeCursor(args.after);
    const mentees = await this.mentors.activeMenteesOf(viewer.id);
    return this.consentPage(
      args.first,
      () => receivedPage(this.ds, viewer, now, mentees, after, args.first + 1),
      () => countReceived(this.ds, viewer, now, mentees),
    );
  }

  private async consentPage(
    first: number,
    fetch: () => Promise<Consent[]>,
    count: () => Promise<number>,
  ): Promise<ConnectionResult<Consent>> {
    return pageOf(await fetch(), first, (c) => [c.givenAt, c.id], count);
  }

  /** Who read the member's data, newest first: sobriety reads and reads under consent. */
  async accessLog(viewer: AuthUser, args: { first: number; after?: string | null }) {
    const after = timeCursor(args.after);
    const found = await accessLogPage(this.ds, viewer.id, after, args.first + 1);
    return pageOf<AccessLogEntry>(
      found,
      args.first,
      (r) => [r.accessedAt, r.id],
      () => countAccessLog(this.ds, viewer.id),
    );
  }

  consentsByIds(ids: readonly string[]): Promise<Consent[]> {
    return consentsByIds(this.ds, ids);
  }

  /** The person a consent reaches now: the named one, the member's active mentor, or nobody in particular. */
  async recipientUserId(c: Pick<Consent, 'recipientKind' | 'recipientUserId' | 'memberId'>): Promise<string | null> {
    if (c.recipientKind === ConsentRecipientKind.USER) return c.recipientUserId;
    if (c.recipientKind === ConsentRecipientKind.MENTOR) return this.mentors.activeMentorOf(c.memberId);
    return null;
  }

  // ---- the one check ----

  /** What the check needs to know of a member now, for one scope. */
  async factsOf(memberId: string, scope: ConsentScope, now = new Date()): Promise<MemberConsentFacts> {
    const consents = await consentsInEffect(this.ds, memberId, scope, now);
    const needsMentor = consents.some((c) => c.recipientKind === ConsentRecipientKind.MENTOR);
    const activeMentorId = needsMentor ? await this.mentors.activeMentorOf(memberId) : null;
    return { memberId, scope, consents, activeMentorId };
  }

  /**
   * The consent under which `viewer` may read the member's data in `facts.scope` now, or null.
   * The block lookup is made only for a viewer some consent would otherwise reach.
   */
  async decide(viewer: Viewer, facts: MemberConsentFacts, now = new Date()): Promise<Consent | null> {
    if (viewer.id === facts.memberId) return null;
    const unblocked: ConsentStanding = { blocked: false, activeMentorId: facts.activeMentorId };
    const candidate = coveringConsent(viewer, facts.memberId, facts.scope, facts.consents, unblocked, now);
    if (!candidate) return null;
    const blocked = await this.accounts.isBlockedEitherWay(viewer.id, facts.memberId);
    return coveringConsent(viewer, facts.memberId, facts.scope, facts.consents, { ...unblocked, blocked }, now);
  }

  /**
   * Whether `viewer` may read `memberId`'s `scope` data now: their own always, anyone else's
   * only under a consent in effect. A read by someone else is recorded in the member's access
   * log as `what`. `facts` may be passed in when one event goes to many (see `factsOf`).
   */
  async mayRead(
    viewer: Viewer | null,
    memberId: string,
    scope: ConsentScope,
    what: string,
    options: { now?: Date; facts?: MemberConsentFacts } = {},
  ): Promise<boolean> {
    if (!viewer) return false;
    if (viewer.id === memberId) return true;
    const now = options.now ?? new Date();
    const facts =
      options.facts && options.facts.memberId === memberId && options.facts.scope === scope
        ? options.facts
        : await this.factsOf(memberId, scope, now);
    const consent = await this.decide(viewer, facts, now);
    if (!consent) return false;
    await this.recordAccess([{ memberId, accessorId: viewer.id, what, consentId: consent.id }]);
    return true;
  }

  /**
   * The SQL twin of the check for many members at once: of `memberIds`, those whose `scope`
   * data `viewer` may read now, each with the consent that allows it. Records nothing.
   */
  async readable(
    viewer: Viewer,
    memberIds: readonly string[],
    scope: ConsentScope,
    now = new Date(),
  ): Promise<Map<string, string>> {
    const others = [...new Set(memberIds.filter((id) => id !== viewer.id))];
    if (!others.length) return new Map();
    const mentees = await this.mentors.activeMenteesOf(viewer.id);
    return coveringConsents(this.ds, viewer, others, scope, now, mentees);
  }

  recordAccess(records: readonly NewAccessRecord[]): Promise<void> {
    return insertAccessRecords(this.ds, records);
  }
}
