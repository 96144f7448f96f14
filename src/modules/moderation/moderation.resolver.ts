import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Coordinators, isCoordinator, SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { Post } from '../discussions/post.entity';
import { ThreadModerationPayload } from '../discussions/discussions.types';
import { ModerationLogEntry } from './moderation-log.entity';
import { ModerationItem } from './moderation-item.entity';
import { ModerationTopic } from './moderation.topics';
import {
  LockThreadInput,
  ModeratePostInput,
  ModeratePostPayload,
  ModerationItemConnection,
  ModerationLogEntryConnection,
  ModerationQueueArgs,
  ReportPostInput,
  ReportPostPayload,
  SetSlowModeInput,
} from './moderation.types';
import { PostReport } from './report.entity';

@Resolver()
@Coordinators()
export class ModerationResolver {
  @SignedIn()
  @Mutation(() => ReportPostPayload, {
    description: 'Report a post. One open report per person per post (CONFLICT); several members reporting hides it pending review.',
  })
  reportPost(@Arg('input', () => ReportPostInput) input: ReportPostInput, @Ctx() ctx: Context) {
    return ctx.services.moderation.reportPost(ctx.viewer!, input);
  }

  @Query(() => ModerationItemConnection, { description: 'Posts waiting for a decision: HIGH first (crisis, then privacy), then oldest.' })
  moderationQueue(@Args(() => ModerationQueueArgs) args: ModerationQueueArgs, @Ctx() ctx: Context) {
    return ctx.services.moderation.queue(args);
  }

  @Mutation(() => ModeratePostPayload, { description: 'Approve, hide, remove or restore a post; the author is notified with the reason.' })
  moderatePost(@Arg('input', () => ModeratePostInput) input: ModeratePostInput, @Ctx() ctx: Context) {
    return ctx.services.moderation.moderatePost(ctx.viewer!, input);
  }

  @Mutation(() => ThreadModerationPayload, { description: 'Lock or unlock a thread. Members cannot post in a locked thread (FORBIDDEN).' })
  lockThread(@Arg('input', () => LockThreadInput) input: LockThreadInput, @Ctx() ctx: Context) {
    return ctx.services.moderation.lockThread(ctx.viewer!, input);
  }

  @Mutation(() => ThreadModerationPayload, { description: 'Make members wait between posts in a thread; coordinators are exempt.' })
  setSlowMode(@Arg('input', () => SetSlowModeInput) input: SetSlowModeInput, @Ctx() ctx: Context) {
    return ctx.services.moderation.setSlowMode(ctx.viewer!, input);
  }

  @Query(() => ModerationLogEntryConnection, { description: 'Every moderation action, newest first. Append-only.' })
  moderationLog(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.moderation.log(args);
  }

  @Subscription(() => ModerationItem, {
    description: 'Queue items as they are created, escalated or decided.',
    topics: ModerationTopic.QUEUE_UPDATED,
    filter: ({ context }: { context: Context }) => isCoordinator(context.viewer),
  })
  moderationQueueUpdated(@Root() item: ModerationItem): ModerationItem {
    return Object.assign(new ModerationItem(), item, { createdAt: new Date(item.createdAt), resolvedAt: item.resolvedAt ? new Date(item.resolvedAt) : null });
  }
}

@Resolver(() => ModerationItem)
@Coordinators()
export class ModerationItemResolver {
  @FieldResolver(() => Post, { description: 'The post under review.' })
  async post(@Root() item: ModerationItem, @Ctx() ctx: Context): Promise<Post> {
    return (await ctx.loaders.discussions.post.load(item.postId))!;
  }

  @FieldResolver(() => [PostReport], { description: 'Reports that fed this item, oldest first.' })
  reports(@Root() item: ModerationItem, @Ctx() ctx: Context): Promise<PostReport[]> {
    return ctx.loaders.discussions.itemReports.load(item.id);
  }
}

@Resolver(() => PostReport)
@SignedIn()
export class PostReportResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who reported it: coordinators only, never the author.' })
  async reporter(@Root() report: PostReport, @Ctx() ctx: Context): Promise<User | null> {
    return isCoordinator(ctx.viewer) ? ctx.loaders.user.load(report.reporterId) : null;
  }
}

@Resolver(() => ModerationLogEntry)
@Coordinators()
export class ModerationLogEntryResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who acted; null when the system did (reports reaching the threshold).' })
  actor(@Root() entry: ModerationLogEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.actorId ? ctx.loaders.user.load(entry.actorId) : null;
  }
}
