import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Public, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import {
  RegisterPushSubscriptionInput,
  SetDeliveryPreferencesInput,
  UnregisterPushSubscriptionInput,
} from './delivery.inputs';
import type { DeliveryService } from './delivery.service';
import {
  DeliveryConnection,
  DeliveryPreferences,
  RegisterPushSubscriptionPayload,
  SetDeliveryPreferencesPayload,
  UnregisterPushSubscriptionPayload,
} from './delivery.types';

@Resolver()
@SignedIn()
export class DeliveryResolver {
  constructor(private readonly service: DeliveryService) {}

  @Mutation(() => SetDeliveryPreferencesPayload, {
    description: 'Change how notifications reach you by e-mail and push, and your quiet hours.',
  })
  async setDeliveryPreferences(
    @Arg('input', () => SetDeliveryPreferencesInput) input: SetDeliveryPreferencesInput,
    @Ctx() ctx: Context,
  ): Promise<SetDeliveryPreferencesPayload> {
    return { deliveryPreferences: await this.service.setPreferences(viewerOf(ctx), input) };
  }

  @Mutation(() => RegisterPushSubscriptionPayload, {
    description: 'Register this browser for push notifications (the subscription from PushManager.subscribe()).',
  })
  async registerPushSubscription(
    @Arg('input', () => RegisterPushSubscriptionInput) input: RegisterPushSubscriptionInput,
    @Ctx() ctx: Context,
  ): Promise<RegisterPushSubscriptionPayload> {
    return { subscription: await this.service.registerPush(viewerOf(ctx), input) };
  }

  @Mutation(() => UnregisterPushSubscriptionPayload, { description: 'Stop push notifications to a browser of yours.' })
  async unregisterPushSubscription(
    @Arg('input', () => UnregisterPushSubscriptionInput) input: UnregisterPushSubscriptionInput,
    @Ctx() ctx: Context,
  ): Promise<UnregisterPushSubscriptionPayload> {
    return { removed: await this.service.unregisterPush(viewerOf(ctx), input.endpoint) };
  }
}

/** Delivery fields on User: the member's own only. */
@Resolver(() => User)
@SignedIn()
export class DeliveryUserResolver {
  constructor(private readonly service: DeliveryService) {}

  @Public()
  @FieldResolver(() => DeliveryPreferences, {
    nullable: true,
    description: 'How notifications reach you by e-mail and push. Only for yourself.',
  })
  deliveryPreferences(@Root() user: User, @Ctx() ctx: Context): Promise<DeliveryPreferences> | null {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.preferencesOf(user.id);
  }

  @Public()
  @FieldResolver(() => DeliveryConnection, {
    nullable: true,
    description: 'Your notifications sent by e-mail and push, or held back and why, newest first. Only for yourself.',
  })
  deliveries(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.list(user.id, args);
  }
}
