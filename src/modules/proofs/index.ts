import { sql } from '../../core/sql';
import { createLimiter } from '../../core/rate-limit';
import { defineModule } from '../../core/module';
import { AttendanceProofCheck } from './attendance-proof-check.entity';
import { AttendanceProof } from './attendance-proof.entity';
import { ProofsResolver, ProofsUserResolver } from './proofs.resolver';
import { proofRoutes } from './proofs.routes';
import { seedProofs } from './proofs.seed';
import { ProofsService } from './proofs.service';

/** Proof of attendance for third parties: revocable, expiring links anyone holding them can check. */
export const proofsModule = defineModule({
  name: 'proofs',
  entities: [AttendanceProof, AttendanceProofCheck],
  resolvers: [ProofsResolver, ProofsUserResolver],
  dataMap: [
    {
      table: 'attendance_proofs',
      column: 'member_id',
      exportAs: 'attendanceProofs',
      omit: ['token_hash'],
      // Each link with its openings, as viewer.attendanceProofs shows them.
      exportExtra: sql`jsonb_build_object('checks', (SELECT coalesce(jsonb_agg(jsonb_build_object('at', c.at, 'shown', c.shown) ORDER BY c.at), '[]'::jsonb) FROM attendance_proof_checks c WHERE c.proof_id = x.id))`,
      onDelete: 'delete',
      why: 'the links stop working with the account; their openings go with them',
    },
  ],
  build({ ds, tx, config, redis }) {
    const proofs = new ProofsService(ds, tx, config.publicUrl);
    const limiter = createLimiter(
      'proofs-address',
      config.proofLimit.perAddress,
      config.proofLimit.windowSeconds,
      redis,
    );
    return {
      resolvers: [new ProofsResolver(proofs), new ProofsUserResolver(proofs)],
      routes: proofRoutes(proofs, limiter, config.program.name),
      seed: (ctx) => seedProofs({ ds }, ctx),
    };
  },
});
