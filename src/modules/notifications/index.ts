import { defineModule, provide } from '../../core/module';
import { sql } from '../../core/sql';
import { renderMessageSql } from './notifications.policy';
import { USER_LOADER } from '../accounts/accounts.ports';
import { Notification } from './notification.entity';
import { NotificationResolver } from './notification.resolver';
import { NotificationsService } from './notification.service';
import { NOTIFICATIONS } from './notifications.ports';

/** The shared notification centre, live over `notificationAdded`. */
export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [Notification],
  resolvers: [NotificationResolver],
  dataMap: [
    {
      table: 'notifications',
      column: 'user_id',
      exportAs: 'notifications',
      omit: ['actor_id', 'seq'],
      // The message as the member reads it, with the actor's name as it is now.
      exportExtra: sql`jsonb_build_object('message', ${renderMessageSql(sql`x.message`, sql`(SELECT a.display_name FROM users a WHERE a.id = x.actor_id)`)})`,
      onDelete: 'delete',
    },
    {
      table: 'notifications',
      column: 'actor_id',
      onDelete: 'keep',
      why: "another member's notification of something the member did; it names them as Former member once they are gone",
    },
  ],
  build({ ds, tx, events }, registry) {
    const notifications = new NotificationsService(ds, tx, events);
    return {
      resolvers: [new NotificationResolver(notifications, registry.get(USER_LOADER))],
      provides: [provide(NOTIFICATIONS, notifications)],
    };
  },
});
