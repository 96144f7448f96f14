import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { LocalDateScalar } from '../../core/scalars';
import { User } from '../accounts/user.entity';
import { SobrietyJourney } from './sobriety-journey.entity';

/** A milestone awarded on a journey; the unique (journey, label) makes awarding idempotent. */
@ObjectType({ description: 'A sobriety milestone a member reached.' })
@Entity('sobriety_milestones')
@Unique('uq_sobriety_milestones_journey_label', ['journeyId', 'label'])
@Index('ix_sobriety_milestones_feed', ['createdAt', 'id'], { where: '"announced"' })
@Index('ix_sobriety_milestones_user', ['userId'])
export class Milestone {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'journey_id', type: 'uuid' })
  journeyId: string;

  @ManyToOne(() => SobrietyJourney, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey: Relation<SobrietyJourney>;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field({ description: 'Such as "24 hours", "30 days", "6 months", "1 year", "2 years".' })
  @Column({ type: 'text' })
  label: string;

  /** Order of the milestone in the schedule (0 = 24 hours). */
  @Column({ type: 'int' })
  position: number;

  @Field(() => LocalDateScalar, { description: "The calendar date, in the member's time zone, it was reached." })
  @Column({ name: 'reached_on', type: 'date' })
  reachedOn: string;

  /** Reached recently when awarded: only these may be celebrated in others' feeds. */
  @Column({ type: 'boolean', default: false })
  announced: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
