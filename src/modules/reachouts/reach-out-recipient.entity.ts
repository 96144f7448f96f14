import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import { ReachOut } from './reach-out.entity';
import { RecipientReason } from './reachouts.enums';

/**
 * Someone a reach-out was sent to, and why. One row per reason: the reason must still hold
 * (the match still active, the person still in the circle, still a coordinator) for them to
 * keep seeing the reach-out.
 */
@Entity('reach_out_recipients')
@Index('ix_reach_out_recipients_user', ['userId', 'reachOutId'])
export class ReachOutRecipient {
  @PrimaryColumn({ name: 'reach_out_id', type: 'uuid' })
  reachOutId: string;

  @ManyToOne(() => ReachOut, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reach_out_id' })
  reachOut: Relation<ReachOut>;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @PrimaryColumn({ type: 'enum', enum: RecipientReason, enumName: 'reach_out_recipient_reason' })
  reason: RecipientReason;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
