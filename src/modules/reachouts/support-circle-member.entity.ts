import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity';

/** Someone a member chose to hear from them when they reach out (at most five). */
@Entity('support_circle_members')
@Index('ix_support_circle_members_supporter', ['supporterId'])
@Check('ck_support_circle_not_self', `"member_id" <> "supporter_id"`)
export class SupportCircleMember {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @PrimaryColumn({ name: 'supporter_id', type: 'uuid' })
  supporterId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'supporter_id' })
  supporter: Relation<User>;

  /** The order the member listed them in. */
  @Column({ type: 'smallint', default: 0 })
  position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
