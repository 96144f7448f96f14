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

/** A browser's or phone's Web Push subscription; one endpoint belongs to one member. */
@ObjectType({ description: 'A browser or phone that receives your push notifications.' })
@Entity('push_subscriptions')
@Index('uq_push_subscriptions_endpoint', ['endpoint'], { unique: true })
@Index('ix_push_subscriptions_user', ['userId'])
export class PushSubscription {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  /** The push service's URL for this browser: a capability, never shown back in full. */
  @Column({ type: 'text' })
  endpoint: string;

  /** The browser's P-256 public key and auth secret (base64url): payloads are encrypted to them. */
  @Column({ type: 'text' })
  p256dh: string;

  @Column({ type: 'text' })
  auth: string;

  @Field({ description: 'When it was registered.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
