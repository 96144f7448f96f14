import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection, ConnectionArgs } from '../../core/pagination';
import { Notification } from './notification.entity';

export const NotificationConnection = Connection(Notification);

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'Only notifications not yet read.' })
  unreadOnly: boolean = false;
}

@InputType({ description: 'Notifications to mark as read.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { description: 'Your own notifications, 1 to 100 of them.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  ids: string[];
}

@ObjectType({ description: 'Result of markNotificationsRead.' })
export class MarkNotificationsReadPayload {
  @Field(() => [Notification], { description: 'The notifications, now read.' })
  notifications: Notification[];

  @Field(() => Int, { description: 'How many unread notifications remain.' })
  unreadCount: number;
}
