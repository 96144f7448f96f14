import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../core/pagination';
import { ConsentRecipientKind, ConsentScope } from './consents.enums';

@InputType({
  description:
    'Share some of your data: with whom, what, for what purpose, until when. You can revoke it at any time, and it takes effect at once.',
})
export class GiveConsentInput {
  @Field(() => ConsentRecipientKind, { description: 'Who to share with.' })
  recipientKind: ConsentRecipientKind;

  @Field(() => ID, { nullable: true, description: 'The person, when `recipientKind` is USER; left out otherwise.' })
  @IsOptional()
  userId?: string | null;

  @Field(() => [ConsentScope], { description: 'What to share, at least one. CHECK_IN_NOTES needs CHECK_INS too.' })
  scopes: ConsentScope[];

  @Field({ description: 'Why you share it, 1 to 500 characters; the recipient sees it.' })
  purpose: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When it ends by itself: in the future, at most three years ahead. One year from now when left out.',
  })
  @IsOptional()
  expiresAt?: Date | null;
}

@InputType({ description: 'Revoke a consent you gave.' })
export class RevokeConsentInput {
  @Field(() => ID, { description: 'The consent.' })
  consentId: string;
}

@ArgsType()
export class ConsentsArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'Only consents in effect now (not revoked, not expired).' })
  activeOnly: boolean = false;
}
