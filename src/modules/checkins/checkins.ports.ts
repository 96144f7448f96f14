import { Port } from '../../core/module';
import type { CheckInsService } from './checkins.service';

/** Daily check-ins: for seeds, scripts and tests that need to set the clock. */
export const CHECKINS = new Port<CheckInsService>('checkins');
