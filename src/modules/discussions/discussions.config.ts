import type { SupportResource } from './screening';

/** Tunable rules of the discussion boards. */
export const DISCUSSION_RULES = {
  /** A member's first N posts wait for a coordinator (PENDING_REVIEW). */
  newMemberHeldPosts: 1,
  /** Distinct members whose open reports hide a post pending review. */
  reportsToHide: 3,
  maxBodyLength: 10_000,
  maxTitleLength: 200,
  maxSlowModeSeconds: 86_400,
  maxReasonLength: 500,
  maxReportNoteLength: 1_000,
  generalCategorySlug: 'general',
};

export interface DiscussionSettings {
  rules: typeof DISCUSSION_RULES;
  /** The program's on-call coordinator, named to members who show crisis language. */
  onCall: SupportResource & { phone: string; email?: string };
}

/** Reads the on-call coordinator from the environment (ONCALL_COORDINATOR_NAME/PHONE/EMAIL). */
export function loadDiscussionSettings(env: Record<string, string | undefined> = process.env): DiscussionSettings {
  const name = env.ONCALL_COORDINATOR_NAME?.trim() || 'On-call program coordinator';
  const phone = env.ONCALL_COORDINATOR_PHONE?.trim() || '1-555-010-0100';
  const email = env.ONCALL_COORDINATOR_EMAIL?.trim() || undefined;
  return {
    rules: { ...DISCUSSION_RULES },
    onCall: {
      name,
      phone,
      email,
      contact: email ? `${phone} or ${email}` : phone,
      description: 'Someone from your program, available around the clock to talk.',
    },
  };
}
