import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';

/** A member's opt-in alert: who is told when they go quiet, after how many days, and when it last went out. */
@Entity('disengagement_alerts')
@Check('ck_disengagement_alerts_after_days', `"after_days" BETWEEN 3 AND 30`)
export class DisengagementAlert {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'after_days', type: 'smallint' })
  afterDays: number;

  /** ConsentRecipientKind values: who the member chose to tell. */
  @Column({ type: 'text', array: true })
  notify: string[];

  /** When it was last turned on: a quiet spell counts from then at the earliest. Null while off. */
  @Column({ name: 'enabled_since', type: 'timestamptz', precision: 3, nullable: true })
  enabledSince: Date | null;

  /** When the last notice went out; another goes only after new activity. */
  @Column({ name: 'last_sent_at', type: 'timestamptz', precision: 3, nullable: true })
  lastSentAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
