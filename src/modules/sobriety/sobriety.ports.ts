import { Port } from '../../core/module';
import type { AllyLookup, MentorLookup, SobrietyService } from './sobriety.service';

export type { AllyLookup, MentorLookup };

/** Sobriety dates, milestones and celebrations. */
export const SOBRIETY = new Port<SobrietyService>('sobriety');

/**
 * Who mentors whom, for the MENTOR visibility tier. Sobriety comes before mentoring in the
 * module list, so mentoring offers this in its `early` ports.
 */
export const MENTOR_LOOKUP = new Port<MentorLookup>('sobriety.mentorLookup');

/**
 * Whose milestones an ally is shared, for the milestoneReached subscription. Allies come
 * after sobriety in the module list, so the allies module offers this in its `early` ports.
 */
export const ALLY_LOOKUP = new Port<AllyLookup>('sobriety.allyLookup');
