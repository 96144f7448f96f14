import { Field, ID, ObjectType } from 'type-graphql';
import {
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
import { MentorRequestStatus } from './mentoring.enums';

/** A member asking for a mentor. At most one open request per member (partial unique index). */
@ObjectType({ description: "A member's request for a mentor." })
@Entity('mentor_requests')
@Index('uq_mentor_requests_open', ['menteeId'], {
  unique: true,
  where: `"status" IN ('PROPOSED', 'WAITING', 'MATCHED')`,
})
@Index('ix_mentor_requests_status_created', ['status', 'createdAt', 'id'])
export class MentorRequest {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'mentee_id', type: 'uuid' })
  menteeId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mentee_id' })
  mentee: Relation<User>;

  @Field(() => MentorRequestStatus, { description: 'Where it stands.' })
  @Column({ type: 'enum', enum: MentorRequestStatus, enumName: 'mentor_request_status' })
  status: MentorRequestStatus;

  @Field(() => [String], { description: 'Focus area codes the member would like help with.' })
  @Column({ name: 'focus_areas', type: 'text', array: true })
  focusAreas: string[];

  @Field(() => [String], { description: 'ISO 639-1 codes of languages the member speaks.' })
  @Column({ type: 'text', array: true })
  languages: string[];

  @Field({ description: 'What the member would like a mentor to know.' })
  @Column({ type: 'text' })
  note: string;

  @Field({ description: 'Only mentors sharing one of `languages`.' })
  @Column({ name: 'require_language', type: 'boolean', default: false })
  requireLanguage: boolean;

  @Field({ description: "Only mentors of the member's gender." })
  @Column({ name: 'same_gender_only', type: 'boolean', default: false })
  sameGenderOnly: boolean;

  /** The member's gender, given only with `sameGenderOnly`; never shown to mentors. */
  @Column({ name: 'mentee_gender', type: 'text', nullable: true })
  menteeGender: string | null;

  /** The member's free weekly windows in their time zone; empty means waking hours. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  availability: Array<{ weekday: number; startTime: string; endTime: string }>;

  @Field({ description: 'When it was made.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
