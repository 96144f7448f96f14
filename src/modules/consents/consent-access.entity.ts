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
import { Consent } from './consent.entity';

/**
 * Someone read a member's data under a consent; the member sees these records, with the
 * sobriety module's, in `viewer.accessLog` (their accounting of disclosures).
 */
@Entity('consent_access_log')
@Index('ix_consent_access_log_member', ['memberId', 'accessedAt', 'id'])
export class ConsentAccess {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Column({ name: 'accessor_id', type: 'uuid' })
  accessorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'accessor_id' })
  accessor: Relation<User>;

  /** The consent the read was made under; null once that consent is gone with the member's account. */
  @Column({ name: 'consent_id', type: 'uuid', nullable: true })
  consentId: string | null;

  @ManyToOne(() => Consent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'consent_id' })
  consent: Relation<Consent> | null;

  /** What was read, such as "User.checkIns", "DailyCheckIn.note" or "checkInShared". */
  @Column({ type: 'text' })
  what: string;

  @CreateDateColumn({ name: 'accessed_at', type: 'timestamptz', precision: 3 })
  accessedAt: Date;
}
