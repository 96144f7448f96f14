import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { ReachOut } from './reach-out.entity';

export const ReachOutConnection = Connection(ReachOut);

@ObjectType({ description: 'A crisis line to call, text or visit, free and open around the clock.' })
export class CrisisResource {
  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The number to call, if it takes calls.' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'The number to text, if it takes text messages.' })
  text: string | null;

  @Field(() => String, { nullable: true, description: 'Its web page or chat, if it has one.' })
  url: string | null;
}

@ObjectType({ description: 'Result of setSupportCircle.' })
export class SetSupportCirclePayload {
  @Field(() => [User], { description: 'Your support circle as it now stands.' })
  supportCircle: User[];
}

@ObjectType({ description: 'Result of reachOut.' })
export class ReachOutPayload {
  @Field(() => ReachOut, { description: 'Your reach-out, already sent.' })
  reachOut: ReachOut;

  @Field(() => [CrisisResource], {
    description:
      "Crisis lines for your country (from your time zone), then the program's on-call coordinator: if you need someone right now, call one.",
  })
  resources: CrisisResource[];
}

@ObjectType({ description: 'Result of acknowledgeReachOut.' })
export class AcknowledgeReachOutPayload {
  @Field(() => ReachOut, { description: 'The reach-out, acknowledged (by you, or by whoever did first).' })
  reachOut: ReachOut;
}

@ObjectType({ description: 'Result of closeReachOut.' })
export class CloseReachOutPayload {
  @Field(() => ReachOut, { description: 'The reach-out, closed.' })
  reachOut: ReachOut;
}
