/** A consent given without an end date ends after a year: every consent has one (42 CFR §2.31(a)(6)). */
export const DEFAULT_CONSENT_DAYS = 365;
/** The furthest end date a consent may have: consents are renewed, never open-ended. */
export const MAX_CONSENT_DAYS = 3 * 365;
export const MAX_PURPOSE_LENGTH = 500;
/** Consents in effect at once, per member. */
export const MAX_ACTIVE_CONSENTS = 25;
