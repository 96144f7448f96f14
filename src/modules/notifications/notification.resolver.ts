import { Arg, Args, Ctx, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { Notification } from './notification.entity';
import { NotificationTopic } from './notification.topics';
import {
  MarkNotificationsReadInput,
  MarkNotificationsReadPayload,
  NotificationConnection,
  NotificationsArgs,
} from './notification.types';

@Resolver(() => Notification)
@SignedIn()
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: 'Your notifications, newest first.' })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return ctx.services.notifications.list(ctx.viewer!, args);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.services.notifications.unreadCount(ctx.viewer!);
  }

  @Mutation(() => MarkNotificationsReadPayload, { description: 'Mark your notifications read. Ids that are not yours fail the call.' })
  markNotificationsRead(@Arg('input', () => MarkNotificationsReadInput) input: MarkNotificationsReadInput, @Ctx() ctx: Context) {
    return ctx.services.notifications.markRead(ctx.viewer!, input.ids);
  }

  @Subscription(() => Notification, {
    description: 'Your new notifications as they happen (yours only).',
    topics: NotificationTopic.ADDED,
    topicId: ({ context }: { context: Context }) => context.viewer!.id,
  })
  notificationAdded(@Root() notification: Notification): Notification {
    return notification;
  }
}
