import { Port } from '../../core/module';
import type { MentorLookup, SobrietyService } from './sobriety.service';

export type { MentorLookup };

/** Sobriety dates, milestones and celebrations. */
export const SOBRIETY = new Port<SobrietyService>('sobriety');

/**
 * Who mentors whom, for the MENTOR visibility tier. Sobriety comes before mentoring in the
 * module list, so mentoring offers this in its `early` ports.
 */
export const MENTOR_LOOKUP = new Port<MentorLookup>('sobriety.mentorLookup');
