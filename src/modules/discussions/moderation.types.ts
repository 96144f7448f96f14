import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection, ConnectionArgs } from '../../core/pagination';
import { ModerationItem } from './moderation-item.entity';
import { ModerationAction, ModerationItemStatus, ReportReason } from './moderation.enums';
import { Post } from './post.entity';
import { PostReport } from './report.entity';

export const ModerationItemConnection = Connection(ModerationItem);

@InputType({ description: 'Report a post to the coordinators. The author never learns who reported it.' })
export class ReportPostInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;

  @Field(() => ReportReason, { description: 'Why.' })
  reason: ReportReason;

  @Field(() => String, {
    nullable: true,
    description: 'Anything the coordinators should know, up to 1,000 characters.',
  })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}

@ObjectType({ description: 'Result of reportPost.' })
export class ReportPostPayload {
  @Field(() => PostReport, { description: 'Your report.' })
  report: PostReport;
}

@InputType({ description: 'Decide on a post.' })
export class ModeratePostInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;

  @Field(() => ModerationAction, { description: 'What to do.' })
  action: ModerationAction;

  @Field({ description: 'Why; recorded in the log and sent to the author.' })
  reason: string;
}

@ObjectType({ description: 'Result of moderatePost.' })
export class ModeratePostPayload {
  @Field(() => Post, { description: 'The post as it now stands.' })
  post: Post;

  @Field(() => ModerationItem, {
    nullable: true,
    description: 'The queue item this decision closed, if there was one.',
  })
  item: ModerationItem | null;
}

@InputType({ description: 'Lock or unlock a thread.' })
export class LockThreadInput {
  @Field(() => ID, { description: 'The thread.' })
  threadId: string;

  @Field({ description: 'True to lock, false to unlock.' })
  locked: boolean;

  @Field({ description: 'Why, for the moderation log.' })
  reason: string;
}

@InputType({ description: "Set a thread's slow mode." })
export class SetSlowModeInput {
  @Field(() => ID, { description: 'The thread.' })
  threadId: string;

  @Field(() => Int, { description: 'Seconds a member must wait between posts, 0 (off) to 86,400.' })
  seconds: number;

  @Field({ description: 'Why, for the moderation log.' })
  reason: string;
}

@ArgsType()
export class ModerationQueueArgs extends ConnectionArgs {
  @Field(() => ModerationItemStatus, {
    defaultValue: ModerationItemStatus.OPEN,
    description: 'Open items (default) or decided ones.',
  })
  status: ModerationItemStatus = ModerationItemStatus.OPEN;
}
