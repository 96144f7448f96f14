import { DomainEvent } from '../../core/events';

/**
 * A member replaced their current sobriety date with a new one; raised inside the reset's
 * transaction, after the old journey ended. Mentoring lapses a mentor's approval here.
 */
export const SobrietyReset = new DomainEvent<{ userId: string; now: Date }>('sobriety.reset');
