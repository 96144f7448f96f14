import { Field, Int, ObjectType } from 'type-graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';

@ObjectType({ description: 'A weekly window of availability, in the owner’s time zone.' })
export class AvailabilitySlot {
  @Field(() => Int, { description: 'ISO weekday: 1 is Monday, 7 is Sunday.' })
  weekday: number;

  @Field({ description: 'Start, HH:mm.' })
  startTime: string;

  @Field({ description: 'End, HH:mm, after the start; 24:00 for midnight.' })
  endTime: string;
}

/**
 * What a member offers as a mentor. Approval for what needs it (proposals, hosting meetings)
 * lives on `users.is_mentor`, which a coordinator sets and a sobriety reset clears. A reset
 * also pauses the profile and sets `lapsed_at`, and leaves `approved_at` as it was, so that to
 * everyone but the mentor and coordinators a lapse looks exactly like a pause.
 */
@ObjectType({ description: "A member's mentor profile." })
@Entity('mentor_profiles')
@Check('ck_mentor_profiles_capacity', '"capacity" BETWEEN 1 AND 10')
export class MentorProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field({ description: 'A few words about themself, for mentees and coordinators.' })
  @Column({ type: 'text' })
  bio: string;

  @Field(() => [String], { description: 'Focus area codes (see `mentorFocusAreas`).' })
  @Column({ name: 'focus_areas', type: 'text', array: true })
  focusAreas: string[];

  @Field(() => [String], { description: 'ISO 639-1 codes of the languages they mentor in.' })
  @Column({ type: 'text', array: true })
  languages: string[];

  @Field(() => Int, { description: 'How many mentees at once, 1 to 10.' })
  @Column({ type: 'int' })
  capacity: number;

  @Field({
    description:
      'False while the mentor takes no new mentees: paused by themself (`setAcceptingMentees`), or for a reason only the mentor and coordinators see (`status`).',
  })
  @Column({ name: 'accepting_mentees', type: 'boolean' })
  acceptingMentees: boolean;

  @Field(() => [AvailabilitySlot], { description: "Weekly availability in the mentor's time zone." })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  availability: AvailabilitySlot[];

  /** Shown only to the mentor and coordinators (see the resolver). */
  @Column({ type: 'text', nullable: true })
  gender: string | null;

  @Field(() => Date, { nullable: true, description: 'When a coordinator last approved it; null before.' })
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true })
  approvedById: string | null;

  /**
   * When the approval lapsed after a sobriety reset; null while it holds. For the mentor and
   * coordinators only (through `status`): to others the profile shows as paused.
   */
  @Column({ name: 'lapsed_at', type: 'timestamptz', nullable: true })
  lapsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
