import { Port } from '../../core/module';
import type { MentoringService } from './mentoring.service';

/** Peer mentoring: profiles, approval, requests, proposals, matches and rounds. */
export const MENTORING = new Port<MentoringService>('mentoring');
