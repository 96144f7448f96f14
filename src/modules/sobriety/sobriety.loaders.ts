import DataLoader from 'dataloader';
import type { Milestone } from './milestone.entity';
import type { SobrietyJourney } from './sobriety-journey.entity';
import type { AccessRecord, SobrietyService } from './sobriety.service';

export interface SobrietyLoaders {
  /** The current journey of a member, by user id. */
  currentJourney: DataLoader<string, SobrietyJourney | null>;
  /** Milestones of a journey, oldest first, by journey id. */
  milestones: DataLoader<string, Milestone[]>;
  /** Records reads of sobriety data: one INSERT per tick, one row per member, field and viewer per request. */
  access: DataLoader<AccessRecord, true, string>;
}

export function createSobrietyLoaders(sobriety: SobrietyService): SobrietyLoaders {
  return {
    currentJourney: new DataLoader(async (ids) => {
      const byUser = new Map((await sobriety.currentJourneys(ids)).map((j) => [j.userId, j]));
      return ids.map((id) => byUser.get(id) ?? null);
    }),
    milestones: new DataLoader(async (ids) => {
      const rows = await sobriety.milestonesOfJourneys(ids);
      return ids.map((id) => rows.filter((m) => m.journeyId === id));
    }),
    access: new DataLoader(
      async (records) => {
        await sobriety.recordAccess(records);
        return records.map(() => true as const);
      },
      { cacheKeyFn: (r) => `${r.viewerId}|${r.memberId}|${r.field}` },
    ),
  };
}
