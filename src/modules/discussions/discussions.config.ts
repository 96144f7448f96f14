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

/** The board's rules with the on-call coordinator from configuration (ONCALL_COORDINATOR_*). */
export function loadDiscussionSettings(onCall: {
  name: string;
  phone: string;
  email: string | undefined;
}): DiscussionSettings {
  const { name, phone, email } = onCall;
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
