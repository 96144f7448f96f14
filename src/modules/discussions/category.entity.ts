import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A discussion board, such as "Hard days".' })
@Entity('categories')
export class Category {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'The name shown to members.' })
  @Column({ type: 'text' })
  name: string;

  @Field({ description: 'Stable, URL-safe name; it does not change when the category is renamed.' })
  @Index('uq_categories_slug', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  /** Display order; seeded categories come first. */
  @Column({ type: 'int', default: 100 })
  position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
