import { Field, ID, Int, ObjectType } from 'type-graphql';
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
import { User } from '../accounts/user.entity';
import { MeetingFormat, MeetingStatus } from './meetings.enums';

/**
 * A recurring meeting: an RRULE expanded in the series' own time zone. Its occurrences
 * exist as meetings over a rolling horizon, so each can be joined, edited or cancelled.
 */
@ObjectType({ description: 'A recurring meeting; each occurrence is a Meeting.' })
@Entity('meeting_series')
export class MeetingSeries {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_meeting_series_host')
  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id' })
  host: Relation<User>;

  @Field({ description: 'The RFC 5545 RRULE, such as FREQ=WEEKLY;BYDAY=TU.' })
  @Column({ type: 'text' })
  recurrence: string;

  /** Wall-clock start of the first occurrence, `YYYY-MM-DDTHH:mm:ss`, in `timeZone`. */
  @Column({ name: 'local_start', type: 'text' })
  localStart: string;

  @Field({ description: 'IANA time zone the rule is expanded in.' })
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Field({ description: 'Title of future occurrences.' })
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => Int, { description: 'Length of each occurrence, in minutes.' })
  @Column({ name: 'duration_minutes', type: 'int' })
  durationMinutes: number;

  @Column({ type: 'enum', enum: MeetingFormat, enumName: 'meeting_format' })
  format: MeetingFormat;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ name: 'conference_url', type: 'text', nullable: true })
  conferenceUrl: string | null;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  types: string[];

  @Column({ type: 'boolean', default: false })
  listed: boolean;

  @Field(() => MeetingStatus, { description: 'CANCELLED once the whole series is called off.' })
  @Column({ type: 'enum', enum: MeetingStatus, enumName: 'meeting_status', default: MeetingStatus.SCHEDULED })
  status: MeetingStatus;

  /** Occurrences exist up to this instant; the horizon job moves it forward. */
  @Column({ name: 'materialized_until', type: 'timestamptz' })
  materializedUntil: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
