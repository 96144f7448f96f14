import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ModerationLogAction, ModerationTarget } from './audit.enums';

/**
 * Append-only record of moderation. No foreign keys on purpose: the record outlives what it
 * is about, and a trigger in the migration refuses UPDATE, DELETE and TRUNCATE.
 */
@ObjectType({ description: 'One moderation action: who did what to which post or thread, when and why.' })
@Entity('moderation_log')
@Index('ix_moderation_log_created', ['createdAt', 'id'])
export class ModerationLogEntry {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null when the system acted (reports reaching the threshold). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Field(() => ModerationLogAction, { description: 'What was done.' })
  @Column({ type: 'enum', enum: ModerationLogAction, enumName: 'moderation_log_action' })
  action: ModerationLogAction;

  @Field(() => ModerationTarget, { description: 'What kind of thing it was done to.' })
  @Column({ name: 'target_type', type: 'enum', enum: ModerationTarget, enumName: 'moderation_target' })
  targetType: ModerationTarget;

  @Field(() => ID, {
    description: 'What it was done to: a post, thread, member, category, invitation and so on, as targetType says.',
  })
  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Field({ description: 'Why, in the words of whoever acted.' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Details, such as the slow-mode seconds set.' })
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Field({ description: 'When.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
