import type { Transactor } from '../../core/outbox';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationsService } from '../notifications/notification.service';
import { REMINDER_DAY_MS, REMINDER_HOUR_MS } from './meeting-types.constants';
import { ReminderKind } from './meetings.enums';
import { recordDueReminders } from './meetings.queries';

/** The day-before and hour-before reminders of meetings a member is going to. */
export class MeetingReminderService {
  constructor(
    private readonly tx: Transactor,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sends the reminders that are due; each goes out once, however many runs overlap. */
  async sendDueReminders(now = new Date()): Promise<{ sent: number }> {
    const windows: Array<[ReminderKind, Date, Date, string]> = [
      [
        ReminderKind.HOUR,
        now,
        new Date(now.getTime() + REMINDER_HOUR_MS),
        'A meeting you are going to starts within the hour.',
      ],
      [
        ReminderKind.DAY,
        new Date(now.getTime() + REMINDER_HOUR_MS),
        new Date(now.getTime() + REMINDER_DAY_MS),
        'A meeting you are going to is coming up tomorrow.',
      ],
    ];
    const sent = await this.tx.run(async (tx) => {
      let n = 0;
      for (const [kind, from, to, message] of windows) {
        for (const r of await recordDueReminders(tx.em, kind, from, to)) {
          await this.notifications.add(tx, {
            userId: r.user_id,
            kind: NotificationKind.MEETING_REMINDER,
            message,
            subjectId: r.meeting_id,
          });
          n++;
        }
      }
      return n;
    });
    return { sent };
  }
}
