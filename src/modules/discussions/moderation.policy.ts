import { sql, type Sql } from '../../core/sql';
import { ModerationAction, ModerationCause, ReportReason } from './moderation.enums';
import { PostStatus } from './post-status.enum';

const TARGET: Record<ModerationAction, PostStatus> = {
  [ModerationAction.APPROVE]: PostStatus.VISIBLE,
  [ModerationAction.HIDE]: PostStatus.HIDDEN,
  [ModerationAction.REMOVE]: PostStatus.REMOVED,
  [ModerationAction.RESTORE]: PostStatus.VISIBLE,
};

/** The status an action leads to, or null when it makes no sense from `from`. */
export function nextStatus(from: PostStatus, action: ModerationAction): PostStatus | null {
  if (action === ModerationAction.APPROVE && from === PostStatus.REMOVED) return null; // use RESTORE
  if (action === ModerationAction.RESTORE && from !== PostStatus.HIDDEN && from !== PostStatus.REMOVED) return null;
  return TARGET[action];
}

/** Plain words for the author's notification; no health data beyond what the coordinator wrote. */
export function moderatedMessage(action: ModerationAction, reason: string): string {
  const verb = { APPROVE: 'approved', HIDE: 'hid', REMOVE: 'removed', RESTORE: 'restored' }[action];
  return `A coordinator ${verb} your post. Reason: ${reason}`;
}

// ---- reports

/**
 * Reasons that ask for care, not judgement: concern for an author who may be in crisis.
 * Crisis never hides a post: such a report raises a HIGH item for coordinators, counts for
 * nothing toward hiding, and the author is told nothing.
 */
export const CARE_REASONS: readonly ReportReason[] = [ReportReason.SELF_HARM_CONCERN];

export function isCareReport(reason: ReportReason): boolean {
  return CARE_REASONS.includes(reason);
}

/** Whether an open report counts toward the threshold that hides a post pending review. */
export function countsTowardHiding(report: { reason: ReportReason }): boolean {
  return !isCareReport(report.reason);
}

/** SQL for `countsTowardHiding` on the `post_reports` row aliased `report`. */
export function countsTowardHidingSql(report: string): Sql {
  return sql`NOT (${sql.ident(report)}.reason = ANY(${CARE_REASONS}::report_reason[]))`;
}

/** Reports that also say why the post needs a coordinator soon. */
const REPORT_CAUSE: Partial<Record<ReportReason, ModerationCause>> = {
  [ReportReason.PRIVACY_BREACH]: ModerationCause.PRIVACY_BREACH,
  [ReportReason.SUBSTANCE_PROMOTION]: ModerationCause.SUBSTANCE_PROMOTION,
};

/** What a report puts in the queue: a care report is a HIGH concern for the author, not a report against the post. */
export function reportCauses(reason: ReportReason): ModerationCause[] {
  if (isCareReport(reason)) return [ModerationCause.SELF_HARM_REPORT];
  const extra = REPORT_CAUSE[reason];
  return [ModerationCause.REPORTED, ...(extra ? [extra] : [])];
}
