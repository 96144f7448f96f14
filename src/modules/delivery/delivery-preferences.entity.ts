import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import type { KindSwitches } from './delivery.policy';

/** A member's delivery switches; no row means the defaults (everything on, no quiet hours). */
@Entity('delivery_preferences')
@Check('ck_delivery_preferences_quiet_hours', `("quiet_hours_start" IS NULL) = ("quiet_hours_end" IS NULL)`)
export class DeliveryPreferencesRow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  @Column({ type: 'boolean', default: true })
  push: boolean;

  /** `HH:MM` on the member's wall clock. */
  @Column({ name: 'quiet_hours_start', type: 'text', nullable: true })
  quietHoursStart: string | null;

  @Column({ name: 'quiet_hours_end', type: 'text', nullable: true })
  quietHoursEnd: string | null;

  /** Per kind: `{"MATCH_ENDED": {"email": false, "push": true}}`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  kinds: KindSwitches;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
