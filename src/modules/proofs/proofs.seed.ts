import type { DataSource } from 'typeorm';
import { hashSecret } from '../../core/auth';
import type { SeedContext } from '../../core/module';
import { AttendanceProof } from './attendance-proof.entity';
import { DEFAULT_PROOF_DAYS } from './proofs.policy';

/** The demo proof's token, documented in the README: demo data only, never a real member's. */
export const DEMO_PROOF_TOKEN = 'demo-proof-of-attendance-for-sam-r-2026';

/** Sam's proof link of the last 90 days, for the README's example. Runs once per database. */
export async function seedProofs({ ds }: { ds: DataSource }, { users }: SeedContext): Promise<void> {
  const [sam] = users.members;
  const repo = ds.getRepository(AttendanceProof);
  if (!sam || (await repo.exists({ where: { tokenHash: hashSecret(DEMO_PROOF_TOKEN) } }))) return;
  const today = new Date();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await repo.save({
    memberId: sam.id,
    tokenHash: hashSecret(DEMO_PROOF_TOKEN),
    from: day(new Date(today.getTime() - 90 * 86400_000)),
    to: day(today),
    label: 'For my employer',
    expiresAt: new Date(today.getTime() + DEFAULT_PROOF_DAYS * 86400_000),
  });
}
