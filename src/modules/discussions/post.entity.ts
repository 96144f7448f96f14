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
import { PostStatus } from './post-status.enum';
import { Thread } from './thread.entity';

/**
 * A post in a thread. `body` is plain text exactly as typed (HTML is not stripped or
 * interpreted): clients must render it as text, never as raw HTML.
 */
@ObjectType({ description: 'A post in a thread: the opening post or a reply.' })
@Entity('posts')
@Index('ix_posts_thread_created', ['threadId', 'createdAt', 'id'])
@Index('ix_posts_author_created', ['authorId', 'createdAt'])
// A thread's visibility is its opening post's (`visibleThreadSql`): found without reading the thread's replies.
@Index('ix_posts_opening', ['threadId'], { where: '"is_opening"' })
@Index('ix_posts_search', { synchronize: false })
@Check('ck_posts_body_length', `char_length("body") BETWEEN 1 AND 10000`)
@Check('ck_posts_support_count', `"support_count" >= 0`)
export class Post {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId: string;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread: Relation<Thread>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<User>;

  /** Always a top-level post: replies nest one level only. */
  @Index('ix_posts_parent')
  @Column({ name: 'parent_post_id', type: 'uuid', nullable: true })
  parentPostId: string | null;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_post_id' })
  parentPost: Relation<Post> | null;

  /** Exposed through a field resolver that hides it from people who may not read it. */
  @Column({ type: 'text' })
  body: string;

  @Field(() => PostStatus, { description: 'Where the post stands in moderation.' })
  @Column({ type: 'enum', enum: PostStatus, enumName: 'post_status', default: PostStatus.VISIBLE })
  status: PostStatus;

  /** The first post of its thread. */
  @Column({ name: 'is_opening', type: 'boolean', default: false })
  isOpening: boolean;

  @Field(() => Int, { description: 'How many members marked this post with support.' })
  @Column({ name: 'support_count', type: 'int', default: 0 })
  supportCount: number;

  @Field({ description: 'When it was posted.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When its author last edited it; null if never.' })
  @Column({ name: 'edited_at', type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  @Column({
    name: 'search_vector',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', "body")`,
  })
  searchVector: string;
}
