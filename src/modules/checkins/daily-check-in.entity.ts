import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { LocalDateScalar } from '../../core/scalars';
import { User } from '../accounts/user.entity';

/**
 * A member's daily check-in: one per calendar day in their time zone (the unique index holds
 * it under any concurrency); a second one the same day updates it. The note and the member
 * are resolved by field resolvers: the note needs its own consent scope.
 */
@ObjectType({
  description:
    "A member's daily check-in: how they feel, how strong the craving is, whether they went to a meeting. One per day in their time zone.",
})
@Entity('daily_check_ins')
@Index('uq_daily_check_ins_member_day', ['memberId', 'day'], { unique: true })
@Check('ck_daily_check_ins_mood', `"mood" BETWEEN 1 AND 5`)
@Check('ck_daily_check_ins_craving', `"craving" BETWEEN 0 AND 10`)
@Check('ck_daily_check_ins_note', `char_length("note") <= 1000`)
export class DailyCheckIn {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Field(() => LocalDateScalar, { description: "The day it is for, on the member's calendar." })
  @Column({ type: 'date' })
  day: string;

  /** The time zone the day was reckoned in when first checked in. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Field(() => Int, { description: 'Mood, 1 (very low) to 5 (very good).' })
  @Column({ type: 'smallint' })
  mood: number;

  @Field(() => Int, { description: 'Craving, 0 (none) to 10 (overwhelming).' })
  @Column({ type: 'smallint' })
  craving: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the member went to a meeting that day; null: not said.',
  })
  @Column({ name: 'attended_meeting', type: 'boolean', nullable: true })
  attendedMeeting: boolean | null;

  /** Read through the `note` field resolver, which asks for the CHECK_IN_NOTES scope. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field({ description: 'When the first check-in of that day was made.' })
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field({ description: 'When it was last changed (a later check-in the same day updates it).' })
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
