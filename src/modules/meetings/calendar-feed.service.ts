import type { DataSource } from 'typeorm';
import { hashSecret, newSecret, type AuthUser } from '../../core/auth';
import { CalendarFeed } from './calendar-feed.entity';
import { SERIES_HORIZON_MS } from './meeting-types.constants';
import { Meeting } from './meeting.entity';
import { RsvpStatus } from './meetings.enums';
import { listedSeries, type ListedSeries } from './meetings.queries';
import { Rsvp } from './rsvp.entity';

/** What the public feeds and each member's private calendar show. */
export class CalendarFeedService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Occurrences of listed series that have not ended, up to the series horizon, each with its
   * series (whose listing says where it is). Cancelled ones stay, so calendars show them so.
   */
  listedMeetings(now = new Date()): Promise<Meeting[]> {
    return this.ds
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.series', 's')
      .where('s.listed = true AND m.ends_at > :now', { now })
      .andWhere('m.starts_at < :until', { until: new Date(now.getTime() + SERIES_HORIZON_MS) })
      .orderBy('m.starts_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(2000)
      .getMany();
  }

  /** Listed weekly series that still meet: what the Meeting Guide feed is built from. */
  listedSeries(now = new Date()): Promise<ListedSeries[]> {
    return listedSeries(this.ds, now);
  }

  /** A new private calendar secret for the member; any earlier one stops working. */
  async createCalendarFeed(actor: AuthUser): Promise<{ path: string }> {
    const token = newSecret(24);
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(CalendarFeed)
      .values({ userId: actor.id, tokenHash: hashSecret(token) })
      .orUpdate(['token_hash', 'created_at'], ['user_id'])
      .execute();
    return { path: `/feeds/calendar/${token}.ics` };
  }

  async revokeCalendarFeed(actor: AuthUser): Promise<{ revoked: boolean }> {
    const res = await this.ds.getRepository(CalendarFeed).delete({ userId: actor.id });
    return { revoked: (res.affected ?? 0) > 0 };
  }

  /** The meetings of a private calendar token with the member's RSVP status, or null for an unknown token. */
  async calendarFor(token: string, now = new Date()): Promise<Array<{ meeting: Meeting; status: RsvpStatus }> | null> {
    if (token.length > 100) return null;
    const feed = await this.ds.getRepository(CalendarFeed).findOne({ where: { tokenHash: hashSecret(token) } });
    if (!feed) return null;
    const rsvps = await this.ds
      .getRepository(Rsvp)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.meeting', 'm')
      .where('r.user_id = :u AND r.status IN (:...s)', { u: feed.userId, s: [RsvpStatus.GOING, RsvpStatus.WAITLISTED] })
      .andWhere('m.ends_at > :from', { from: new Date(now.getTime() - 30 * 24 * 3600_000) })
      .orderBy('m.starts_at', 'ASC')
      .limit(1000)
      .getMany();
    return rsvps.map((r) => ({ meeting: r.meeting, status: r.status }));
  }
}
