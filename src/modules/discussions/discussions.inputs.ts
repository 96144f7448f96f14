import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../core/pagination';

// Lengths are checked in the service after trimming, with the field named in the error.

@InputType({ description: 'Start a thread.' })
export class CreateThreadInput {
  @Field(() => ID, { nullable: true, description: 'Where it goes; left out, the general category.' })
  categoryId?: string | null;

  @Field({ description: 'Plain text, 1 to 200 characters.' })
  title: string;

  @Field({
    description: 'The opening post: plain text, 1 to 10,000 characters. HTML is kept as typed, never rendered.',
  })
  body: string;
}

@InputType({ description: 'Reply in a thread.' })
export class ReplyToThreadInput {
  @Field(() => ID, { description: 'The thread.' })
  threadId: string;

  @Field({ description: 'Plain text, 1 to 10,000 characters.' })
  body: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The post answered; a reply to a reply attaches to its top-level post.',
  })
  parentPostId?: string | null;
}

@InputType({ description: 'Change the text of your own post. The earlier text is kept for coordinators.' })
export class EditPostInput {
  @Field(() => ID, { description: 'Your post.' })
  postId: string;

  @Field({ description: 'The new text, 1 to 10,000 characters.' })
  body: string;
}

@InputType({ description: 'A post to mark with support, or unmark.' })
export class SupportPostInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;
}

@InputType({ description: 'Pin or unpin a thread.' })
export class PinThreadInput {
  @Field(() => ID, { description: 'The thread.' })
  threadId: string;

  @Field({ defaultValue: true, description: 'True to pin, false to unpin.' })
  pinned: boolean = true;

  @Field(() => String, { nullable: true, description: 'Why, for the moderation log.' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: 'A new category.' })
export class CreateCategoryInput {
  @Field({ description: 'Name shown to members, 1 to 60 characters.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'URL-safe name; derived from the name when left out.' })
  slug?: string | null;
}

@InputType({ description: 'Rename a category; its slug stays.' })
export class RenameCategoryInput {
  @Field(() => ID, { description: 'The category.' })
  categoryId: string;

  @Field({ description: 'New name, 1 to 60 characters.' })
  name: string;
}

@ArgsType()
export class ThreadsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only threads in this category.' })
  categoryId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Full-text search over visible posts and titles; results are ranked by relevance.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class ThreadPostsArgs extends ConnectionArgs {}
