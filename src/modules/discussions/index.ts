import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { AUDIT } from '../audit/audit.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { CategoriesService } from './categories.service';
import { Category } from './category.entity';
import { loadDiscussionSettings } from './discussions.config';
import { createDiscussionLoaders } from './discussions.loaders';
import { DISCUSSIONS, MODERATION } from './discussions.ports';
import { DiscussionResolver, PostResolver, ThreadResolver } from './discussions.resolver';
import { seedDiscussions } from './discussions.seed';
import { DiscussionsService } from './discussions.service';
import { ModerationItem } from './moderation-item.entity';
import { ModerationItemResolver, ModerationResolver, PostReportResolver } from './moderation.resolver';
import { ModerationService } from './moderation.service';
import { PostEdit } from './post-edit.entity';
import { PostSupport } from './post-support.entity';
import { Post } from './post.entity';
import { PostingService } from './posting.service';
import { ReadingService } from './reading.service';
import { PostReport } from './report.entity';
import { Thread } from './thread.entity';

/** Discussion boards and their moderation: categories, threads, posts, reports and the queue. */
export const discussionsModule = defineModule({
  name: 'discussions',
  entities: [Category, Thread, Post, PostEdit, PostSupport, PostReport, ModerationItem],
  resolvers: [
    DiscussionResolver,
    ThreadResolver,
    PostResolver,
    ModerationResolver,
    ModerationItemResolver,
    PostReportResolver,
  ],
  dataMap: [
    {
      table: 'threads',
      column: 'author_id',
      exportAs: 'threads',
      onDelete: 'keep',
      why: 'threads stay readable, by "Former member"',
    },
    {
      table: 'posts',
      column: 'author_id',
      exportAs: 'posts',
      onDelete: 'keep',
      why: 'posts stay readable, by "Former member"',
    },
    { table: 'post_supports', column: 'user_id', exportAs: 'supportGiven', onDelete: 'delete' },
    {
      table: 'post_reports',
      column: 'reporter_id',
      exportAs: 'reportsMade',
      onDelete: 'keep',
      why: 'moderation records; the reporter becomes a former member',
    },
  ],
  build({ ds, tx, config }, registry) {
    const settings = loadDiscussionSettings(config.onCall);
    const audit = registry.get(AUDIT);
    const categories = new CategoriesService(ds, tx, audit);
    const reading = new ReadingService(ds, registry.get(ACCOUNTS));
    const posting = new PostingService(ds, tx, settings, reading);
    const moderation = new ModerationService(ds, tx, settings, reading, registry.get(NOTIFICATIONS), audit);
    const discussions = new DiscussionsService(settings, categories, reading, posting);
    const users = registry.get(USER_LOADER);
    const loaders = new LoaderKey('discussions', () => createDiscussionLoaders(reading, categories, moderation));
    return {
      resolvers: [
        new DiscussionResolver(categories, reading, posting, moderation, users),
        new ThreadResolver(reading, users, loaders),
        new PostResolver(users, loaders),
        new ModerationResolver(moderation, loaders),
        new ModerationItemResolver(loaders),
        new PostReportResolver(users),
      ],
      provides: [provide(DISCUSSIONS, discussions), provide(MODERATION, moderation)],
      seed: (ctx) => seedDiscussions({ ds, discussions, moderation }, ctx),
    };
  },
});
