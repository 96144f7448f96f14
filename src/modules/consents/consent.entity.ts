import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../accounts/user.entity';
import { ConsentRecipientKind, ConsentScope } from './consents.enums';

/**
 * A member's consent to share some of their data (42 CFR §2.31): who shares (`member`), with
 * whom (`recipientKind`, and `recipientUserId` for one person), what (`scopes`), why
 * (`purpose`), until when (`expiresAt`), given when (`givenAt`); revocable (`revokedAt`).
 * Rows are never changed but to revoke them, and never deleted but with the member's account.
 */
@ObjectType({
  description:
    'A consent a member gave to share some of their data: with whom, what, for what purpose, until when. Revocable at any time.',
})
@Entity('consents')
@Check('ck_consents_recipient_user', `("recipient_kind" = 'USER') = ("recipient_user_id" IS NOT NULL)`)
@Check('ck_consents_scopes', `cardinality("scopes") > 0`)
@Check('ck_consents_purpose', `char_length("purpose") BETWEEN 1 AND 500`)
@Check('ck_consents_expiry', `"expires_at" > "given_at"`)
@Index('ix_consents_member', ['memberId', 'givenAt', 'id'])
@Index('ix_consents_recipient_user', ['recipientUserId'], { where: `"recipient_user_id" IS NOT NULL` })
@Index('ix_consents_recipient_kind', ['recipientKind', 'memberId'], { where: `"revoked_at" IS NULL` })
export class Consent {
  @Field(() => ID, { description: 'Opaque identifier.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: Relation<User>;

  @Column({ name: 'recipient_kind', type: 'enum', enum: ConsentRecipientKind, enumName: 'consent_recipient_kind' })
  recipientKind: ConsentRecipientKind;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipientUser: Relation<User> | null;

  @Field(() => [ConsentScope], { description: 'What is shared.' })
  @Column({ type: 'enum', enum: ConsentScope, enumName: 'consent_scope', array: true })
  scopes: ConsentScope[];

  @Field({ description: 'Why it is shared, in the member’s words.' })
  @Column({ type: 'text' })
  purpose: string;

  @Field({ description: 'When the member gave it.' })
  @Column({ name: 'given_at', type: 'timestamptz', precision: 3 })
  givenAt: Date;

  @Field({ description: 'When it ends by itself, unless revoked before.' })
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the member revoked it; null while not revoked.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
