import { NotFoundError } from '../../core/errors';
import { PrimedLoader } from '../../core/loaders';
import type { CategoriesService } from './categories.service';
import type { Category } from './category.entity';
import type { Block } from './discussions.policy';
import type { ModerationService } from './moderation.service';
import type { PostEdit } from './post-edit.entity';
import type { Post } from './post.entity';
import type { ReadingService } from './reading.service';
import type { PostReport } from './report.entity';
import type { Thread } from './thread.entity';

export interface DiscussionLoaders {
  post: PrimedLoader<string, Post | null>;
  thread: PrimedLoader<string, Thread | null>;
  category: PrimedLoader<string, Category | null>;
  postEdits: PrimedLoader<string, PostEdit[]>;
  itemReports: PrimedLoader<string, PostReport[]>;
  /** Blocks either way between a viewer and an author (at least), keyed by `blockKey`. */
  blocks: PrimedLoader<string, Block[]>;
}

export const blockKey = (viewerId: string, authorId: string): string => `${viewerId}:${authorId}`;

function byId<T extends { id: string }>(
  load: (ids: readonly string[]) => Promise<T[]>,
): PrimedLoader<string, T | null> {
  return new PrimedLoader(async (ids) => {
    const rows = await load(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function grouped<T>(
  load: (ids: readonly string[]) => Promise<T[]>,
  key: (row: T) => string | null,
): PrimedLoader<string, T[]> {
  return new PrimedLoader(async (ids) => {
    const rows = await load(ids);
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null) map.set(k, [...(map.get(k) ?? []), r]);
    }
    return ids.map((id) => map.get(id) ?? []);
  });
}

/** One statement per viewer in the batch (in practice one: a request has one viewer). */
function blocksLoader(reading: ReadingService): PrimedLoader<string, Block[]> {
  return new PrimedLoader(async (keys) => {
    const pairs = keys.map((k) => k.split(':') as [string, string]);
    const byViewer = new Map<string, string[]>();
    for (const [viewer, author] of pairs) byViewer.set(viewer, [...(byViewer.get(viewer) ?? []), author]);
    const found = new Map<string, Block[]>();
    for (const [viewer, authors] of byViewer) found.set(viewer, await reading.blocksBetween(viewer, authors));
    // Each answer may hold the viewer's blocks with others in the batch too: the policy looks for the pair.
    return pairs.map(([viewer]) => found.get(viewer) ?? []);
  });
}

/** Raw lookups by id: callers apply visibility (a loaded post is not proof the viewer may see it). */
export function createDiscussionLoaders(
  reading: ReadingService,
  categories: CategoriesService,
  moderation: ModerationService,
): DiscussionLoaders {
  return {
    post: byId((ids) => reading.postsByIds(ids)),
    thread: byId((ids) => reading.threadsByIds(ids)),
    category: byId((ids) => categories.byIds(ids)),
    postEdits: grouped(
      (ids) => reading.editsByPostIds(ids),
      (e) => e.postId,
    ),
    itemReports: grouped(
      (ids) => moderation.reportsByItemIds(ids),
      (r) => r.itemId,
    ),
    blocks: blocksLoader(reading),
  };
}

/**
 * A row a foreign key guarantees; gone only if deleted mid-request, which reads as NOT_FOUND.
 * Synchronous when the page primed it, else one batched load.
 */
export function loadExisting<T>(loader: PrimedLoader<string, T | null>, id: string, what: string): T | Promise<T> {
  const found = loader.get(id);
  return found instanceof Promise ? found.then((row) => existing(row, what)) : existing(found, what);
}

function existing<T>(row: T | null, what: string): T {
  if (!row) throw new NotFoundError(what);
  return row;
}
