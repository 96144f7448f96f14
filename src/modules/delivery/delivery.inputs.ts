import { ArrayMaxSize } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { NotificationKind } from '../notifications/notification-kind.enum';

@InputType({ description: 'The switches of one kind of notification.' })
export class KindDeliveryPreferenceInput {
  @Field(() => NotificationKind, { description: 'The kind of notification.' })
  kind: NotificationKind;

  @Field({ description: 'By e-mail.' })
  email: boolean;

  @Field({ description: 'By push.' })
  push: boolean;
}

@InputType({ description: 'What to change in your delivery preferences; what you leave out stays as it is.' })
export class SetDeliveryPreferencesInput {
  @Field(() => Boolean, { nullable: true, description: 'E-mail on or off.' })
  email?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Push on or off.' })
  push?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Start of quiet hours, HH:MM in your time zone; give it with quietHoursEnd, or both null to have none.',
  })
  quietHoursStart?: string | null;

  @Field(() => String, { nullable: true, description: 'End of quiet hours, HH:MM in your time zone.' })
  quietHoursEnd?: string | null;

  @Field(() => [KindDeliveryPreferenceInput], {
    nullable: true,
    description: 'Switches per kind; each kind at most once. Kinds left out keep theirs.',
  })
  @ArrayMaxSize(100)
  kinds?: KindDeliveryPreferenceInput[] | null;
}

@InputType({ description: "A browser's push subscription, as PushManager.subscribe() gives it." })
export class RegisterPushSubscriptionInput {
  @Field({ description: "The push service's https URL for this browser." })
  endpoint: string;

  @Field({ description: "The subscription's P-256 public key (keys.p256dh), base64url." })
  p256dh: string;

  @Field({ description: "The subscription's auth secret (keys.auth), base64url." })
  auth: string;
}

@InputType({ description: 'The push subscription to remove.' })
export class UnregisterPushSubscriptionInput {
  @Field({ description: 'Its endpoint URL.' })
  endpoint: string;
}
