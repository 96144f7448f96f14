import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { Consent } from './consent.entity';
import { ConsentRecipientKind } from './consents.enums';

@ObjectType({ description: 'Who a consent shares with.' })
export class ConsentRecipient {
  @Field(() => ConsentRecipientKind, { description: 'A person, the member’s mentor, or coordinators.' })
  kind: ConsentRecipientKind;

  /** The person it reaches now; resolved by a field resolver. */
  userId: string | null;
}

@ObjectType({ description: 'Result of giveConsent and revokeConsent.' })
export class ConsentPayload {
  @Field(() => Consent, { description: 'The consent, as it now stands.' })
  consent: Consent;
}

/** One read of the member's data by someone else: a sobriety read, or a read under a consent. */
@ObjectType({
  description:
    'Someone else read your data: your sobriety (as your mentor or a coordinator) or what you share under a consent.',
})
export class AccessRecord {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id: string;

  @Field({ description: 'When it was read.' })
  accessedAt: Date;

  accessorId: string;

  @Field({
    description:
      'What was read, such as "Sobriety.date", "milestoneFeed", "User.checkIns", "DailyCheckIn.note" or "checkInShared".',
  })
  what: string;

  consentId: string | null;
}

export const ConsentConnection = Connection(Consent);
export const AccessRecordConnection = Connection(AccessRecord);
