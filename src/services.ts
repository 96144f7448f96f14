import type { Registry } from './core/module';
import { ACCOUNTS } from './modules/accounts/accounts.ports';
import { DISCUSSIONS, MODERATION } from './modules/discussions/discussions.ports';
import { MEETINGS } from './modules/meetings/meetings.ports';
import { MENTORING } from './modules/mentoring/mentoring.ports';
import { NOTIFICATIONS } from './modules/notifications/notifications.ports';
import { PRIVACY } from './modules/privacy/privacy.ports';
import { SOBRIETY } from './modules/sobriety/sobriety.ports';

/**
 * The main service of each module, for scripts, the benchmark and tests that drive a job by
 * hand. The API itself never goes through this: resolvers get their services at composition.
 */
export function servicesOf(registry: Registry) {
  return {
    accounts: registry.get(ACCOUNTS),
    notifications: registry.get(NOTIFICATIONS),
    sobriety: registry.get(SOBRIETY),
    mentoring: registry.get(MENTORING),
    meetings: registry.get(MEETINGS),
    discussions: registry.get(DISCUSSIONS),
    moderation: registry.get(MODERATION),
    privacy: registry.get(PRIVACY),
  };
}

export type Services = ReturnType<typeof servicesOf>;
