import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Coordinators, isCoordinator, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import { loadExisting, type DiscussionLoaders } from './discussions.loaders';
import { ThreadModerationPayload } from './discussions.types';
import { ModerationItem } from './moderation-item.entity';
import type { ModerationService } from './moderation.service';
import { itemFromEvent, ModerationTopic, type ModerationItemEvent } from './moderation.topics';
import {
  LockThreadInput,
  ModeratePostInput,
  ModeratePostPayload,
  ModerationItemConnection,
  ModerationQueueArgs,
  ReportPostInput,
  ReportPostPayload,
  SetSlowModeInput,
} from './moderation.types';
import { Post } from './post.entity';
import { PostReport } from './report.entity';

@Resolver()
@Coordinators()
export class ModerationResolver {
  constructor(
    private readonly moderation: ModerationService,
    private readonly loaders: LoaderKey<DiscussionLoaders>,
  ) {}

  @SignedIn()
  @Mutation(() => ReportPostPayload, {
    description:
      'Report a post. One open report per person per post (CONFLICT); several members reporting hides it pending review, but concern for the author (SELF_HARM_CONCERN) never counts toward that: it only alerts coordinators.',
  })
  reportPost(@Arg('input', () => ReportPostInput) input: ReportPostInput, @Ctx() ctx: Context) {
    return this.moderation.reportPost(viewerOf(ctx), input);
  }

  @Query(() => ModerationItemConnection, {
    description: 'Posts waiting for a decision: HIGH first (crisis, then privacy), then oldest.',
  })
  async moderationQueue(@Args(() => ModerationQueueArgs) args: ModerationQueueArgs, @Ctx() ctx: Context) {
    const { connection, posts, reports } = await this.moderation.queue(args);
    // The page read each item's post and reports with it: `post` and `reports` ask nothing more.
    const loaders = ctx.loaders.get(this.loaders);
    for (const [id, post] of posts) loaders.post.prime(id, post);
    for (const [itemId, found] of reports) loaders.itemReports.prime(itemId, found);
    return connection;
  }

  @Mutation(() => ModeratePostPayload, {
    description: 'Approve, hide, remove or restore a post; the author is notified with the reason.',
  })
  moderatePost(@Arg('input', () => ModeratePostInput) input: ModeratePostInput, @Ctx() ctx: Context) {
    return this.moderation.moderatePost(viewerOf(ctx), input);
  }

  @Mutation(() => ThreadModerationPayload, {
    description: 'Lock or unlock a thread. Members cannot post in a locked thread (FORBIDDEN).',
  })
  lockThread(@Arg('input', () => LockThreadInput) input: LockThreadInput, @Ctx() ctx: Context) {
    return this.moderation.lockThread(viewerOf(ctx), input);
  }

  @Mutation(() => ThreadModerationPayload, {
    description: 'Make members wait between posts in a thread; coordinators are exempt.',
  })
  setSlowMode(@Arg('input', () => SetSlowModeInput) input: SetSlowModeInput, @Ctx() ctx: Context) {
    return this.moderation.setSlowMode(viewerOf(ctx), input);
  }

  @Subscription(() => ModerationItem, {
    description: 'Queue items as they are created, escalated or decided.',
    topics: ModerationTopic.QUEUE_UPDATED,
    filter: async ({ payload, context }: { payload: ModerationItemEvent; context: Context }) => {
      // A coordinator demoted or suspended since subscribing receives nothing more.
      await freshenFor(context, payload);
      return isCoordinator(context.viewer);
    },
  })
  moderationQueueUpdated(@Root() event: ModerationItemEvent): ModerationItem {
    return itemFromEvent(event);
  }
}

@Resolver(() => ModerationItem)
@Coordinators()
export class ModerationItemResolver {
  constructor(private readonly loaders: LoaderKey<DiscussionLoaders>) {}

  @FieldResolver(() => Post, { description: 'The post under review.' })
  post(@Root() item: ModerationItem, @Ctx() ctx: Context): Post | Promise<Post> {
    return loadExisting(ctx.loaders.get(this.loaders).post, item.postId, 'Post');
  }

  @FieldResolver(() => [PostReport], { description: 'Reports that fed this item, oldest first.' })
  reports(@Root() item: ModerationItem, @Ctx() ctx: Context): PostReport[] | Promise<PostReport[]> {
    return ctx.loaders.get(this.loaders).itemReports.get(item.id);
  }
}

@Resolver(() => PostReport)
@SignedIn()
export class PostReportResolver {
  constructor(private readonly users: LoaderKey<UserLoader>) {}

  @FieldResolver(() => User, { nullable: true, description: 'Who reported it: coordinators only, never the author.' })
  async reporter(@Root() report: PostReport, @Ctx() ctx: Context): Promise<User | null> {
    return isCoordinator(ctx.viewer) ? ctx.loaders.get(this.users).load(report.reporterId) : null;
  }
}
