import { isSuspendedAt } from './accounts.policy';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../core/auth';

/**
 * A person in the network. Private columns (email, password hash, suspension) carry no
 * @Field: they reach the API only through field resolvers that check who asks.
 */
@ObjectType({ description: 'A person in the recovery network.' })
@Entity('users')
export class User {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased: emails are unique whatever their case. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Field({ description: 'The name shown to others.' })
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Field(() => Role, { description: 'What this person may do.' })
  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.MEMBER })
  role: Role;

  @Field({ description: 'True once a coordinator has approved this member as a peer mentor.' })
  @Column({ name: 'is_mentor', type: 'boolean', default: false })
  isMentor: boolean;

  @Field({ description: "The person's IANA time zone, such as America/Chicago." })
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'suspended_until', type: 'timestamptz', nullable: true })
  suspendedUntil: Date | null;

  @Column({ name: 'suspension_reason', type: 'text', nullable: true })
  suspensionReason: string | null;

  /** Set when the member deleted their account; the row stays so that their posts keep an author. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Field({ description: 'When this person joined.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  isSuspended(now = new Date()): boolean {
    return isSuspendedAt(this.suspendedUntil, now);
  }
}
