import { DateTime } from 'luxon';
import { BadInputError } from '../../core/errors';

/** A link lives at most this long: long enough for a court date, short enough to be forgotten. */
export const MAX_PROOF_DAYS = 180;
export const DEFAULT_PROOF_DAYS = 90;
/** A range longer than this would be a life history, not a proof for a purpose. */
export const MAX_RANGE_DAYS = 3 * 366;
/** Random bytes in a token: 256 bits, far above the 128 an unguessable link needs. */
export const TOKEN_BYTES = 32;
export const MAX_LABEL_LENGTH = 100;
/** Live (not revoked, not expired) links a member may hold at once. */
export const MAX_LIVE_PROOFS = 20;

export type ProofState = 'LIVE' | 'REVOKED' | 'EXPIRED';

/** What opening a link shows: the proof while it lives, else only that it stopped. */
export function proofState(proof: { revokedAt: Date | null; expiresAt: Date }, now: Date): ProofState {
  if (proof.revokedAt) return 'REVOKED';
  if (proof.expiresAt <= now) return 'EXPIRED';
  return 'LIVE';
}

/** Checks the range and the expiry of a new link; throws BAD_USER_INPUT naming the field at fault. */
export function checkNewProof(
  input: { from: string; to: string; label?: string | null; expiresAt?: Date | null },
  now: Date,
): { from: string; to: string; label: string | null; expiresAt: Date } {
  const from = DateTime.fromISO(input.from, { zone: 'UTC' });
  const to = DateTime.fromISO(input.to, { zone: 'UTC' });
  if (to < from) throw new BadInputError('to', 'The range must end on or after the day it starts.');
  if (to.diff(from, 'days').days > MAX_RANGE_DAYS) {
    throw new BadInputError('to', 'A proof covers at most three years.');
  }
  const label = input.label?.trim() || null;
  if (label && label.length > MAX_LABEL_LENGTH) {
    throw new BadInputError('label', `Use at most ${MAX_LABEL_LENGTH} characters.`);
  }
  const latest = now.getTime() + MAX_PROOF_DAYS * 86400_000;
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_PROOF_DAYS * 86400_000);
  if (expiresAt.getTime() <= now.getTime()) throw new BadInputError('expiresAt', 'The expiry must be in the future.');
  if (expiresAt.getTime() > latest) {
    throw new BadInputError('expiresAt', `A link lives at most ${MAX_PROOF_DAYS} days.`);
  }
  return { from: input.from, to: input.to, label, expiresAt };
}

/** A meeting as a proof shows it: its date on its own calendar and its title, nothing else. */
export interface ProvenMeeting {
  date: string;
  title: string;
}

/** The whole of what anyone holding a live link sees. */
export interface ProofDocument {
  memberName: string;
  from: string;
  to: string;
  meetings: ProvenMeeting[];
  verifyUrl: string;
}
