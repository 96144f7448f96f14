import { IsNull, type DataSource } from 'typeorm';
import { Role, type AuthUser } from '../../core/auth';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor, Tx } from '../../core/outbox';
import { normalizeEmail, toAuthUser, type AccountsService } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import type { PrivacyService } from '../privacy/privacy.service';
import { AllySharing } from './ally-sharing.entity';
import { AllyTie } from './ally-tie.entity';
import { AllyStatus } from './allies.enums';
import { isLive, MAX_ALLIES, MAX_RELATIONSHIP_LENGTH, NOTHING_SHARED, type Sharing } from './allies.policy';
import { hasAllies, liveTieCount, lockMember, standingOf, type AllyStanding } from './allies.queries';
import type { Ally } from './allies.types';

/**
 * Allies: family and friends a member invites, who see that member alone and only what the
 * member shares. An ally account exists for its tie: when the tie ends it is erased.
 */
export class AlliesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly accounts: AccountsService,
    private readonly privacy: PrivacyService,
  ) {}

  async invite(actor: AuthUser, input: { email: string; relationship: string }, now = new Date()) {
    if (actor.role !== Role.MEMBER) throw new ForbiddenError('Only members invite allies.');
    const email = normalizeEmail(input.email);
    const relationship = input.relationship.replace(/\s+/g, ' ').trim();
    if (relationship.length < 1 || relationship.length > MAX_RELATIONSHIP_LENGTH) {
      throw new BadInputError('relationship', `Use 1 to ${MAX_RELATIONSHIP_LENGTH} characters.`);
    }
    return this.tx.run(async (tx) => {
      await lockMember(tx.em, actor.id);
      if ((await liveTieCount(tx.em, actor.id, now)) >= MAX_ALLIES) {
        throw new ConflictError(`You have ${MAX_ALLIES} allies or open invitations. Remove one first.`, {
          reason: 'TOO_MANY_ALLIES',
        });
      }
      const invitation = await this.accounts.inviteInTx(tx, actor, email, Role.ALLY);
      await tx.em.getRepository(AllyTie).insert({
        memberId: actor.id,
        invitationId: invitation.id,
        email,
        relationship,
        invitationExpiresAt: invitation.expiresAt,
      });
      return invitation;
    });
  }

  /** An ally joined with their code: the tie is theirs from now on. Inside the sign-up. */
  async joined(tx: Tx, invitationId: string, allyId: string, now = new Date()): Promise<void> {
    await tx.em
      .getRepository(AllyTie)
      .update({ invitationId, allyId: IsNull(), removedAt: IsNull() }, { allyId, joinedAt: now });
  }

  async remove(actor: AuthUser, tieId: string, now = new Date()): Promise<{ allyId: string; removed: boolean }> {
    const tie = isUuid(tieId)
      ? await this.ds.getRepository(AllyTie).findOne({ where: { id: tieId, memberId: actor.id, removedAt: IsNull() } })
      : null;
    if (!tie) throw new NotFoundError('Ally');
    await this.tx.run((tx) => this.end(tx, tie, now));
    return { allyId: tie.id, removed: true };
  }

  /**
   * Ends a tie in the caller's transaction: an open invitation stops working; a joined ally's
   * account, which has nothing left to see, is erased, its sessions and sockets ended.
   */
  private async end(tx: Tx, given: AllyTie, now: Date): Promise<void> {
    // The invitation first, then the tie, as sign-up locks them: an ally signing up at this
    // moment has joined once this returns (and is erased below), or finds the code withdrawn.
    if (given.invitationId) await this.accounts.withdrawInvitation(tx, given.invitationId, now);
    const tie = await tx.em
      .getRepository(AllyTie)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id: given.id })
      .getOne();
    if (!tie || tie.removedAt) return;
    await tx.em.getRepository(AllyTie).update(tie.id, { removedAt: now });
    if (tie.allyId) {
      const ally = await tx.em.getRepository(User).findOneBy({ id: tie.allyId });
      if (ally && !ally.deletedAt) await this.privacy.erase(tx, toAuthUser(ally), now);
    }
  }

  /** An account is being erased (inside that transaction): its ties end, both ways. */
  async accountDeleted(tx: Tx, user: AuthUser, now: Date): Promise<void> {
    if (user.role === Role.ALLY) {
      // The member keeps everything of theirs; only the tie ends.
      await tx.em.getRepository(AllyTie).update({ allyId: user.id, removedAt: IsNull() }, { removedAt: now });
      return;
    }
    const ties = await tx.em.getRepository(AllyTie).find({ where: { memberId: user.id, removedAt: IsNull() } });
    for (const tie of ties) await this.end(tx, tie, now);
  }

  async share(actor: AuthUser, input: { milestones?: boolean | null; checkInStreak?: boolean | null }) {
    if (actor.role !== Role.MEMBER) throw new ForbiddenError('Only members share with allies.');
    const current = await this.sharingOf(actor.id);
    const next: Sharing = {
      milestones: input.milestones ?? current.milestones,
      checkInStreak: input.checkInStreak ?? current.checkInStreak,
    };
    await this.ds.getRepository(AllySharing).upsert({ memberId: actor.id, ...next }, ['memberId']);
    return next;
  }

  async sharingOf(memberId: string): Promise<Sharing> {
    const row = await this.ds.getRepository(AllySharing).findOneBy({ memberId });
    return row ? { milestones: row.milestones, checkInStreak: row.checkInStreak } : { ...NOTHING_SHARED };
  }

  /** The member's allies and open invitations, oldest first. */
  async alliesOf(memberId: string, now = new Date()): Promise<Ally[]> {
    const ties = await this.ds
      .getRepository(AllyTie)
      .find({ where: { memberId, removedAt: IsNull() }, relations: { ally: true }, order: { createdAt: 'ASC' } });
    return ties
      .filter((t) => isLive(t, now))
      .map((t) => ({
        id: t.id,
        email: t.email,
        relationship: t.relationship,
        displayName: t.ally?.displayName ?? null,
        status: t.allyId ? AllyStatus.JOINED : AllyStatus.INVITED,
        invitedAt: t.createdAt,
        joinedAt: t.joinedAt,
      }));
  }

  /** The ally's member and what they share, or null when the ally has no live tie. */
  standingOf(allyId: string): Promise<AllyStanding | null> {
    return standingOf(this.ds, allyId);
  }

  hasAllies(memberId: string): Promise<boolean> {
    return hasAllies(this.ds, memberId);
  }
}
