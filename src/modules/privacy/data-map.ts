/**
 * Where a member's data lives: every column that points at a user, and what export and
 * account deletion do with it. A test compares this map with the database's foreign keys,
 * so a new table cannot hold personal data that export or deletion forgets.
 */
export interface DataLocation {
  table: string;
  /** The column naming the member. */
  column: string;
  /** Included in exportMyData under this key; omitted columns are secrets or other people's data. */
  exportAs?: string;
  omit?: string[];
  onDelete: 'delete' | 'keep';
  /** Why it is kept, or left out of the export. */
  why?: string;
}

export const DATA_MAP: DataLocation[] = [
  { table: 'sessions', column: 'user_id', exportAs: 'sessions', omit: ['token_hash'], onDelete: 'delete' },
  { table: 'invitations', column: 'invited_by_id', exportAs: 'invitationsSent', omit: ['code_hash'], onDelete: 'keep', why: "the invitee's record; the inviter's name goes with the account" },
  { table: 'invitations', column: 'used_by_id', omit: ['code_hash'], onDelete: 'delete', why: 'the invitation that let the member in' },
  { table: 'user_blocks', column: 'blocker_id', exportAs: 'blocks', onDelete: 'delete' },
  { table: 'user_blocks', column: 'blocked_id', onDelete: 'delete', why: "others' decisions to block the member are theirs, not the member's data" },
  { table: 'notifications', column: 'user_id', exportAs: 'notifications', onDelete: 'delete' },
  { table: 'sobriety_journeys', column: 'user_id', exportAs: 'sobrietyJourneys', onDelete: 'delete' },
  { table: 'sobriety_milestones', column: 'user_id', exportAs: 'milestones', onDelete: 'delete' },
  { table: 'sobriety_settings', column: 'user_id', exportAs: 'sobrietySettings', onDelete: 'delete' },
  { table: 'sobriety_access_log', column: 'member_id', exportAs: 'sobrietyAccessLog', onDelete: 'delete' },
  { table: 'sobriety_access_log', column: 'viewer_id', onDelete: 'keep', why: "the record of reading someone else's data belongs to that member's accounting of disclosures" },
  { table: 'milestone_congratulations', column: 'from_user_id', exportAs: 'congratulationsSent', onDelete: 'delete' },
  { table: 'meeting_rsvps', column: 'user_id', exportAs: 'rsvps', onDelete: 'delete' },
  { table: 'meeting_attendance', column: 'user_id', exportAs: 'attendance', onDelete: 'delete' },
  { table: 'meeting_attendance', column: 'checked_in_by_id', onDelete: 'keep', why: "another member's attendance record" },
  { table: 'meeting_reminders', column: 'user_id', onDelete: 'delete', why: 'bookkeeping of reminders sent' },
  { table: 'meeting_calendar_feeds', column: 'user_id', exportAs: 'calendarFeeds', omit: ['token_hash', 'secret_hash'], onDelete: 'delete' },
  { table: 'meetings', column: 'host_id', exportAs: 'meetingsHosted', onDelete: 'keep', why: 'meetings stay for their attendees; the host shows as a former member' },
  { table: 'meeting_series', column: 'host_id', exportAs: 'meetingSeriesHosted', onDelete: 'keep', why: 'as meetings' },
  { table: 'threads', column: 'author_id', exportAs: 'threads', onDelete: 'keep', why: 'threads stay readable, by "Former member"' },
  { table: 'posts', column: 'author_id', exportAs: 'posts', onDelete: 'keep', why: 'posts stay readable, by "Former member"' },
  { table: 'post_supports', column: 'user_id', exportAs: 'supportGiven', onDelete: 'delete' },
  { table: 'post_reports', column: 'reporter_id', exportAs: 'reportsMade', onDelete: 'keep', why: 'moderation records; the reporter becomes a former member' },
  { table: 'mentor_profiles', column: 'user_id', exportAs: 'mentorProfile', onDelete: 'delete' },
  { table: 'mentor_requests', column: 'mentee_id', exportAs: 'mentorRequests', onDelete: 'delete' },
  { table: 'mentor_matches', column: 'mentee_id', exportAs: 'mentorMatchesAsMentee', omit: ['decline_reason', 'end_reason', 'needs_review'], onDelete: 'delete', why: "the mentor's reasons and review flag are the mentor's data" },
  { table: 'mentor_matches', column: 'mentor_id', exportAs: 'mentorMatchesAsMentor', onDelete: 'keep', why: "the mentee's record of their match; the mentor shows as a former member" },
];
