import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Coordinators, isCoordinator, SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { User } from '../accounts/user.entity';
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
import { canReadBody } from './discussions.policy';
import { postFromEvent, type PostEvent } from './discussions.service';
import { DiscussionTopic } from './discussions.topics';
import {
  CategoryPayload,
  PostConnection,
  PostPayload,
  SupportPostPayload,
  ThreadConnection,
  ThreadModerationPayload,
  ThreadPayload,
} from './discussions.types';
import { PostEdit } from './post-edit.entity';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

@Resolver()
@SignedIn()
export class DiscussionResolver {
  @Query(() => [Category], { description: 'Every discussion category, in display order.' })
  categories(@Ctx() ctx: Context): Promise<Category[]> {
    return ctx.services.discussions.listCategories();
  }

  @Query(() => ThreadConnection, { description: 'Threads you may see: pinned first, then latest activity; or ranked by `search`.' })
  threads(@Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    return ctx.services.discussions.listThreads(ctx.viewer!, args);
  }

  @Query(() => Thread, { nullable: true, description: 'One thread; null when unknown, not yet approved, or its author and you have a block.' })
  thread(@Arg('id', () => ID, { description: 'The thread.' }) id: string, @Ctx() ctx: Context): Promise<Thread | null> {
    return ctx.services.discussions.findThread(ctx.viewer!, id);
  }

  @Mutation(() => ThreadPayload, {
    description: "Start a thread. A new member's first post, or one sharing contact details or offering substances, waits for review.",
  })
  createThread(@Arg('input', () => CreateThreadInput) input: CreateThreadInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.createThread(ctx.viewer!, input);
  }

  @Mutation(() => PostPayload, { description: 'Reply in a thread. Locked threads refuse (FORBIDDEN); slow mode answers RATE_LIMITED with retryAfter.' })
  replyToThread(@Arg('input', () => ReplyToThreadInput) input: ReplyToThreadInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.replyToThread(ctx.viewer!, input);
  }

  @Mutation(() => PostPayload, { description: 'Edit your own post; the earlier text is kept for coordinators.' })
  editPost(@Arg('input', () => EditPostInput) input: EditPostInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.editPost(ctx.viewer!, input);
  }

  @Mutation(() => SupportPostPayload, { description: 'Mark a post with support. Doing it twice counts once.' })
  supportPost(@Arg('input', () => SupportPostInput) input: SupportPostInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.setSupport(ctx.viewer!, input.postId, true);
  }

  @Mutation(() => SupportPostPayload, { description: 'Take back your support mark.' })
  unsupportPost(@Arg('input', () => SupportPostInput) input: SupportPostInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.setSupport(ctx.viewer!, input.postId, false);
  }

  @Coordinators()
  @Mutation(() => ThreadModerationPayload, { description: 'Pin or unpin a thread (recorded in the moderation log).' })
  pinThread(@Arg('input', () => PinThreadInput) input: PinThreadInput, @Ctx() ctx: Context) {
    return ctx.services.moderation.pinThread(ctx.viewer!, input);
  }

  @Coordinators()
  @Mutation(() => CategoryPayload, { description: 'Add a category.' })
  createCategory(@Arg('input', () => CreateCategoryInput) input: CreateCategoryInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.createCategory(input);
  }

  @Coordinators()
  @Mutation(() => CategoryPayload, { description: 'Rename a category; its slug stays.' })
  renameCategory(@Arg('input', () => RenameCategoryInput) input: RenameCategoryInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.renameCategory(input);
  }

  @Subscription(() => Post, {
    description: 'New visible posts in a thread, as you may see them: nothing waiting for review or hidden, nothing across a block.',
    topics: DiscussionTopic.POST_ADDED,
    topicId: ({ args }: { args: { threadId: string } }) => args.threadId,
    filter: ({ payload, context }: { payload: PostEvent; context: Context }) =>
      context.services.discussions.canReceive(context.viewer!, payload),
  })
  async postAdded(@Arg('threadId', () => ID, { description: 'The thread.' }) _threadId: string, @Root() event: PostEvent, @Ctx() ctx: Context): Promise<Post> {
    // One load of the author per event, shared by every subscriber (not one per socket).
    const author = await ctx.services.discussions.authorOfEvent(event);
    if (author) ctx.loaders.user.clear(author.id).prime(author.id, author);
    return postFromEvent(event);
  }
}

@Resolver(() => Thread)
@SignedIn()
export class ThreadResolver {
  @FieldResolver(() => User, { description: 'Who started it.' })
  async author(@Root() thread: Thread, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(thread.authorId))!;
  }

  @FieldResolver(() => Category, { description: 'Where it is.' })
  async category(@Root() thread: Thread, @Ctx() ctx: Context): Promise<Category> {
    return (await ctx.loaders.discussions.category.load(thread.categoryId))!;
  }

  @FieldResolver(() => PostConnection, { description: 'Its posts in order, opening post first, as you may see them.' })
  async posts(@Root() thread: Thread, @Args(() => ThreadPostsArgs) args: ThreadPostsArgs, @Ctx() ctx: Context) {
    const page = await ctx.services.discussions.listPosts(ctx.viewer!, thread.id, args);
    // Replies usually point at posts of the same page: prime them so parentPost costs nothing.
    for (const e of page.edges) ctx.loaders.discussions.post.prime(e.node.id, e.node);
    return page;
  }
}

@Resolver(() => Post)
@SignedIn()
export class PostResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Plain text as typed; render as text, never as HTML. Null for a post not VISIBLE unless you wrote it or coordinate.',
  })
  body(@Root() post: Post, @Ctx() ctx: Context): string | null {
    return canReadBody(ctx.viewer, post) ? post.body : null;
  }

  @FieldResolver(() => User, { description: 'Who wrote it.' })
  async author(@Root() post: Post, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(post.authorId))!;
  }

  @FieldResolver(() => Thread, { description: 'The thread it is in.' })
  async thread(@Root() post: Post, @Ctx() ctx: Context): Promise<Thread> {
    return (await ctx.loaders.discussions.thread.load(post.threadId))!;
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The top-level post this replies to; null for top-level posts.' })
  parentPost(@Root() post: Post, @Ctx() ctx: Context): Promise<Post | null> | null {
    return post.parentPostId ? ctx.loaders.discussions.post.load(post.parentPostId) : null;
  }

  @FieldResolver(() => [PostEdit], { nullable: true, description: 'Earlier versions, oldest first. Coordinators only; null for others.' })
  async editHistory(@Root() post: Post, @Ctx() ctx: Context): Promise<PostEdit[] | null> {
    return isCoordinator(ctx.viewer) ? ctx.loaders.discussions.postEdits.load(post.id) : null;
  }
}
