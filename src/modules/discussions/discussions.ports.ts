import { Port } from '../../core/module';
import type { DiscussionsService } from './discussions.service';
import type { ModerationService } from './moderation.service';

/** The discussion boards: settings, categories, reading and posting. */
export const DISCUSSIONS = new Port<DiscussionsService>('discussions');

/** Reports, the moderation queue and coordinators' decisions. */
export const MODERATION = new Port<ModerationService>('discussions.moderation');
