import { registerEnumType } from 'type-graphql';

/** How a notification reaches a member outside the app. */
export enum DeliveryChannel {
  EMAIL = 'EMAIL',
  PUSH = 'PUSH',
}
registerEnumType(DeliveryChannel, {
  name: 'DeliveryChannel',
  description: 'How a notification reaches you outside the app.',
  valuesConfig: {
    EMAIL: { description: 'E-mail.' },
    PUSH: { description: 'Web Push, to the browsers and phones you registered.' },
  },
});

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting to go out, or being retried.' },
    SENT: { description: 'Handed to the mail server or the push service.' },
    FAILED: { description: 'Every attempt failed; the notification is still in the app.' },
    SKIPPED: { description: 'Not sent: see `skipReason`.' },
  },
});

export enum DeliverySkipReason {
  PREFERENCE = 'PREFERENCE',
  QUIET_HOURS = 'QUIET_HOURS',
}
registerEnumType(DeliverySkipReason, {
  name: 'DeliverySkipReason',
  description: 'Why a delivery was not sent.',
  valuesConfig: {
    PREFERENCE: { description: 'You turned this channel, or this kind on it, off.' },
    QUIET_HOURS: { description: 'It came in your quiet hours; it went out in the digest when they ended.' },
  },
});
