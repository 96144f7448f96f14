import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AlliesToo, Coordinators, Public, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { AccountsService } from './accounts.service';
import {
  BlockUserInput,
  LiftSuspensionInput,
  SuspendUserInput,
  UnblockUserInput,
  UpdateProfileInput,
} from './accounts.inputs';
import { canSeeEmail } from './accounts.policy';
import { BlockUserPayload, LiftSuspensionPayload, SuspendUserPayload, UpdateProfilePayload } from './accounts.types';
import { User } from './user.entity';

@Resolver(() => User)
@SignedIn()
export class UserResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Query(() => User, {
    nullable: true,
    description: 'Another member; null when unknown or when either has blocked the other.',
  })
  user(@Arg('id', () => ID, { description: 'The member.' }) id: string, @Ctx() ctx: Context): Promise<User | null> {
    return this.accounts.findVisibleUser(viewerOf(ctx), id);
  }

  @Public()
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Visible only to the person themself and to coordinators.',
  })
  email(@Root() user: User, @Ctx() ctx: Context): string | null {
    return canSeeEmail(ctx.viewer, user) ? user.email : null;
  }

  @AlliesToo()
  @Mutation(() => UpdateProfilePayload, { description: 'Change your display name or time zone.' })
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return this.accounts.updateProfile(viewerOf(ctx), input);
  }

  @Coordinators()
  @Mutation(() => SuspendUserPayload, {
    description:
      'Suspend a member until a time: their sessions end at once, sockets included. Coordinators suspend members; admins also suspend coordinators.',
  })
  suspendUser(@Arg('input', () => SuspendUserInput) input: SuspendUserInput, @Ctx() ctx: Context) {
    return this.accounts.suspendUser(viewerOf(ctx), input);
  }

  @Coordinators()
  @Mutation(() => LiftSuspensionPayload, {
    description:
      'End a suspension early: the member can sign in again at once. The same ranks as suspendUser; someone not suspended is a CONFLICT.',
  })
  liftSuspension(@Arg('input', () => LiftSuspensionInput) input: LiftSuspensionInput, @Ctx() ctx: Context) {
    return this.accounts.liftSuspension(viewerOf(ctx), input);
  }

  @Mutation(() => BlockUserPayload, {
    description: "Block someone: you stop seeing each other's posts and are never matched.",
  })
  blockUser(@Arg('input', () => BlockUserInput) input: BlockUserInput, @Ctx() ctx: Context) {
    return this.accounts.blockUser(viewerOf(ctx), input.userId);
  }

  @Mutation(() => BlockUserPayload, { description: 'Lift a block you made.' })
  unblockUser(@Arg('input', () => UnblockUserInput) input: UnblockUserInput, @Ctx() ctx: Context) {
    return this.accounts.unblockUser(viewerOf(ctx), input.userId);
  }
}
