import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { rows, sql } from '../../core/sql';
import { Meeting } from './meeting.entity';
import type { ReminderKind } from './meetings.enums';

/**
 * The meeting, its row locked for the rest of the transaction (`FOR UPDATE`): every change
 * to seats, edits and cancellation of one meeting pass through this lock, one at a time.
 */
export async function lockMeeting(em: EntityManager, id: string): Promise<Meeting> {
  const m = isUuid(id)
    ? await em
        .getRepository(Meeting)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id })
        .getOne()
    : null;
  if (!m) throw new NotFoundError('Meeting');
  return m;
}

interface DueReminderRow {
  meeting_id: string;
  user_id: string;
}

/**
 * Records the reminders of `kind` due for meetings starting in (`from`, `to`] and returns
 * those that are new. The table's key makes each go out once per member, meeting and kind,
 * however many runs overlap.
 */
export function recordDueReminders(
  em: EntityManager,
  kind: ReminderKind,
  from: Date,
  to: Date,
): Promise<DueReminderRow[]> {
  return rows<DueReminderRow>(
    em,
    sql`INSERT INTO meeting_reminders (meeting_id, user_id, kind)
        SELECT r.meeting_id, r.user_id, ${kind}::meeting_reminder_kind FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id
         WHERE r.status = 'GOING' AND m.status = 'SCHEDULED' AND m.starts_at > ${from} AND m.starts_at <= ${to}
        ON CONFLICT DO NOTHING RETURNING meeting_id, user_id`,
  );
}
