import DataLoader from 'dataloader';
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
}

export function createMentoringLoaders(profiles: MentorProfileService, matches: MentorMatchService): MentoringLoaders {
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
  };
}
