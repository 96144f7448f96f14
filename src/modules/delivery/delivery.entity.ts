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
import { NotificationKind } from '../notifications/notification-kind.enum';
import { PushSubscription } from './push-subscription.entity';
import { DeliveryChannel, DeliverySkipReason, DeliveryStatus } from './delivery.enums';

/**
 * One notification (or one digest) on one channel: what was decided and what happened. The
 * row is the lock that makes a delivery go out once, whichever worker runs its job.
 */
@ObjectType({ description: 'A notification sent to you by e-mail or push, or held back, and why.' })
@Entity('deliveries')
@Index('ix_deliveries_user_created', ['userId', 'createdAt', 'id'])
@Index('ix_deliveries_pending', ['createdAt'], { where: `"status" = 'PENDING'` })
@Index('ix_deliveries_held', ['releaseAt'], { where: `"digest_id" IS NULL AND "skip_reason" = 'QUIET_HOURS'` })
@Index('uq_deliveries_unsubscribe', ['unsubscribeTokenHash'], { unique: true })
export class Delivery {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  /** The notification it carries; null for a digest. */
  @Field(() => ID, { nullable: true, description: 'The notification it carried; null for a digest.' })
  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId: string | null;

  @Field(() => NotificationKind, { nullable: true, description: 'The kind of notification; null for a digest.' })
  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind', nullable: true })
  kind: NotificationKind | null;

  /** The device a push goes to (one row per device, so each gets it once). */
  @Column({ name: 'push_subscription_id', type: 'uuid', nullable: true })
  pushSubscriptionId: string | null;

  @ManyToOne(() => PushSubscription, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'push_subscription_id' })
  pushSubscription: Relation<PushSubscription> | null;

  @Field(() => DeliveryChannel, { description: 'E-mail or push.' })
  @Column({ type: 'enum', enum: DeliveryChannel, enumName: 'delivery_channel' })
  channel: DeliveryChannel;

  @Field(() => DeliveryStatus, { description: 'Where it stands.' })
  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'delivery_status' })
  status: DeliveryStatus;

  @Field(() => DeliverySkipReason, { nullable: true, description: 'Why it was not sent, when it was skipped.' })
  @Column({
    name: 'skip_reason',
    type: 'enum',
    enum: DeliverySkipReason,
    enumName: 'delivery_skip_reason',
    nullable: true,
  })
  skipReason: DeliverySkipReason | null;

  @Field(() => Int, { description: 'How many notifications it carried: more than one for a digest.' })
  @Column({ type: 'int', default: 1 })
  items: number;

  @Field(() => Int, { description: 'Attempts so far.' })
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Held for quiet hours: when they end. */
  @Column({ name: 'release_at', type: 'timestamptz', nullable: true })
  releaseAt: Date | null;

  /** The digest that carried a held one. */
  @Field(() => ID, { nullable: true, description: 'The digest that carried it, when it waited through quiet hours.' })
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId: string | null;

  /** SHA-256 of the e-mail's one-click unsubscribe token; the token itself is only in the e-mail. */
  @Column({ name: 'unsubscribe_token_hash', type: 'text', nullable: true })
  unsubscribeTokenHash: string | null;

  @Field({ description: 'When it was decided.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it went out.' })
  @Column({ name: 'sent_at', type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;
}
