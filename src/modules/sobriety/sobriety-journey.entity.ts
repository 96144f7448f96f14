import { Field, ID, ObjectType } from 'type-graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { LocalDateScalar } from '../../core/scalars';
import { User } from '../accounts/user.entity';
import { Visibility } from './sobriety.enums';

/**
 * One run of sobriety from a start date. A new date starts a new journey (a reset); the
 * old one is kept for the member alone. At most one journey per member is current.
 */
@ObjectType({
  description: 'One sobriety journey of the member, from its start date. Only the member sees past journeys.',
})
@Entity('sobriety_journeys')
@Check('ck_sobriety_journeys_start_date', `"start_date" >= '1900-01-01'`)
@Index('uq_sobriety_journeys_current', ['userId'], { unique: true, where: '"is_current"' })
@Index('ix_sobriety_journeys_user', ['userId', 'createdAt'])
@Index('ix_sobriety_journeys_next_award', ['nextAwardOn'], { where: '"is_current"' })
export class SobrietyJourney {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field(() => LocalDateScalar, { description: 'The sobriety date this journey counts from.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Field(() => Visibility, { description: 'Who could see this journey while it was current.' })
  @Column({ type: 'enum', enum: Visibility, enumName: 'sobriety_visibility' })
  visibility: Visibility;

  @Field({ description: 'True for the journey that counts now.' })
  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent: boolean;

  /** The member's local date when they entered it: milestones already past then are not announced. */
  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  /** Date of the next milestone to award: lets the award job skip journeys with nothing due. */
  @Column({ name: 'next_award_on', type: 'date' })
  nextAwardOn: string;

  @Field({ description: 'When the member entered this date.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a later date replaced this journey; null while current.' })
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
