import DataLoader from 'dataloader';
import type { ModerationService } from '../moderation/moderation.service';
import type { PostReport } from '../moderation/report.entity';
import type { Category } from './category.entity';
import type { DiscussionsService } from './discussions.service';
import type { PostEdit } from './post-edit.entity';
import type { Post } from './post.entity';
import type { Thread } from './thread.entity';

export interface DiscussionLoaders {
  post: DataLoader<string, Post | null>;
  thread: DataLoader<string, Thread | null>;
  category: DataLoader<string, Category | null>;
  postEdits: DataLoader<string, PostEdit[]>;
  itemReports: DataLoader<string, PostReport[]>;
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await load(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function grouped<T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(async (ids) => {
    const rows = await load(ids);
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
    return ids.map((id) => map.get(id) ?? []);
  });
}

/** Raw lookups by id: callers apply visibility (a loaded post is not proof the viewer may see it). */
export function createDiscussionLoaders(discussions: DiscussionsService, moderation: ModerationService): DiscussionLoaders {
  return {
    post: byId((ids) => discussions.postsByIds(ids)),
    thread: byId((ids) => discussions.threadsByIds(ids)),
    category: byId((ids) => discussions.categoriesByIds(ids)),
    postEdits: grouped((ids) => discussions.editsByPostIds(ids), (e) => e.postId),
    itemReports: grouped((ids) => moderation.reportsByItemIds(ids), (r) => r.itemId!),
  };
}
