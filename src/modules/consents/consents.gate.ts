import type { Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import type { ConsentScope } from './consents.enums';
import type { ConsentLoaders } from './consents.loaders';
import type { Viewer } from './consents.policy';
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
}
