import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { AlliesToo, isCoordinator, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import type { CheckInsService } from '../checkins/checkins.service';
import type { SobrietyService } from '../sobriety/sobriety.service';
import { Sobriety } from '../sobriety/sobriety.types';
import { InviteAllyInput, RemoveAllyInput, ShareWithAlliesInput } from './allies.inputs';
import type { AlliesService } from './allies.service';
import {
  AlliedMember,
  AlliedMemberSource,
  Ally,
  AllyOf,
  AllySharingView,
  InvitationPayload,
  RemoveAllyPayload,
  ShareWithAlliesPayload,
} from './allies.types';

@Resolver()
@SignedIn()
export class AlliesResolver {
  constructor(private readonly allies: AlliesService) {}

  @Mutation(() => InvitationPayload, {
    description:
      'Invite family or a friend as your ally: they sign up with the code (signUp) and then see you alone, and only what you share (shareWithAllies). At most 3 allies and open invitations at once.',
  })
  async inviteAlly(
    @Arg('input', () => InviteAllyInput) input: InviteAllyInput,
    @Ctx() ctx: Context,
  ): Promise<InvitationPayload> {
    return { invitation: await this.allies.invite(viewerOf(ctx), input) };
  }

  @Mutation(() => RemoveAllyPayload, {
    description:
      'End an ally tie at once: an open invitation stops working; a joined ally is signed out everywhere, sockets included, and their account, which has nothing left to see, is erased.',
  })
  removeAlly(@Arg('input', () => RemoveAllyInput) input: RemoveAllyInput, @Ctx() ctx: Context) {
    return this.allies.remove(viewerOf(ctx), input.allyId);
  }

  @Mutation(() => ShareWithAlliesPayload, {
    description:
      'Choose what your allies see: your milestones, your check-in streak. Nothing is shared until you say so.',
  })
  async shareWithAllies(
    @Arg('input', () => ShareWithAlliesInput) input: ShareWithAlliesInput,
    @Ctx() ctx: Context,
  ): Promise<ShareWithAlliesPayload> {
    return { sharing: await this.allies.share(viewerOf(ctx), input) };
  }
}

/** Ally fields on User: the member's own list and choices, the ally's tie, and for coordinators that allies exist. */
@Resolver(() => User)
@SignedIn()
export class AlliesUserResolver {
  constructor(
    private readonly service: AlliesService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @FieldResolver(() => [Ally], {
    nullable: true,
    description: 'Your allies and open invitations; null on anyone else.',
  })
  allies(@Root() user: User, @Ctx() ctx: Context): Promise<Ally[]> | null {
    return ctx.viewer?.id === user.id ? this.service.alliesOf(user.id) : null;
  }

  @FieldResolver(() => AllySharingView, {
    nullable: true,
    description: 'What you share with your allies; null on anyone else.',
  })
  allySharing(@Root() user: User, @Ctx() ctx: Context): Promise<AllySharingView> | null {
    return ctx.viewer?.id === user.id ? this.service.sharingOf(user.id) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether the member has allies who joined (never who); for the member and coordinators, null for others and for a deleted account.',
  })
  hasAllies(@Root() user: User, @Ctx() ctx: Context): Promise<boolean> | null {
    const viewer = ctx.viewer;
    if (user.deletedAt || !viewer || (viewer.id !== user.id && !isCoordinator(viewer))) return null;
    return this.service.hasAllies(user.id);
  }

  @AlliesToo()
  @FieldResolver(() => AllyOf, {
    nullable: true,
    description: 'For an ally, on themself: the member who invited them, with what that member shares. Null otherwise.',
  })
  async allyOf(@Root() user: User, @Ctx() ctx: Context): Promise<AllyOf | null> {
    const viewer = ctx.viewer;
    if (!viewer || viewer.id !== user.id) return null;
    const standing = await this.service.standingOf(viewer.id);
    if (!standing) return null;
    const member = await ctx.loaders.get(this.users).load(standing.memberId);
    if (!member) return null;
    return {
      since: standing.joinedAt,
      member: {
        memberId: member.id,
        allyId: viewer.id,
        displayName: member.displayName,
        timeZone: member.timeZone,
        milestones: standing.milestones,
        checkInStreak: standing.checkInStreak,
      },
    };
  }
}

/** The member as their ally sees them: each field only while the member shares it. */
@Resolver(() => AlliedMember)
@AlliesToo()
export class AlliedMemberResolver {
  constructor(
    private readonly sobrietyService: SobrietyService,
    private readonly checkIns: CheckInsService,
  ) {}

  @FieldResolver(() => Sobriety, {
    nullable: true,
    description:
      'Their sobriety date, days and milestones, when they share milestones with allies; each read is shown to them.',
  })
  sobriety(@Root() m: AlliedMemberSource): Promise<Sobriety | null> | null {
    if (!m.milestones) return null;
    return this.sobrietyService.sobrietyForAlly(m.allyId, { id: m.memberId, timeZone: m.timeZone });
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Their check-in streak in days, when they share it with allies.',
  })
  checkInStreak(@Root() m: AlliedMemberSource): Promise<number> | null {
    return m.checkInStreak ? this.checkIns.streakOf(m.memberId) : null;
  }
}
