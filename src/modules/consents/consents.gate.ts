import type { Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { sql, type Sql } from '../../core/sql';
import type { MentorLookup } from '../sobriety/sobriety.ports';
import type { ConsentScope } from './consents.enums';
import type { ConsentLoaders } from './consents.loaders';
import { coversSql, recipientsSql, type Viewer } from './consents.policy';
import type { NewAccessRecord } from './consents.queries';
import type { ConsentsService, MemberConsentFacts } from './consents.service';

/**
 * The consent check as other modules use it (the CONSENTS port). Every read of a member's
 * data by someone else goes through here; each allowed read is recorded in the member's
 * access log under `what` (such as "User.checkIns").
 */
export class ConsentGate {
  constructor(
    /** Giving, revoking and listing consents; for seeds, scripts and tests. */
    readonly service: ConsentsService,
    private readonly loaders: LoaderKey<ConsentLoaders>,
    private readonly mentors: MentorLookup,
  ) {}

  /**
   * Within a request (or one socket event): whether the signed-in viewer may read `memberId`'s
   * `scope` data. Checks are batched across the request; a read by someone else is recorded
   * once per request and `what`.
   */
  async mayReadInRequest(
    ctx: Pick<Context, 'viewer' | 'loaders'>,
    memberId: string,
    scope: ConsentScope,
    what: string,
  ): Promise<boolean> {
    const viewer = ctx.viewer;
    if (!viewer) return false;
    if (viewer.id === memberId) return true;
    const loaders = ctx.loaders.get(this.loaders);
    const consentId = await loaders.covering.load({ viewer, memberId, scope });
    if (!consentId) return false;
    await loaders.access.load({ memberId, accessorId: viewer.id, what, consentId });
    return true;
  }

  /** Outside a request (a job, one subscriber of an event): the same check, recorded at once. */
  mayRead(
    viewer: Viewer | null,
    memberId: string,
    scope: ConsentScope,
    what: string,
    options: { now?: Date; facts?: MemberConsentFacts } = {},
  ): Promise<boolean> {
    return this.service.mayRead(viewer, memberId, scope, what, options);
  }

  /** The facts of the check for one member now: look them up once for an event going to many subscribers. */
  factsOf(memberId: string, scope: ConsentScope, now?: Date): Promise<MemberConsentFacts> {
    return this.service.factsOf(memberId, scope, now);
  }

  /**
   * The check turned around, as SQL for a set-based statement: rows `(member_id, recipient_id,
   * recipient_kind, consent_id)` of everyone the consents in effect for `scope` of `members` (a
   * query of user ids) reach now. Whether their accounts may be told anything is the caller's.
   */
  recipientsSql(scope: ConsentScope, now: Date, members: Sql): Sql {
    return recipientsSql(scope, now, members, this.mentors.activeMatchesSql);
  }

  /**
   * For a coordinator's view, as SQL rows `(member_id, consent_id)`: each member with a consent
   * in effect that reaches the coordinators, covers `scope` and reaches `viewer` now (the newest
   * such consent). Records nothing; the caller records the reads it shows.
   */
  coordinatorsConsentsSql(viewer: Viewer, scope: ConsentScope, now: Date): Sql {
    return sql`SELECT DISTINCT ON (c.member_id) c.member_id, c.id AS consent_id FROM consents c
                WHERE c.recipient_kind = 'COORDINATORS' AND ${coversSql(viewer, scope, now, [])}
                ORDER BY c.member_id, c.given_at DESC, c.id DESC`;
  }

  /** Records reads made outside `mayReadInRequest` (a list read under consents found in SQL). */
  recordAccess(records: readonly NewAccessRecord[]): Promise<void> {
    return this.service.recordAccess(records);
  }
}
