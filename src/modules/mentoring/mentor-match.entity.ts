import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { MatchStatus } from './mentoring.enums';
import { MentorRequest } from './mentor-request.entity';

/**
 * One mentor offered to one request. The partial unique indexes hold the invariants under
 * races: one live match per request, one active mentor per mentee.
 */
@ObjectType({ description: 'A mentor and a mentee, proposed, active or past.' })
@Entity('mentor_matches')
@Index('uq_mentor_matches_live_request', ['requestId'], { unique: true, where: `"status" IN ('PROPOSED', 'ACTIVE')` })
@Index('uq_mentor_matches_active_mentee', ['menteeId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('ix_mentor_matches_mentor_status', ['mentorId', 'status'])
@Index('ix_mentor_matches_mentee_status', ['menteeId', 'status'])
@Index('ix_mentor_matches_request', ['requestId'])
@Index('ix_mentor_matches_respond_by', ['respondBy'], { where: `"status" = 'PROPOSED'` })
export class MentorMatch {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => MentorRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request: Relation<MentorRequest>;

  @Column({ name: 'mentor_id', type: 'uuid' })
  mentorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mentor_id' })
  mentor: Relation<User>;

  @Column({ name: 'mentee_id', type: 'uuid' })
  menteeId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mentee_id' })
  mentee: Relation<User>;

  @Field(() => MatchStatus, { description: 'Where it stands.' })
  @Column({ type: 'enum', enum: MatchStatus, enumName: 'mentor_match_status' })
  status: MatchStatus;

  /** The score when proposed, for coordinators' records. */
  @Column({ type: 'int', default: 0 })
  score: number;

  @Field({ description: 'When the mentor was asked.' })
  @Column({ name: 'proposed_at', type: 'timestamptz', precision: 3 })
  proposedAt: Date;

  @Field({ description: 'Until when the mentor may answer the proposal.' })
  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  @Field(() => Date, { nullable: true, description: 'When the mentor answered.' })
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** Why the mentor declined: for the mentor and coordinators, never the mentee. */
  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When an active match ended.' })
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'ended_by_id', type: 'uuid', nullable: true })
  endedById: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  /** Set when the mentor's approval lapsed during the match; coordinators review it. */
  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
