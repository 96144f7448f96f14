import type { AuthUser } from './auth';
import type { Loaders } from '../loaders';
import type { Services } from '../services';

/** What every resolver receives; built per HTTP request or per WebSocket operation. */
export interface Context {
  requestId: string;
  viewer: AuthUser | null;
  sessionId: string | null;
  ip: string;
  services: Services;
  loaders: Loaders;
}
