import DataLoader from 'dataloader';
import type { AccessRecord, SobrietyService } from '../sobriety/sobriety.service';
import type { MentorMatch } from './mentor-match.entity';
import type { MentorMatchService } from './mentor-match.service';
import type { MentorProfile } from './mentor-profile.entity';
import type { MentorProfileService } from './mentor-profile.service';
import type { MentorRequest } from './mentor-request.entity';

export interface MentoringLoaders {
  request: DataLoader<string, MentorRequest | null>;
  /** The PROPOSED or ACTIVE match of a request, by request id. */
  liveMatch: DataLoader<string, MentorMatch | null>;
  /** Mentor profiles by user id. */
  profile: DataLoader<string, MentorProfile | null>;
  /** Records reads drawn from a mentor's sobriety in their access log: one INSERT per tick, one row per request. */
  access: DataLoader<AccessRecord, true, string>;
}

export function createMentoringLoaders(
  profiles: MentorProfileService,
  matches: MentorMatchService,
  sobriety: SobrietyService,
): MentoringLoaders {
  return {
    request: new DataLoader(async (ids) => {
      const byId = new Map((await matches.requestsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    liveMatch: new DataLoader(async (ids) => {
      const byRequest = new Map((await matches.liveMatchesOf(ids)).map((m) => [m.requestId, m]));
      return ids.map((id) => byRequest.get(id) ?? null);
    }),
    profile: new DataLoader(async (ids) => {
      const byUser = new Map((await profiles.profilesOf(ids)).map((p) => [p.userId, p]));
      return ids.map((id) => byUser.get(id) ?? null);
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
