import DataLoader from 'dataloader';
import type { MentorMatch } from './mentor-match.entity';
import type { MentorProfile } from './mentor-profile.entity';
import type { MentorRequest } from './mentor-request.entity';
import type { MentoringService } from './mentoring.service';

export interface MentoringLoaders {
  request: DataLoader<string, MentorRequest | null>;
  /** The PROPOSED or ACTIVE match of a request, by request id. */
  liveMatch: DataLoader<string, MentorMatch | null>;
  /** Mentor profiles by user id. */
  profile: DataLoader<string, MentorProfile | null>;
}

export function createMentoringLoaders(mentoring: MentoringService): MentoringLoaders {
  return {
    request: new DataLoader(async (ids) => {
      const byId = new Map((await mentoring.requestsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    liveMatch: new DataLoader(async (ids) => {
      const byRequest = new Map((await mentoring.liveMatchesOf(ids)).map((m) => [m.requestId, m]));
      return ids.map((id) => byRequest.get(id) ?? null);
    }),
    profile: new DataLoader(async (ids) => {
      const byUser = new Map((await mentoring.profilesOf(ids)).map((p) => [p.userId, p]));
      return ids.map((id) => byUser.get(id) ?? null);
    }),
  };
}
