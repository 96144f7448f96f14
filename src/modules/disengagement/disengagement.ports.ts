import { Port } from '../../core/module';
import type { DisengagementService } from './disengagement.service';

/** The drifting-away alert and its sweep: for scripts and tests that run the sweep with a clock of their own. */
export const DISENGAGEMENT = new Port<DisengagementService>('disengagement');
