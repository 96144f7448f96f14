import type DataLoader from 'dataloader';
import { createUserLoader } from './modules/accounts/user.loaders';
import type { User } from './modules/accounts/user.entity';
import type { Services } from './services';

/** DataLoaders live for one request (or one WebSocket operation), never longer. */
export interface Loaders {
  user: DataLoader<string, User | null>;
}

export function createLoaders(services: Services): Loaders {
  return { user: createUserLoader(services.accounts) };
}
