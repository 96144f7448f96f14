import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { NotificationKind } from './notification-kind.enum';

@ObjectType({ description: 'Something that happened for the signed-in member.' })
@Entity('notifications')
@Index('ix_notifications_user_created_seq', ['userId', 'createdAt', 'seq'])
export class Notification {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Field(() => NotificationKind, { description: 'What it is about.' })
  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind: NotificationKind;

  /**
   * The sentence, with `{actor}` where the other person's name goes: names are rendered when
   * read, so a renamed or deleted member never lives on in someone else's notifications.
   */
  @Field({ description: 'A short sentence for people, safe to show on a lock screen.' })
  @Column({ type: 'text' })
  message: string;

  /** The member whose action this tells of, named when the notification is read. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor: Relation<User> | null;

  /** Insertion order: breaks ties between notifications made in the same millisecond. */
  @Column({ type: 'bigint', transformer: { to: (v: number | undefined) => v, from: (v: string) => Number(v) } })
  @Generated('increment')
  seq: number;

  @Field(() => ID, { nullable: true, description: 'The meeting, match, post or milestone it is about.' })
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  @Field({ description: 'When it happened.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the member marked it read; null while unread.' })
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
