import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Invite family or a friend as your ally (at most 3).' })
export class InviteAllyInput {
  @Field({ description: 'Where the invitation goes; they sign up with this address and the code.' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'How you name them, 1 to 60 characters ("my sister"); shown to you alone.' })
  @MaxLength(200)
  relationship: string;
}

@InputType({ description: 'End an ally tie.' })
export class RemoveAllyInput {
  @Field(() => ID, { description: 'The ally (`Ally.id`).' })
  allyId: string;
}

@InputType({ description: 'Choose what your allies see; a field left out stays as it is.' })
export class ShareWithAlliesInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Share your sobriety date, days and milestones, and celebrations of new ones.',
  })
  @IsOptional()
  milestones?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Share your check-in streak (the number only).' })
  @IsOptional()
  checkInStreak?: boolean | null;
}
