import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';

/** What a member shares with their allies; nothing until they say so. */
@Entity('ally_sharing')
export class AllySharing {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Column({ type: 'boolean', default: false })
  milestones: boolean;

  @Column({ name: 'check_in_streak', type: 'boolean', default: false })
  checkInStreak: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
