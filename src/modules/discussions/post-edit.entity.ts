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

@ObjectType({ description: 'An earlier version of a post, kept when its author edits it. Coordinators only.' })
@Entity('post_edits')
@Index('ix_post_edits_post', ['postId', 'editedAt'])
export class PostEdit {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post: Relation<Post>;

  @Field({ description: 'The text as it was before this edit.' })
  @Column({ name: 'previous_body', type: 'text' })
  previousBody: string;

  @Field({ description: 'When the edit was made.' })
  @CreateDateColumn({ name: 'edited_at', type: 'timestamptz', precision: 3 })
  editedAt: Date;
}
