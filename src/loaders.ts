import type DataLoader from 'dataloader';
import { createUserLoader } from './modules/accounts/user.loaders';
import { createDiscussionLoaders, type DiscussionLoaders } from './modules/discussions/discussions.loaders';
import type { User } from './modules/accounts/user.entity';
import { createSobrietyLoaders, type SobrietyLoaders } from './modules/sobriety/sobriety.loaders';
import { createMentoringLoaders, type MentoringLoaders } from './modules/mentoring/mentoring.loaders';
import { createMeetingLoaders, type MeetingLoaders } from './modules/meetings/meetings.loaders';
import type { Services } from './services';

/** DataLoaders live for one request (or one WebSocket operation), never longer. */
export interface Loaders {
  user: DataLoader<string, User | null>;
  discussions: DiscussionLoaders;
  meetings: MeetingLoaders;
  sobriety: SobrietyLoaders;
  mentoring: MentoringLoaders;
}

export function createLoaders(services: Services): Loaders {
  return { user: createUserLoader(services.accounts), meetings: createMeetingLoaders(services.meetings), sobriety: createSobrietyLoaders(services.sobriety), discussions: createDiscussionLoaders(services.discussions, services.moderation), mentoring: createMentoringLoaders(services.mentoring) };
}
