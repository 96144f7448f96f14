import DataLoader from 'dataloader';
import type { ReachOut } from './reach-out.entity';
import type { ReachOutsService } from './reachouts.service';

export interface ReachOutLoaders {
  /** Reach-outs by id, read fresh for each request or subscription event. */
  reachOut: DataLoader<string, ReachOut | null>;
}

export function createReachOutLoaders(service: ReachOutsService): ReachOutLoaders {
  return {
    reachOut: new DataLoader(async (ids) => {
      const byId = new Map((await service.reachOutsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
