import { IsOptional } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';

@InputType({
  description: 'How today is going. One check-in per day in your time zone: a second one the same day updates it.',
})
export class DailyCheckInInput {
  @Field(() => Int, { description: 'Mood, 1 (very low) to 5 (very good).' })
  mood: number;

  @Field(() => Int, { description: 'Craving, 0 (none) to 10 (overwhelming).' })
  craving: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether you went to a meeting today. Left out on a later check-in the same day: unchanged.',
  })
  @IsOptional()
  attendedMeeting?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A note, up to 1,000 characters. Shared only under a consent with CHECK_IN_NOTES. Left out on a later check-in the same day: unchanged; null removes it.',
  })
  @IsOptional()
  note?: string | null;
}
