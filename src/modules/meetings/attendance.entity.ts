import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Meeting } from './meeting.entity';

/** A check-in: the member was at the meeting. */
@ObjectType({ description: 'A check-in at a meeting.' })
@Entity('meeting_attendance')
@Index('uq_meeting_attendance_meeting_user', ['meetingId', 'userId'], { unique: true })
@Index('ix_meeting_attendance_user', ['userId', 'checkedInAt'])
export class Attendance {
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

  @Column({ name: 'checked_in_by_id', type: 'uuid', nullable: true })
  checkedInById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'checked_in_by_id' })
  checkedInBy: Relation<User> | null;

  @Field({ description: 'When the check-in was recorded.' })
  @Column({ name: 'checked_in_at', type: 'timestamptz', precision: 3 })
  checkedInAt: Date;
}
