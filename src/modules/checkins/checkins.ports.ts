import type { ActivitySource } from '../../core/activity';
import { Port } from '../../core/module';
import type { CheckInsService } from './checkins.service';

/** Daily check-ins: for seeds, scripts and tests that need to set the clock. */
export const CHECKINS = new Port<CheckInsService>('checkins');

/** When members last checked in (or updated the day's check-in), for features that ask who has gone quiet. */
export const CHECK_IN_ACTIVITY = new Port<ActivitySource>('checkins.activity');
