import { ArrayMaxSize } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { ConsentRecipientKind } from '../consents/consents.ports';
import { MAX_AFTER_DAYS, MIN_AFTER_DAYS } from './disengagement.policy';

@InputType({ description: 'Your alert for going quiet.' })
export class SetDisengagementAlertInput {
  @Field({ description: 'Turn the alert on or off.' })
  enabled: boolean;

  @Field(() => Int, {
    description: `Days without a check-in, RSVP, attendance or sign-in after which the notice goes out, ${MIN_AFTER_DAYS} to ${MAX_AFTER_DAYS}.`,
  })
  afterDays: number;

  @Field(() => [ConsentRecipientKind], {
    description:
      'Who to tell: MENTOR (your mentor in an ACTIVE match), COORDINATORS, USER (the people your consents with DISENGAGEMENT name). Each needs a consent in effect with DISENGAGEMENT for that kind.',
  })
  @ArrayMaxSize(3)
  notify: ConsentRecipientKind[];
}
