import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { LocalDateScalar } from '../../core/scalars';
import { DailyCheckIn } from './daily-check-in.entity';

@ObjectType({ description: 'Result of dailyCheckIn.' })
export class DailyCheckInPayload {
  @Field(() => DailyCheckIn, { description: "Today's check-in, as it now stands." })
  checkIn: DailyCheckIn;
}

@ObjectType({ description: 'Check-ins of one week of the trend.' })
export class CheckInWeek {
  @Field(() => LocalDateScalar, { description: 'First day of the week.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the week.' })
  to: string;

  @Field(() => Int, { description: 'How many days had a check-in.' })
  checkIns: number;

  @Field(() => Float, { nullable: true, description: 'Average mood, 1 to 5; null without check-ins.' })
  averageMood: number | null;

  @Field(() => Float, { nullable: true, description: 'Average craving, 0 to 10; null without check-ins.' })
  averageCraving: number | null;
}

@ObjectType({ description: 'The last 30 days of check-ins, averaged per week.' })
export class CheckInTrend {
  @Field(() => LocalDateScalar, { description: 'First day of the 30 (today − 29 days).' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Today, on your calendar.' })
  to: string;

  @Field(() => Int, { description: 'How many of the 30 days had a check-in.' })
  checkIns: number;

  @Field(() => Float, { nullable: true, description: 'Average mood over the 30 days; null without check-ins.' })
  averageMood: number | null;

  @Field(() => Float, { nullable: true, description: 'Average craving over the 30 days; null without check-ins.' })
  averageCraving: number | null;

  @Field(() => [CheckInWeek], {
    description: 'Oldest first: seven-day weeks ending today, 7 days back, …; the oldest holds the first 2 days.',
  })
  weeks: CheckInWeek[];
}

export const DailyCheckInConnection = Connection(DailyCheckIn);
