import {
  Arg,
  Args,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Coordinators, isCoordinator, SignedIn } from '../../core/auth';
import { freshenFor, viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import type { CategoriesService } from './categories.service';
import { Category } from './category.entity';
import {
  CreateCategoryInput,
  CreateThreadInput,
  EditPostInput,
  PinThreadInput,
  RenameCategoryInput,
  ReplyToThreadInput,
  SupportPostInput,
  ThreadPostsArgs,
  ThreadsArgs,
} from './discussions.inputs';
import { blockKey, loadExisting, type DiscussionLoaders } from './discussions.loaders';
import { canListPost, canReadBody, POST_ADDED_SHARING } from './discussions.policy';
import { DiscussionTopic, postFromEvent, type PostEvent } from './discussions.topics';
import {
  CategoryPayload,
  PostConnection,
  PostPayload,
  SupportPostPayload,
  ThreadConnection,
  ThreadModerationPayload,
  ThreadPayload,
} from './discussions.types';
import type { ModerationService } from './moderation.service';
import { PostEdit } from './post-edit.entity';
import { Post } from './post.entity';
import type { PostingService } from './posting.service';
import type { ReadingService } from './reading.service';
import { Thread } from './thread.entity';

@Resolver()
@SignedIn()
export class DiscussionResolver {
  constructor(
    private readonly categoryService: CategoriesService,
    private readonly reading: ReadingService,
    private readonly posting: PostingService,
    private readonly moderation: ModerationService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  /** The instance serving a request: subscription filters are static and cannot use `this`. */
  static of(ctx: Context): DiscussionResolver {
    const resolver = ctx.resolvers.get(DiscussionResolver);
    if (!(resolver instanceof DiscussionResolver)) throw new Error('DiscussionResolver is not composed');
    return resolver;
  }

  @Query(() => [Category], { description: 'Every discussion category, in display order.' })
  categories(): Promise<Category[]> {
    return this.categoryService.list();
  }

  @Query(() => ThreadConnection, {
    description: 'Threads you may see: pinned first, then latest activity; or ranked by `search`.',
  })
  threads(@Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    return this.reading.listThreads(viewerOf(ctx), args);
  }

  @Query(() => Thread, {
    nullable: true,
    description: 'One thread; null when unknown, not yet approved, or its author and you have a block.',
  })
  thread(@Arg('id', () => ID, { description: 'The thread.' }) id: string, @Ctx() ctx: Context): Promise<Thread | null> {
    return this.reading.findThread(viewerOf(ctx), id);
  }

  @Mutation(() => ThreadPayload, {
    description:
      "Start a thread. A new member's first post, or one sharing contact details or offering substances, waits for review.",
  })
  createThread(@Arg('input', () => CreateThreadInput) input: CreateThreadInput, @Ctx() ctx: Context) {
    return this.posting.createThread(viewerOf(ctx), input);
  }

  @Mutation(() => PostPayload, {
    description:
      'Reply in a thread. Locked threads refuse (FORBIDDEN); slow mode answers RATE_LIMITED with retryAfter.',
  })
  replyToThread(@Arg('input', () => ReplyToThreadInput) input: ReplyToThreadInput, @Ctx() ctx: Context) {
    return this.posting.replyToThread(viewerOf(ctx), input);
  }

  @Mutation(() => PostPayload, { description: 'Edit your own post; the earlier text is kept for coordinators.' })
  editPost(@Arg('input', () => EditPostInput) input: EditPostInput, @Ctx() ctx: Context) {
    return this.posting.editPost(viewerOf(ctx), input);
  }

  @Mutation(() => SupportPostPayload, { description: 'Mark a post with support. Doing it twice counts once.' })
  supportPost(@Arg('input', () => SupportPostInput) input: SupportPostInput, @Ctx() ctx: Context) {
    return this.posting.setSupport(viewerOf(ctx), input.postId, true);
  }

  @Mutation(() => SupportPostPayload, { description: 'Take back your support mark.' })
  unsupportPost(@Arg('input', () => SupportPostInput) input: SupportPostInput, @Ctx() ctx: Context) {
    return this.posting.setSupport(viewerOf(ctx), input.postId, false);
  }

  @Coordinators()
  @Mutation(() => ThreadModerationPayload, { description: 'Pin or unpin a thread (recorded in the moderation log).' })
  pinThread(@Arg('input', () => PinThreadInput) input: PinThreadInput, @Ctx() ctx: Context) {
    return this.moderation.pinThread(viewerOf(ctx), input);
  }

  @Coordinators()
  @Mutation(() => CategoryPayload, { description: 'Add a category (recorded in the moderation log).' })
  createCategory(@Arg('input', () => CreateCategoryInput) input: CreateCategoryInput, @Ctx() ctx: Context) {
    return this.categoryService.create(viewerOf(ctx), input);
  }

  @Coordinators()
  @Mutation(() => CategoryPayload, {
    description: 'Rename a category; its slug stays (recorded in the moderation log, with the old name).',
  })
  renameCategory(@Arg('input', () => RenameCategoryInput) input: RenameCategoryInput, @Ctx() ctx: Context) {
    return this.categoryService.rename(viewerOf(ctx), input);
  }

  @Subscription(() => Post, {
    description:
      'New visible posts in a thread, as you may see them: nothing waiting for review or hidden, nothing across a block.',
    topics: DiscussionTopic.POST_ADDED,
    topicId: ({ args }: { args: { threadId: string } }) => args.threadId,
    filter: async ({ payload, context }: { payload: PostEvent; context: Context }) => {
      // Decide with this event's fresh loaders and the viewer's current role, not the ones from subscribe time.
      await freshenFor(context, payload);
      return DiscussionResolver.of(context).reading.canReceive(viewerOf(context), payload);
    },
  })
  @Extensions(POST_ADDED_SHARING)
  async postAdded(
    @Arg('threadId', () => ID, { description: 'The thread.' }) _threadId: string,
    @Root() event: PostEvent,
    @Ctx() ctx: Context,
  ): Promise<Post> {
    // One load of the author per event, shared by every subscriber (not one per socket).
    const author = await this.reading.authorOfEvent(event);
    if (author) ctx.loaders.get(this.users).clear(author.id).prime(author.id, author);
    return postFromEvent(event);
  }
}

@Resolver(() => Thread)
@SignedIn()
export class ThreadResolver {
  constructor(
    private readonly reading: ReadingService,
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<DiscussionLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'Who started it.' })
  author(@Root() thread: Thread, @Ctx() ctx: Context): User | Promise<User> {
    return loadExisting(ctx.loaders.get(this.users), thread.authorId, 'User');
  }

  @FieldResolver(() => Category, { description: 'Where it is.' })
  category(@Root() thread: Thread, @Ctx() ctx: Context): Category | Promise<Category> {
    return loadExisting(ctx.loaders.get(this.loaders).category, thread.categoryId, 'Category');
  }

  @FieldResolver(() => PostConnection, { description: 'Its posts in order, opening post first, as you may see them.' })
  async posts(@Root() thread: Thread, @Args(() => ThreadPostsArgs) args: ThreadPostsArgs, @Ctx() ctx: Context) {
    const viewer = viewerOf(ctx);
    const { page, authors } = await this.reading.listPosts(viewer, thread.id, args);
    const users = ctx.loaders.get(this.users);
    for (const author of authors) users.prime(author.id, author);
    // Replies usually point at posts of the same page: prime them so parentPost costs nothing.
    // The page's SQL already left out every author with a block, so those need no lookup either.
    const loaders = ctx.loaders.get(this.loaders);
    for (const { node } of page.edges) {
      loaders.post.prime(node.id, node);
      loaders.blocks.prime(blockKey(viewer.id, node.authorId), []);
    }
    return page;
  }
}

@Resolver(() => Post)
@SignedIn()
export class PostResolver {
  constructor(
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<DiscussionLoaders>,
  ) {}

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Plain text as typed; render as text, never as HTML. Null for a post not VISIBLE unless you wrote it or coordinate.',
  })
  body(@Root() post: Post, @Ctx() ctx: Context): string | null {
    return canReadBody(ctx.viewer, post) ? post.body : null;
  }

  @FieldResolver(() => User, { description: 'Who wrote it.' })
  author(@Root() post: Post, @Ctx() ctx: Context): User | Promise<User> {
    return loadExisting(ctx.loaders.get(this.users), post.authorId, 'User');
  }

  @FieldResolver(() => Thread, { description: 'The thread it is in.' })
  thread(@Root() post: Post, @Ctx() ctx: Context): Thread | Promise<Thread> {
    return loadExisting(ctx.loaders.get(this.loaders).thread, post.threadId, 'Thread');
  }

  @FieldResolver(() => Post, {
    nullable: true,
    description: 'The top-level post this replies to; null for top-level posts.',
  })
  async parentPost(@Root() post: Post, @Ctx() ctx: Context): Promise<Post | null> {
    if (!post.parentPostId) return null;
    const loaders = ctx.loaders.get(this.loaders);
    const parent = await loaders.post.load(post.parentPostId);
    if (!parent) return null;
    // A loaded post is not proof the viewer may see it: one waiting for review, or across a block, stays out.
    const viewer = viewerOf(ctx);
    return canListPost(viewer, parent, await loaders.blocks.load(blockKey(viewer.id, parent.authorId))) ? parent : null;
  }

  @FieldResolver(() => [PostEdit], {
    nullable: true,
    description: 'Earlier versions, oldest first. Coordinators only; null for others.',
  })
  async editHistory(@Root() post: Post, @Ctx() ctx: Context): Promise<PostEdit[] | null> {
    return isCoordinator(ctx.viewer) ? ctx.loaders.get(this.loaders).postEdits.load(post.id) : null;
  }
}
