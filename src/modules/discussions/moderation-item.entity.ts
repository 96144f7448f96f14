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
import { Post } from './post.entity';
import { ModerationAction, ModerationCause, ModerationItemStatus, ModerationPriority } from './moderation.enums';

@ObjectType({ description: 'A post waiting for a coordinator, with why it is here.' })
@Entity('moderation_items')
// At most one open item per post: new causes and reports join it.
@Index('uq_moderation_items_open_post', ['postId'], { unique: true, where: `"status" = 'OPEN'` })
@Index('ix_moderation_items_queue', ['status', 'sortRank', 'createdAt', 'id'])
export class ModerationItem {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post: Relation<Post>;

  @Field(() => ModerationPriority, { description: 'HIGH for crisis language and privacy breaches.' })
  @Column({ type: 'enum', enum: ModerationPriority, enumName: 'moderation_priority' })
  priority: ModerationPriority;

  @Field(() => [ModerationCause], { description: 'Why the post is in the queue.' })
  @Column({ type: 'enum', enum: ModerationCause, enumName: 'moderation_cause', array: true })
  causes: ModerationCause[];

  /** Queue order within a status: 0 crisis, 1 privacy, 2 the rest. */
  @Column({ name: 'sort_rank', type: 'int' })
  sortRank: number;

  @Field(() => ModerationItemStatus, { description: 'Open until a coordinator decides.' })
  @Column({
    type: 'enum',
    enum: ModerationItemStatus,
    enumName: 'moderation_item_status',
    default: ModerationItemStatus.OPEN,
  })
  status: ModerationItemStatus;

  @Field(() => ModerationAction, { nullable: true, description: 'What the coordinator decided; null while open.' })
  @Column({ type: 'enum', enum: ModerationAction, enumName: 'moderation_action', nullable: true })
  resolution: ModerationAction | null;

  @Column({ name: 'resolved_by_id', type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was decided.' })
  @Column({ name: 'resolved_at', type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Field({ description: 'When it entered the queue.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
