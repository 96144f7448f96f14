import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import { MeetingSeries } from './meeting-series.entity';
import { MeetingFormat } from './meetings.enums';
import { canSeeListing } from './meetings.policy';
import { MeetingListing } from './meetings.types';

@Resolver(() => MeetingSeries)
@SignedIn()
export class MeetingSeriesResolver {
  @FieldResolver(() => MeetingListing, {
    nullable: true,
    description:
      'What the series publishes to meeting finders: for anyone once it is listed, else only for those who may edit it (null for others).',
  })
  listing(@Root() s: MeetingSeries, @Ctx() ctx: Context): MeetingListing | null {
    if (!canSeeListing(viewerOf(ctx), s)) return null;
    return {
      address: s.publicAddress,
      approximate: s.format === MeetingFormat.ONLINE,
      location: s.publicLocation,
      region: s.publicRegion,
      latitude: s.publicLatitude,
      longitude: s.publicLongitude,
      conferenceUrl: s.publicConferenceUrl,
      conferencePhone: s.publicConferencePhone,
    };
  }
}
