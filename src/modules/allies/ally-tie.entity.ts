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
import { Invitation } from '../accounts/invitation.entity';
import { User } from '../accounts/user.entity';

/**
 * A member's ally: invited by email, an account once they sign up with the code. The tie is
 * live until the member removes it (or either account is deleted); an ally has one tie only.
 */
@Entity('ally_ties')
@Index('ix_ally_ties_member', ['memberId', 'createdAt'])
export class AllyTie {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  /** Null until the invitation is used. */
  @Index('uq_ally_ties_ally', { unique: true })
  @Column({ name: 'ally_id', type: 'uuid', nullable: true })
  allyId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ally_id' })
  ally: Relation<User> | null;

  @Index('uq_ally_ties_invitation', { unique: true })
  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @ManyToOne(() => Invitation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invitation_id' })
  invitation: Relation<Invitation> | null;

  /** The address the invitation went to; the member typed it. */
  @Column({ type: 'text' })
  email: string;

  /** How the member names them ("my sister"): shown to the member alone. */
  @Column({ type: 'text' })
  relationship: string;

  /** When an unused invitation stops working; a pending tie past it no longer counts. */
  @Column({ name: 'invitation_expires_at', type: 'timestamptz' })
  invitationExpiresAt: Date;

  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
