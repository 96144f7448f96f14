/** Tunable rules of mentoring, from the environment. */
export interface MentoringSettings {
  /** Days of the current sobriety journey a member needs before approval as a mentor. */
  minSoberDays: number;
  /** How long a mentor has to answer a proposal. */
  proposalTtlHours: number;
}

function whole(raw: string | undefined, def: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** MENTOR_MIN_SOBER_DAYS (default 365), MENTOR_PROPOSAL_TTL_HOURS (default 72). */
export function loadMentoringSettings(env: Record<string, string | undefined> = process.env): MentoringSettings {
  return {
    minSoberDays: whole(env.MENTOR_MIN_SOBER_DAYS, 365, 0, 36500, 'MENTOR_MIN_SOBER_DAYS'),
    proposalTtlHours: whole(env.MENTOR_PROPOSAL_TTL_HOURS, 72, 1, 24 * 30, 'MENTOR_PROPOSAL_TTL_HOURS'),
  };
}
