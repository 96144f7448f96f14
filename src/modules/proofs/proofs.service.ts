import type { DataSource } from 'typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { hashSecret, newSecret, type AuthUser } from '../../core/auth';
import { ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import { User } from '../accounts/user.entity';
import { AttendanceProofCheck } from './attendance-proof-check.entity';
import { AttendanceProof as ProofRow } from './attendance-proof.entity';
import {
  checkNewProof,
  MAX_LIVE_PROOFS,
  proofState,
  TOKEN_BYTES,
  type ProofDocument,
  type ProofState,
} from './proofs.policy';
import { checksOf, lockMember, meetingsAttended } from './proofs.queries';
import type { AttendanceProof } from './proofs.types';

/** Where a proof is opened, below the public address when one is configured. */
export const PROOF_PATH = '/proofs/';

/** What opening a link answers: the proof, or that it stopped (never whose it was), or nothing. */
export type Opening = { state: 'LIVE'; document: ProofDocument } | { state: Exclude<ProofState, 'LIVE'> } | null;

/** Proof of attendance for third parties: links members make, revoke, and see the openings of. */
export class ProofsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly publicUrl: string,
  ) {}

  urlOf(token: string): string {
    return `${this.publicUrl}${PROOF_PATH}${token}`;
  }

  async create(
    actor: AuthUser,
    input: { from: string; to: string; label?: string | null; expiresAt?: Date | null },
    now = new Date(),
  ): Promise<AttendanceProof> {
    const checked = checkNewProof(input, now);
    const token = newSecret(TOKEN_BYTES);
    const saved = await this.tx.run(async ({ em }) => {
      // Serialises a member's own creations, so the cap holds under concurrency.
      await lockMember(em, actor.id);
      const live = await em.getRepository(ProofRow).count({
        where: { memberId: actor.id, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      });
      if (live >= MAX_LIVE_PROOFS) {
        throw new ConflictError(`You have ${MAX_LIVE_PROOFS} live proof links. Revoke one first.`, {
          reason: 'TOO_MANY_PROOFS',
        });
      }
      return em.getRepository(ProofRow).save({ memberId: actor.id, tokenHash: hashSecret(token), ...checked });
    });
    return { ...this.view(saved), url: this.urlOf(token), checks: [] };
  }

  async revoke(actor: AuthUser, proofId: string, now = new Date()): Promise<AttendanceProof> {
    const proof = isUuid(proofId)
      ? await this.ds.getRepository(ProofRow).findOne({ where: { id: proofId, memberId: actor.id } })
      : null;
    if (!proof) throw new NotFoundError('AttendanceProof');
    // Revoking twice keeps the first time: the record says when it stopped.
    if (!proof.revokedAt) {
      await this.ds.getRepository(ProofRow).update({ id: proof.id, revokedAt: IsNull() }, { revokedAt: now });
    }
    const fresh = await this.ds.getRepository(ProofRow).findOneByOrFail({ id: proof.id });
    return { ...this.view(fresh), checks: (await checksOf(this.ds, [fresh.id])).get(fresh.id) ?? [] };
  }

  /** The member's links, newest first. */
  async proofsOf(memberId: string): Promise<AttendanceProof[]> {
    const found = await this.ds
      .getRepository(ProofRow)
      .find({ where: { memberId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
    const checks = await checksOf(
      this.ds,
      found.map((p) => p.id),
    );
    return found.map((p) => ({ ...this.view(p), checks: checks.get(p.id) ?? [] }));
  }

  /** Opens a link: records the opening, then answers what the link may show now. */
  async open(token: string, now = new Date()): Promise<Opening> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const proof = await this.ds.getRepository(ProofRow).findOne({ where: { tokenHash: hashSecret(token) } });
    if (!proof) return null;
    const state = proofState(proof, now);
    await this.ds.getRepository(AttendanceProofCheck).insert({ proofId: proof.id, at: now, shown: state === 'LIVE' });
    if (state !== 'LIVE') return { state };
    const member = await this.ds.getRepository(User).findOneByOrFail({ id: proof.memberId });
    return {
      state,
      document: {
        memberName: member.displayName,
        from: proof.from,
        to: proof.to,
        meetings: await meetingsAttended(this.ds, proof.memberId, proof.from, proof.to),
        verifyUrl: this.urlOf(token),
      },
    };
  }

  private view(p: ProofRow): Omit<AttendanceProof, 'checks'> {
    return {
      id: p.id,
      from: p.from,
      to: p.to,
      label: p.label,
      expiresAt: p.expiresAt,
      revokedAt: p.revokedAt,
      createdAt: p.createdAt,
      url: null,
    };
  }
}
