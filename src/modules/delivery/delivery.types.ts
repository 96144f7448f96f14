import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { NotificationKind } from '../notifications/notification-kind.enum';
import { Delivery } from './delivery.entity';
import { PushSubscription } from './push-subscription.entity';

export const DeliveryConnection = Connection(Delivery);

@ObjectType({ description: 'Whether one kind of notification reaches you by e-mail and by push.' })
export class KindDeliveryPreference {
  @Field(() => NotificationKind, { description: 'The kind of notification.' })
  kind: NotificationKind;

  @Field({ description: 'By e-mail (when e-mail is on).' })
  email: boolean;

  @Field({ description: 'By push (when push is on).' })
  push: boolean;
}

@ObjectType({
  description:
    'How notifications reach you outside the app. They are always in the app; e-mail and push say only that something is waiting, never what.',
})
export class DeliveryPreferences {
  @Field({ description: 'E-mail on or off.' })
  email: boolean;

  @Field({ description: 'Push on or off.' })
  push: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'When quiet hours begin, HH:MM on your own clock (your time zone); null: no quiet hours.',
  })
  quietHoursStart: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When quiet hours end, HH:MM on your own clock. Nothing but reach-outs is sent in them; what waited comes as one digest when they end.',
  })
  quietHoursEnd: string | null;

  @Field(() => [KindDeliveryPreference], { description: 'Every kind of notification, with its two switches.' })
  kinds: KindDeliveryPreference[];

  @Field({ description: 'Whether this server sends e-mail at all.' })
  emailAvailable: boolean;

  @Field({ description: 'Whether this server sends push at all.' })
  pushAvailable: boolean;
}

@ObjectType({ description: 'Result of setDeliveryPreferences.' })
export class SetDeliveryPreferencesPayload {
  @Field(() => DeliveryPreferences, { description: 'Your preferences as they now stand.' })
  deliveryPreferences: DeliveryPreferences;
}

@ObjectType({ description: 'Result of registerPushSubscription.' })
export class RegisterPushSubscriptionPayload {
  @Field(() => PushSubscription, { description: 'The subscription, registered to you.' })
  subscription: PushSubscription;
}

@ObjectType({ description: 'Result of unregisterPushSubscription.' })
export class UnregisterPushSubscriptionPayload {
  @Field({ description: 'True when a subscription of yours was removed; false when there was none.' })
  removed: boolean;
}
