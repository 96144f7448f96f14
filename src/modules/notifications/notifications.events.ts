import { DomainEvent } from '../../core/events';
import type { NotificationKind } from './notification-kind.enum';

/** A notification was stored; raised inside its transaction, so a listener's writes commit with it. */
export interface NotificationAdded {
  id: string;
  userId: string;
  kind: NotificationKind;
  createdAt: Date;
}

/** Other channels (e-mail, push) learn of notifications here; the centre knows nothing of them. */
export const NOTIFICATION_ADDED = new DomainEvent<NotificationAdded>('notifications.added');
