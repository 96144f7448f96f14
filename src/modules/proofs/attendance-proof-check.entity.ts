import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AttendanceProof } from './attendance-proof.entity';

/** One opening of a proof link. Nothing of whoever opened it is kept: not their address, not their browser. */
@Entity('attendance_proof_checks')
@Index('ix_attendance_proof_checks_proof', ['proofId', 'at'])
export class AttendanceProofCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'proof_id', type: 'uuid' })
  proofId: string;

  @ManyToOne(() => AttendanceProof, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proof_id' })
  proof: Relation<AttendanceProof>;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  /** False when the link was opened after it was revoked or expired, and showed nothing. */
  @Column({ type: 'boolean' })
  shown: boolean;
}
