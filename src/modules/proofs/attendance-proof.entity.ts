import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';

/**
 * A link a member hands to a third party (a court, an employer) to show the meetings they
 * were checked in to over a range of dates. Only the SHA-256 of its token is stored.
 */
@Entity('attendance_proofs')
@Index('ix_attendance_proofs_member', ['memberId', 'createdAt'])
export class AttendanceProof {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Index('uq_attendance_proofs_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** First day of the range, on each meeting's own calendar. */
  @Column({ name: 'from_date', type: 'date' })
  from: string;

  /** Last day of the range, included. */
  @Column({ name: 'to_date', type: 'date' })
  to: string;

  /** The member's own name for the link ("For my employer"); never shown to whoever opens it. */
  @Column({ type: 'text', nullable: true })
  label: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
