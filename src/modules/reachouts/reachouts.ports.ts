import { Port } from '../../core/module';
import type { ReachOutsService } from './reachouts.service';

/** Reaching out and support circles, for scripts and tests that drive the escalation by hand. */
export const REACH_OUTS = new Port<ReachOutsService>('reachouts');
