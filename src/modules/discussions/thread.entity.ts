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
import { Category } from './category.entity';

@ObjectType({ description: 'A conversation in a category: an opening post and its replies.' })
@Entity('threads')
@Index('ix_threads_activity', ['pinned', 'lastActivityAt', 'id'])
@Index('ix_threads_category', ['categoryId', 'lastActivityAt'])
// GIN index written by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_threads_search', { synchronize: false })
export class Thread {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'category_id', type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category: Relation<Category>;

  @Index('ix_threads_author')
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<User>;

  @Field({ description: 'Plain text; clients render it as text, never as HTML.' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'A locked thread takes no new posts from members.' })
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Field({ description: 'Pinned threads come first in lists.' })
  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Field(() => Int, { description: 'Seconds a member must wait between two posts here; 0 when off.' })
  @Column({ name: 'slow_mode_seconds', type: 'int', default: 0 })
  slowModeSeconds: number;

  @Field({ description: 'When the last visible post was added.' })
  @Column({ name: 'last_activity_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  lastActivityAt: Date;

  @Field({ description: 'When the thread was started.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({
    name: 'search_vector',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', "title")`,
  })
  searchVector: string;
}
