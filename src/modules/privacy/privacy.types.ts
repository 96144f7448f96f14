import { MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Everything Onward holds about you, as one JSON document.' })
export class MyDataExport {
  @Field({ description: 'When the document was made.' })
  generatedAt: Date;

  @Field(() => GraphQLJSONObject, {
    description:
      'Profile, sessions, RSVPs, attendance, threads and posts, reports, sobriety journeys and milestones, who read your sobriety data, notifications, blocks.',
  })
  data: Record<string, unknown>;
}

@InputType({ description: 'Confirm with your password: this cannot be undone.' })
export class DeleteMyAccountInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(256)
  password: string;
}

@ObjectType({ description: 'Result of deleteMyAccount.' })
export class DeleteMyAccountPayload {
  @Field({ description: 'True: the account and its personal data are gone.' })
  deleted: boolean;
}
