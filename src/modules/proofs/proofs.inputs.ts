import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDateScalar } from '../../core/scalars';

@InputType({ description: 'Make a link that proves your attendance over a range of dates.' })
export class CreateAttendanceProofInput {
  @Field(() => LocalDateScalar, { description: "First day of the range, on each meeting's own calendar." })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the range, included.' })
  to: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Your own name for the link, up to 100 characters ("For my employer"); never shown to whoever opens it.',
  })
  @IsOptional()
  @MaxLength(200)
  label?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the link stops working: in the future, at most 180 days ahead; 90 days when left out.',
  })
  @IsOptional()
  expiresAt?: Date | null;
}

@InputType({ description: 'Stop a proof link working, at once.' })
export class RevokeAttendanceProofInput {
  @Field(() => ID, { description: 'The proof.' })
  proofId: string;
}
