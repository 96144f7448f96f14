import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { AlliesToo } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey } from '../../core/loaders';
import { Meeting } from './meeting.entity';
import { CancelRsvpInput, RsvpInput } from './meetings.inputs';
import type { MeetingLoaders } from './meetings.loaders';
import { RsvpPayload } from './meetings.types';
import { Rsvp } from './rsvp.entity';
import type { RsvpService } from './rsvp.service';

/** Open to allies: the service lets them take seats at FAMILY and OPEN meetings only. */
@Resolver(() => Rsvp)
@AlliesToo()
export class RsvpResolver {
  constructor(
    private readonly service: RsvpService,
    private readonly meetingLoaders: LoaderKey<MeetingLoaders>,
  ) {}

  @Mutation(() => RsvpPayload, {
    description:
      'Take a seat while seats are left, else a place on the waitlist. Calling again returns the same RSVP. Allies may RSVP to FAMILY and OPEN meetings only.',
  })
  async rsvp(@Arg('input', () => RsvpInput) input: RsvpInput, @Ctx() ctx: Context): Promise<RsvpPayload> {
    return { rsvp: await this.service.rsvp(viewerOf(ctx), input.meetingId) };
  }

  @Mutation(() => RsvpPayload, {
    description: 'Give up your seat or waitlist place; the first person waiting gets the seat.',
  })
  async cancelRsvp(
    @Arg('input', () => CancelRsvpInput) input: CancelRsvpInput,
    @Ctx() ctx: Context,
  ): Promise<RsvpPayload> {
    return { rsvp: await this.service.cancelRsvp(viewerOf(ctx), input.meetingId) };
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Place on the waitlist, 1 being next; null unless WAITLISTED.',
  })
  waitlistPosition(@Root() r: Rsvp): number | null {
    return r.waitlistPosition ?? null;
  }

  @FieldResolver(() => Meeting, { description: 'The meeting.' })
  async meeting(@Root() r: Rsvp, @Ctx() ctx: Context): Promise<Meeting> {
    const m = await ctx.loaders.get(this.meetingLoaders).meeting.load(r.meetingId);
    if (!m) throw new NotFoundError('Meeting');
    return m;
  }
}
