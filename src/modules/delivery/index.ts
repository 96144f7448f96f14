import { defineModule, provide } from '../../core/module';
import { NOTIFICATION_ADDED } from '../notifications/notifications.events';
import { Delivery } from './delivery.entity';
import { DeliveryPreferencesRow } from './delivery-preferences.entity';
import { DELIVERY } from './delivery.ports';
import { DeliveryResolver, DeliveryUserResolver } from './delivery.resolver';
import { deliveryRoutes } from './delivery.routes';
import { DeliveryService, SEND_JOB } from './delivery.service';
import { Mailer, PushSender } from './delivery.transports';
import { PushSubscription } from './push-subscription.entity';

/**
 * Notifications by e-mail and Web Push, discreet by design: per-kind switches, quiet hours
 * with a digest at their end, each delivery a retried job sent once. Without SMTP and VAPID
 * settings, notifications stay in the app.
 */
export const deliveryModule = defineModule({
  name: 'delivery',
  entities: [DeliveryPreferencesRow, PushSubscription, Delivery],
  resolvers: [DeliveryResolver, DeliveryUserResolver],
  dataMap: [
    { table: 'delivery_preferences', column: 'user_id', exportAs: 'deliveryPreferences', onDelete: 'delete' },
    {
      table: 'push_subscriptions',
      column: 'user_id',
      exportAs: 'pushSubscriptions',
      omit: ['p256dh', 'auth'],
      onDelete: 'delete',
      why: "the browser's keys are secrets that only encrypt messages to it",
    },
    {
      table: 'deliveries',
      column: 'user_id',
      exportAs: 'deliveries',
      omit: ['unsubscribe_token_hash'],
      onDelete: 'delete',
      why: 'the unsubscribe token hash is a secret',
    },
  ],
  build({ ds, tx, config, logger, events, jobs, metrics }) {
    const c = config.delivery;
    const mailer = c.smtpUrl && c.mailFrom ? new Mailer(c.smtpUrl, c.mailFrom) : null;
    const pusher = c.vapid ? new PushSender(c.vapid) : null;
    const delivery = new DeliveryService(
      ds,
      tx,
      { ...c, publicUrl: config.publicUrl },
      jobs,
      logger,
      mailer,
      pusher,
      metrics,
    );
    events.on(NOTIFICATION_ADDED, (n, t) => delivery.onNotification(n, t));
    return {
      resolvers: [new DeliveryResolver(delivery), new DeliveryUserResolver(delivery)],
      provides: [provide(DELIVERY, delivery)],
      routes: deliveryRoutes(delivery),
      jobs: [
        {
          name: SEND_JOB,
          expireInSeconds: 120,
          // A burst (the hour's meeting reminders) goes out at several a second; each worker
          // holds a database connection while its message is handed over, so only a few.
          workers: 3,
          run: async (data) => {
            await delivery.send(typeof data.deliveryId === 'string' ? data.deliveryId : '');
          },
        },
        {
          // Every minute: digests for quiet hours that ended, and deliveries no job holds.
          name: 'delivery.sweep',
          cron: '* * * * *',
          expireInSeconds: 120,
          run: async () => {
            const { digests } = await delivery.releaseDigests(new Date());
            const requeued = await delivery.requeueStranded(new Date());
            if (digests || requeued) logger.info({ digests, requeued }, 'deliveries swept');
          },
        },
      ],
    };
  },
});
