import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { BadInputError } from '../../core/errors';
import type { Transactor } from '../../core/outbox';
import { decodeCursor, type ConnectionResult } from '../../core/pagination';
import type { Sql } from '../../core/sql';
import type { AuditLog } from '../audit/audit.service';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import { ConsentRecipientKind, ConsentScope, type ConsentGate } from '../consents/consents.ports';
import { pageOf } from '../consents/consents.paging';
import type { NotificationsService } from '../notifications/notification.service';
import type { ActivitySource } from '../../core/activity';
import { afterDaysAllowed, DEFAULT_AFTER_DAYS, MAX_AFTER_DAYS, MIN_AFTER_DAYS } from './disengagement.policy';
import {
  alertOf,
  attentionPage,
  countAttention,
  sweepCtes,
  sweepNotices,
  upsertAlert,
  type AttentionCursor,
} from './disengagement.queries';
import type { DisengagementAlertView, MemberNeedingAttention } from './disengagement.types';

/** Where the module's facts come from: other modules, through their ports. */
export interface DisengagementSources {
  activity: readonly ActivitySource[];
  openReachOuts: Sql;
}

const KIND_WORDS: Record<ConsentRecipientKind, string> = {
  MENTOR: 'your mentor',
  COORDINATORS: 'the coordinators',
  USER: 'a person you name',
};

/** The drifting-away alert a member opts into, its daily sweep, and the coordinators' view. */
export class DisengagementService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly consents: ConsentGate,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
    private readonly sources: DisengagementSources,
  ) {}

  async alert(viewer: Pick<AuthUser, 'id'>): Promise<DisengagementAlertView> {
    const a = await alertOf(this.ds, viewer.id);
    return a
      ? {
          enabled: a.enabled,
          afterDays: a.afterDays,
          notify: a.notify as ConsentRecipientKind[],
          lastSentAt: a.lastSentAt,
        }
      : { enabled: false, afterDays: DEFAULT_AFTER_DAYS, notify: [], lastSentAt: null };
  }

  /**
   * Sets the member's alert. Each kind chosen needs a consent in effect with DISENGAGEMENT for
   * it: the consent is the member's written word on who may learn they went quiet.
   */
  async setAlert(
    viewer: AuthUser,
    input: { enabled: boolean; afterDays: number; notify: ConsentRecipientKind[] },
    now = new Date(),
  ): Promise<DisengagementAlertView> {
    if (!afterDaysAllowed(input.afterDays)) {
      throw new BadInputError('afterDays', `Choose ${MIN_AFTER_DAYS} to ${MAX_AFTER_DAYS} days.`, {
        reason: 'OUT_OF_RANGE',
      });
    }
    const notify = [...new Set(input.notify)];
    if (!notify.every((k) => Object.values(ConsentRecipientKind).includes(k))) {
      throw new BadInputError('notify', 'Choose who to tell.');
    }
    if (input.enabled) {
      if (!notify.length) throw new BadInputError('notify', 'Choose who to tell.', { reason: 'EMPTY' });
      const facts = await this.consents.factsOf(viewer.id, ConsentScope.DISENGAGEMENT, now);
      const missing = notify.filter((k) => !facts.consents.some((c) => c.recipientKind === k));
      if (missing.length) {
        throw new BadInputError(
          'notify',
          `First give a consent with DISENGAGEMENT to ${missing.map((k) => KIND_WORDS[k]).join(' and ')}.`,
          { reason: 'CONSENT_NEEDED' },
        );
      }
    }
    await this.tx.run(({ em }) =>
      upsertAlert(em, { memberId: viewer.id, enabled: input.enabled, afterDays: input.afterDays, notify, now }),
    );
    return this.alert(viewer);
  }

  /**
   * The daily sweep: one statement finds every member due a notice, marks it sent and
   * notifies the people their consents reach and the member, whatever the number of members.
   */
  async sweep(now = new Date()): Promise<{ notified: number }> {
    const notified = await this.tx.run((tx) =>
      this.notifications.addSelected(
        tx,
        sweepCtes({ activity: this.sources.activity, consents: this.consents }, now),
        sweepNotices(),
      ),
    );
    return { notified };
  }

  /**
   * For a coordinator: members whose consent lets coordinators know, with a reach-out still open
   * or gone quiet, most urgent first. Every member shown is a read of their data: it enters their
   * access log and the moderation log.
   */
  async needingAttention(
    viewer: AuthUser,
    args: { first: number; after?: string | null },
    now = new Date(),
  ): Promise<ConnectionResult<MemberNeedingAttention>> {
    let after: AttentionCursor | null = null;
    if (args.after) {
      const [rank, at, id] = decodeCursor(args.after, ['int', 'timestamptz', 'uuid']) as [number, string, string];
      after = { rank, at, id };
    }
    const src = { ...this.sources, consents: this.consents };
    const found = await attentionPage(this.ds, viewer, src, now, after, args.first + 1);
    const page = pageOf(
      found,
      args.first,
      (r) => [r.rank, r.at, r.memberId],
      () => countAttention(this.ds, viewer, src, now),
    );
    const shown = page.edges.map((e) => e.node);
    if (shown.length) {
      await this.tx.run(async (tx) => {
        await this.consents.recordAccess(
          shown.map((m) => ({
            memberId: m.memberId,
            accessorId: viewer.id,
            what: 'membersNeedingAttention',
            consentId: m.consentId,
          })),
        );
        await this.audit.appendMany(
          tx,
          shown.map((m) => ({
            actorId: viewer.id,
            action: ModerationLogAction.ATTENTION_READ,
            targetType: ModerationTarget.USER,
            targetId: m.memberId,
            reason: 'Read under the member’s consent with DISENGAGEMENT',
          })),
        );
      });
    }
    return page;
  }
}
