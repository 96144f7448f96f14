import { Ctx, Mutation, Resolver } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { CalendarFeedService } from './calendar-feed.service';
import { CalendarFeedPayload, RevokeCalendarFeedPayload } from './meetings.types';

@Resolver()
@SignedIn()
export class CalendarFeedResolver {
  constructor(private readonly service: CalendarFeedService) {}

  @Mutation(() => CalendarFeedPayload, {
    description: 'A new private calendar address for your RSVPs; any earlier one stops working.',
  })
  createCalendarFeed(@Ctx() ctx: Context): Promise<CalendarFeedPayload> {
    return this.service.createCalendarFeed(viewerOf(ctx));
  }

  @Mutation(() => RevokeCalendarFeedPayload, { description: 'Stop your private calendar address from working.' })
  revokeCalendarFeed(@Ctx() ctx: Context): Promise<RevokeCalendarFeedPayload> {
    return this.service.revokeCalendarFeed(viewerOf(ctx));
  }
}
