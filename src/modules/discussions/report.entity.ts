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
import { Post } from './post.entity';
import { ReportReason } from './moderation.enums';

/** A member's report of a post. Who reported is never shown to the post's author. */
@ObjectType({ description: 'A report of a post. The reporter is visible to coordinators only.' })
@Entity('post_reports')
// One open report per person per post; a resolved one does not block a new report.
@Index('uq_post_reports_open', ['postId', 'reporterId'], { unique: true, where: `"resolved_at" IS NULL` })
@Index('ix_post_reports_item', ['itemId'])
export class PostReport {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post: Relation<Post>;

  @Column({ name: 'reporter_id', type: 'uuid' })
  reporterId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id' })
  reporter: Relation<User>;

  @Field(() => ReportReason, { description: 'Why.' })
  @Column({ type: 'enum', enum: ReportReason, enumName: 'report_reason' })
  reason: ReportReason;

  @Field(() => String, { nullable: true, description: 'What the reporter added, if anything.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The queue item this report fed. */
  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  @Field({ description: 'When it was made.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a coordinator decided on the post; null while open.' })
  @Column({ name: 'resolved_at', type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;
}
