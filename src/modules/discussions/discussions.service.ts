import type { CategoriesService } from './categories.service';
import type { DiscussionSettings } from './discussions.config';
import type { PostingService } from './posting.service';
import type { ReadingService } from './reading.service';

/**
 * The discussion boards as other code sees them (scripts, the benchmark, tests): the rules
 * in force, and one service per use case. Resolvers get the use-case services directly.
 */
export class DiscussionsService {
  constructor(
    /** Shared by reference: a change to `settings.rules` applies at once. */
    readonly settings: DiscussionSettings,
    readonly categories: CategoriesService,
    readonly reading: ReadingService,
    readonly posting: PostingService,
  ) {}
}
