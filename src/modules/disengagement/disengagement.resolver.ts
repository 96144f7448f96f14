import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Coordinators, Public, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import { SetDisengagementAlertInput } from './disengagement.inputs';
import type { DisengagementService } from './disengagement.service';
import {
  DisengagementAlertView,
  MemberNeedingAttention,
  MemberNeedingAttentionConnection,
  SetDisengagementAlertPayload,
} from './disengagement.types';

@Resolver()
export class DisengagementResolver {
  constructor(private readonly service: DisengagementService) {}

  @SignedIn()
  @Mutation(() => SetDisengagementAlertPayload, {
    description:
      'Turn on (or change, or off) your alert for going quiet: after `afterDays` days without a check-in, RSVP, attendance or sign-in, the people you chose (each under a consent with DISENGAGEMENT) are told once, with your name and the number of days only, and so are you.',
  })
  async setDisengagementAlert(
    @Arg('input', () => SetDisengagementAlertInput) input: SetDisengagementAlertInput,
    @Ctx() ctx: Context,
  ): Promise<SetDisengagementAlertPayload> {
    return { disengagementAlert: await this.service.setAlert(viewerOf(ctx), input) };
  }

  @Coordinators()
  @Query(() => MemberNeedingAttentionConnection, {
    description:
      'Coordinators only: members who consented (DISENGAGEMENT, to COORDINATORS) and have a reach-out still open or have gone quiet; reach-outs first, oldest first, then the longest quiet. Each member shown is recorded in their access log and in the moderation log.',
  })
  membersNeedingAttention(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return this.service.needingAttention(viewerOf(ctx), args);
  }
}

@Resolver(() => MemberNeedingAttention)
@Coordinators()
export class MemberNeedingAttentionResolver {
  constructor(private readonly users: LoaderKey<UserLoader>) {}

  @FieldResolver(() => User, { nullable: true, description: 'The member (null if their account is gone since).' })
  member(@Root() m: MemberNeedingAttention, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.get(this.users).load(m.memberId);
  }
}

/** The alert on User: only for yourself. */
@Resolver(() => User)
export class DisengagementUserResolver {
  constructor(private readonly service: DisengagementService) {}

  @Public()
  @FieldResolver(() => DisengagementAlertView, {
    nullable: true,
    description: 'Your alert for going quiet. Only for yourself.',
  })
  disengagementAlert(@Root() user: User, @Ctx() ctx: Context): Promise<DisengagementAlertView> | null {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.alert(ctx.viewer);
  }
}
