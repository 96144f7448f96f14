import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import type { UserLoader } from '../accounts/user.loaders';
import type { NotificationsService } from './notification.service';
import { renderMessage } from './notifications.policy';
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
  constructor(
    private readonly service: NotificationsService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @FieldResolver(() => String, { description: 'A short sentence for people, safe to show on a lock screen.' })
  async message(@Root() n: Pick<Notification, 'message' | 'actorId'>, @Ctx() ctx: Context): Promise<string> {
    if (!n.actorId) return n.message;
    const actor = await ctx.loaders.get(this.users).load(n.actorId);
    return renderMessage(n.message, actor?.displayName ?? null);
  }

  @Query(() => NotificationConnection, { description: 'Your notifications, newest first.' })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return this.service.list(viewerOf(ctx), args);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return this.service.unreadCount(viewerOf(ctx));
  }

  @Mutation(() => MarkNotificationsReadPayload, {
    description: 'Mark your notifications read. Ids that are not yours fail the call.',
  })
  markNotificationsRead(
    @Arg('input', () => MarkNotificationsReadInput) input: MarkNotificationsReadInput,
    @Ctx() ctx: Context,
  ) {
    return this.service.markRead(viewerOf(ctx), input.ids);
  }

  @Subscription(() => Notification, {
    description: 'Your new notifications as they happen (yours only).',
    topics: NotificationTopic.ADDED,
    topicId: ({ context }: { context: Context }) => viewerOf(context).id,
  })
  notificationAdded(@Root() notification: Notification): Notification {
    return notification;
  }
}
