import { Field, ID, ObjectType } from 'type-graphql';
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
import { SobrietyAccessReason } from './sobriety.enums';

/** A coordinator or mentor read someone's sobriety data; the member can see these records. */
@ObjectType({ description: 'A record that someone read your sobriety data as a coordinator or mentor.' })
@Entity('sobriety_access_log')
@Index('ix_sobriety_access_log_member', ['memberId', 'accessedAt', 'id'])
export class SobrietyAccess {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Column({ name: 'viewer_id', type: 'uuid' })
  viewerId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'viewer_id' })
  viewer: Relation<User>;

  @Field({
    description:
      'What was read, such as "Sobriety.date", "milestoneFeed", "milestoneReached", "mentorCandidates" (your time in recovery in a match score) or "MentorProfile.status" (whether your mentor approval lapsed).',
  })
  @Column({ type: 'text' })
  field: string;

  @Field(() => SobrietyAccessReason, { description: 'In which role it was read.' })
  @Column({ type: 'enum', enum: SobrietyAccessReason, enumName: 'sobriety_access_reason' })
  reason: SobrietyAccessReason;

  @Field({ description: 'When it was read.' })
  @CreateDateColumn({ name: 'accessed_at', type: 'timestamptz', precision: 3 })
  accessedAt: Date;
}
