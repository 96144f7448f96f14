import { Port } from '../../core/module';
import type { NotificationsService } from './notification.service';

/** The notification centre: every feature tells members things through it. */
export const NOTIFICATIONS = new Port<NotificationsService>('notifications');
