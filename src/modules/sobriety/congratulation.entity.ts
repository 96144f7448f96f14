import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { Milestone } from './milestone.entity';

@ObjectType({ description: 'Congratulations one person sent on a milestone.' })
@Entity('milestone_congratulations')
@Unique('uq_milestone_congratulations_once', ['milestoneId', 'fromUserId'])
export class Congratulation {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'milestone_id', type: 'uuid' })
  milestoneId: string;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'milestone_id' })
  milestone: Relation<Milestone>;

  @Column({ name: 'from_user_id', type: 'uuid' })
  fromUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_user_id' })
  fromUser: Relation<User>;

  @Field({ description: 'The words sent.' })
  @Column({ type: 'text' })
  message: string;

  @Field({ description: 'When it was sent.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
