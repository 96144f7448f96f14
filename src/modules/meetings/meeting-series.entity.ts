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
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { MeetingAudience, MeetingFormat, MeetingStatus } from './meetings.enums';

/**
 * A recurring meeting: an RRULE expanded in the series' own time zone. Its occurrences
 * exist as meetings over a rolling horizon, so each can be joined, edited or cancelled.
 *
 * A weekly series can be listed for meeting finders (the Meeting Guide feed): the `public_*`
 * columns are what a coordinator chose to publish, apart from the private place and call link
 * that only attendees see. The feed is built from the series, never from an occurrence.
 */
@ObjectType({ description: 'A recurring meeting; each occurrence is a Meeting.' })
@Entity('meeting_series')
@Check('ck_meeting_series_listed_place', 'NOT listed OR public_address IS NOT NULL')
@Check(
  'ck_meeting_series_public_coordinates',
  '(public_latitude IS NULL) = (public_longitude IS NULL) AND (public_latitude IS NULL OR (public_latitude BETWEEN -90 AND 90 AND public_longitude BETWEEN -180 AND 180))',
)
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

  @Column({ type: 'enum', enum: MeetingAudience, enumName: 'meeting_audience', default: MeetingAudience.ALUMNI })
  audience: MeetingAudience;

  @Field({ description: 'True when coordinators list this weekly series for meeting finders (the public feeds).' })
  @Column({ type: 'boolean', default: false })
  listed: boolean;

  /** `formatted_address` of the listing: a street address, or an approximate one for online meetings. */
  @Column({ name: 'public_address', type: 'text', nullable: true })
  publicAddress: string | null;

  /** `location`: the name of the building or landmark. */
  @Column({ name: 'public_location', type: 'text', nullable: true })
  publicLocation: string | null;

  /** `region`: a neighbourhood or city. */
  @Column({ name: 'public_region', type: 'text', nullable: true })
  publicRegion: string | null;

  @Column({ name: 'public_latitude', type: 'double precision', nullable: true })
  publicLatitude: number | null;

  @Column({ name: 'public_longitude', type: 'double precision', nullable: true })
  publicLongitude: number | null;

  /** `conference_url`: a call link the coordinator chose to publish (https, stored parsed). */
  @Column({ name: 'public_conference_url', type: 'text', nullable: true })
  publicConferenceUrl: string | null;

  /** `conference_phone`: digits, an optional leading +, and `,` `*` `#` for one-tap dialling. */
  @Column({ name: 'public_conference_phone', type: 'text', nullable: true })
  publicConferencePhone: string | null;

  @Field(() => MeetingStatus, { description: 'CANCELLED once the whole series is called off.' })
  @Column({ type: 'enum', enum: MeetingStatus, enumName: 'meeting_status', default: MeetingStatus.SCHEDULED })
  status: MeetingStatus;

  /** Occurrences exist up to this instant; the horizon job moves it forward. */
  @Column({ name: 'materialized_until', type: 'timestamptz' })
  materializedUntil: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /**
   * When the series itself last changed (an edit of it, its listing, its end): the `updated`
   * of its Meeting Guide entry. Set by the code that changes it; extending the horizon does not.
   */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
