import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDateScalar } from '../../core/scalars';
import { Visibility } from './sobriety.enums';

@InputType({ description: 'Set your sobriety date. A different date than your current one starts a new journey.' })
export class SetSobrietyDateInput {
  @Field(() => LocalDateScalar, {
    description: 'The first day of sobriety: not in the future (your time zone), not before 1900-01-01.',
  })
  date: string;

  @Field(() => Visibility, { description: 'Who may see your date and milestones.' })
  visibility: Visibility;

  @Field({
    nullable: true,
    description: "Whether your milestones are celebrated in others' feeds; unchanged when omitted.",
  })
  @IsOptional()
  announce?: boolean;
}

@InputType({ description: "Turn celebrations of your milestones in others' feeds on or off." })
export class SetMilestoneAnnouncementsInput {
  @Field({ description: 'False: your milestones never appear in anyone else’s feed or subscription.' })
  enabled: boolean;
}

@InputType({ description: 'Congratulate someone on a milestone.' })
export class CongratulateInput {
  @Field(() => ID, { description: 'The milestone.' })
  milestoneId: string;

  @Field({ description: 'A few kind words, 1 to 500 characters.' })
  @Length(1, 500)
  message: string;
}
