import { ArrayMaxSize } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MAX_MESSAGE_LENGTH, MAX_SUPPORT_CIRCLE } from './reachouts.policy';

@InputType({ description: 'The people you would like to hear from you when you reach out.' })
export class SetSupportCircleInput {
  @Field(() => [ID], {
    description: `Up to ${MAX_SUPPORT_CIRCLE} members (not yourself). The list replaces your circle; an empty list empties it.`,
  })
  // Duplicates are dropped; a longer list is refused with the field named.
  @ArrayMaxSize(100)
  userIds: string[];
}

@InputType({ description: 'Reach out to your mentor, your support circle and the on-call coordinator.' })
export class ReachOutInput {
  @Field(() => String, {
    nullable: true,
    description: `A few words for the people you reach out to, up to ${MAX_MESSAGE_LENGTH} characters. Optional.`,
  })
  message?: string | null;
}

@InputType({ description: 'Let the member know you saw their reach-out.' })
export class AcknowledgeReachOutInput {
  @Field(() => ID, { description: 'A reach-out sent to you.' })
  reachOutId: string;
}

@InputType({ description: 'Close a reach-out.' })
export class CloseReachOutInput {
  @Field(() => ID, { description: 'Your own reach-out or, for coordinators, any.' })
  reachOutId: string;
}
