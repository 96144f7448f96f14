import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { Category } from './category.entity';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

export const ThreadConnection = Connection(Thread);
export const PostConnection = Connection(Post);

@ObjectType({ description: 'Someone to reach right now: a crisis line or the on-call coordinator.' })
export class SupportResourceView {
  @Field({ description: 'Who they are.' })
  name: string;

  @Field({ description: 'How to reach them.' })
  contact: string;

  @Field({ description: 'What they offer.' })
  description: string;
}

@ObjectType({ description: 'Result of createThread.' })
export class ThreadPayload {
  @Field(() => Thread, { description: 'The new thread.' })
  thread: Thread;

  @Field(() => Post, { description: 'Its opening post.' })
  post: Post;

  @Field(() => [SupportResourceView], {
    description: 'Non-empty when the text shows crisis language: people to reach now. The post stays visible.',
  })
  supportResources: SupportResourceView[];
}

@ObjectType({ description: 'Result of replyToThread and editPost.' })
export class PostPayload {
  @Field(() => Post, { description: 'The post.' })
  post: Post;

  @Field(() => [SupportResourceView], {
    description: 'Non-empty when the text shows crisis language: people to reach now. The post stays visible.',
  })
  supportResources: SupportResourceView[];
}

@ObjectType({ description: 'Result of supportPost and unsupportPost.' })
export class SupportPostPayload {
  @Field(() => Post, { description: 'The post, with its new support count.' })
  post: Post;

  @Field({ description: 'True while you support it.' })
  supported: boolean;
}

@ObjectType({ description: 'Result of pinThread, lockThread and setSlowMode.' })
export class ThreadModerationPayload {
  @Field(() => Thread, { description: 'The thread as it now stands.' })
  thread: Thread;
}

@ObjectType({ description: 'Result of createCategory and renameCategory.' })
export class CategoryPayload {
  @Field(() => Category, { description: 'The category.' })
  category: Category;
}
