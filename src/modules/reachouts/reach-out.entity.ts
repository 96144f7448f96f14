import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { ReachOutStatus } from './reachouts.enums';

/**
 * A member's call for support, sent at once to their active mentor, their support circle and
 * the on-call coordinator. It is the member's: only they and the people it was sent to (while
 * they still stand in that relation to the member) ever see it.
 */
@ObjectType({
  description:
    "A member's call for support: sent at once to their active mentor, their support circle and the on-call coordinator. Seen only by the member and the people it was sent to.",
})
@Entity('reach_outs')
@Index('ix_reach_outs_member_created', ['memberId', 'createdAt'])
@Index('ix_reach_outs_escalate_at_open', ['escalateAt'], { where: `"status" = 'OPEN'` })
export class ReachOut {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Field(() => String, { nullable: true, description: 'What the member wrote, if anything.' })
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Field(() => ReachOutStatus, { description: 'Where it stands.' })
  @Column({ type: 'enum', enum: ReachOutStatus, enumName: 'reach_out_status', default: ReachOutStatus.OPEN })
  status: ReachOutStatus;

  @Field({ description: 'When the member reached out.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** When it escalates to every coordinator if nobody has acknowledged it by then. */
  @Column({ name: 'escalate_at', type: 'timestamptz' })
  escalateAt: Date;

  @Column({ name: 'acknowledged_by_id', type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'acknowledged_by_id' })
  acknowledgedBy: Relation<User> | null;

  @Field(() => Date, { nullable: true, description: 'When it was acknowledged; null until then.' })
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it escalated to every coordinator because nobody had acknowledged it; null if it did not.',
  })
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed; null while it is not.' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by_id', type: 'uuid', nullable: true })
  closedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'closed_by_id' })
  closedBy: Relation<User> | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
