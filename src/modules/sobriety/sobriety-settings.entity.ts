import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';

/** Per-member sobriety preferences that outlive any one journey. No row: the defaults. */
@Entity('sobriety_settings')
export class SobrietySettings {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  /** Off: the member's milestones never appear in others' feeds or subscriptions. */
  @Column({ name: 'announce_milestones', type: 'boolean', default: true })
  announceMilestones: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
