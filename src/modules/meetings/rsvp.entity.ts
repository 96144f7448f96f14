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
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { Meeting } from './meeting.entity';
import { RsvpStatus } from './meetings.enums';

/** One member's place at one meeting. A trigger keeps the meeting's counts and its capacity. */
@ObjectType({ description: "A member's RSVP to a meeting." })
@Entity('meeting_rsvps')
@Index('uq_meeting_rsvps_meeting_user', ['meetingId', 'userId'], { unique: true })
@Index('ix_meeting_rsvps_meeting_status', ['meetingId', 'status', 'waitlistSeq'])
@Index('ix_meeting_rsvps_user', ['userId'])
// The first attendees of a meeting in their order, without reading every seat.
@Index('ix_meeting_rsvps_going', ['meetingId', 'createdAt', 'id'], { where: `"status" = 'GOING'` })
@Check('ck_meeting_rsvps_waitlist_seq', `("status" = 'WAITLISTED') = ("waitlist_seq" IS NOT NULL)`)
export class Rsvp {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Relation<Meeting>;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field(() => RsvpStatus, { description: 'Going, waitlisted or cancelled.' })
  @Column({ type: 'enum', enum: RsvpStatus, enumName: 'rsvp_status' })
  status: RsvpStatus;

  /** Order on the waitlist, assigned under the meeting's row lock. */
  @Column({ name: 'waitlist_seq', type: 'int', nullable: true })
  waitlistSeq: number | null;

  /** Filled by queries that compute it; 1 is next in line. */
  waitlistPosition?: number | null;

  @Field({ description: 'When the member first RSVPed.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
