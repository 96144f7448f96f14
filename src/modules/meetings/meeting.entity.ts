import { Field, ID, Int, ObjectType } from 'type-graphql';
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
import { MeetingSeries } from './meeting-series.entity';
import { MeetingAudience, MeetingFormat, MeetingStatus } from './meetings.enums';

/**
 * One meeting (or one occurrence of a series). `goingCount` and `waitlistCount` are kept
 * by a database trigger on meeting_rsvps and are never written by the application.
 */
@ObjectType({ description: 'A meeting members can RSVP to.' })
@Entity('meetings')
@Index('ix_meetings_starts', ['startsAt', 'id'])
@Index('uq_meetings_series_occurrence', ['seriesId', 'originalStartsAt'], { unique: true })
@Check('ck_meetings_capacity', 'capacity IS NULL OR capacity >= 1')
@Check('ck_meetings_duration', 'duration_minutes > 0 AND duration_minutes <= 1440')
@Check('ck_meetings_counts', '"going_count" >= 0 AND "waitlist_count" >= 0')
export class Meeting {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @ManyToOne(() => MeetingSeries, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'series_id' })
  series: Relation<MeetingSeries> | null;

  /** For occurrences: the start the rule gave it, kept when the occurrence is moved. */
  @Column({ name: 'original_starts_at', type: 'timestamptz', nullable: true })
  originalStartsAt: Date | null;

  /** Edited on its own: edits of the series leave it alone. */
  @Column({ type: 'boolean', default: false })
  detached: boolean;

  @Index('ix_meetings_host')
  @Column({ name: 'host_id', type: 'uuid' })
  hostId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id' })
  host: Relation<User>;

  @Field({ description: 'Title.' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'What the meeting is about.' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field({ description: 'When it starts.' })
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Field({ description: 'When it ends.' })
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Field(() => Int, { description: 'Length in minutes.' })
  @Column({ name: 'duration_minutes', type: 'int' })
  durationMinutes: number;

  @Field({ description: 'IANA time zone the meeting is held in.' })
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Field(() => MeetingFormat, { description: 'In person, online or both.' })
  @Column({ type: 'enum', enum: MeetingFormat, enumName: 'meeting_format' })
  format: MeetingFormat;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ name: 'conference_url', type: 'text', nullable: true })
  conferenceUrl: string | null;

  @Field(() => Int, { nullable: true, description: 'Seats; null means no limit.' })
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Field(() => [String], {
    description: 'Meeting Guide type codes, such as O (open) or SP (speaker); `meetingTypes` lists them all.',
  })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  types: string[];

  @Field({
    description: 'True when coordinators list its weekly series for meeting finders and in the public feeds.',
  })
  @Column({ type: 'boolean', default: false })
  listed: boolean;

  @Field(() => MeetingAudience, { description: 'Who it is for; allies see only FAMILY and OPEN meetings.' })
  @Column({ type: 'enum', enum: MeetingAudience, enumName: 'meeting_audience', default: MeetingAudience.ALUMNI })
  audience: MeetingAudience;

  @Field(() => MeetingStatus, { description: 'Scheduled or cancelled.' })
  @Column({ type: 'enum', enum: MeetingStatus, enumName: 'meeting_status', default: MeetingStatus.SCHEDULED })
  status: MeetingStatus;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Field(() => Int, { description: 'Members with a seat.' })
  @Column({ name: 'going_count', type: 'int', default: 0, insert: false, update: false })
  goingCount: number;

  @Field(() => Int, { description: 'Members waiting for a seat.' })
  @Column({ name: 'waitlist_count', type: 'int', default: 0, insert: false, update: false })
  waitlistCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
