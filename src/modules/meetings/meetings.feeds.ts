import type { NextFunction, Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { CalendarFeedService } from './calendar-feed.service';
import type { Meeting } from './meeting.entity';
import { icsCalendar, publicCalendar } from './meetings.calendar';
import { MeetingFormat, MeetingStatus, RsvpStatus } from './meetings.enums';
import { feedLine, feedText, feedTypes, feedZone } from './meetings.text';

const ATTENDANCE: Record<MeetingFormat, string> = {
  [MeetingFormat.IN_PERSON]: 'in_person',
  [MeetingFormat.ONLINE]: 'online',
  [MeetingFormat.HYBRID]: 'hybrid',
};

/**
 * Meeting Guide JSON (code-for-recovery spec) of publicly listed meetings: one entry per
 * series (its next occurrence) and per one-off meeting. No attendees, places or call links.
 * No value carries a control character, whatever the row holds: the notes keep their line
 * breaks as LF (the spec allows them there), every other text is one line.
 */
export function meetingGuideJson(meetings: Meeting[]): Array<Record<string, unknown>> {
  const seen = new Set<string>();
  const out: Array<Record<string, unknown>> = [];
  for (const m of meetings) {
    if (m.status !== MeetingStatus.SCHEDULED) continue;
    const key = m.seriesId ?? m.id;
    if (seen.has(key)) continue;
    seen.add(key);
    const zone = feedZone(m.timeZone);
    const start = DateTime.fromJSDate(m.startsAt, { zone });
    const end = DateTime.fromJSDate(m.endsAt, { zone });
    out.push({
      name: feedLine(m.title),
      slug: key,
      day: start.weekday % 7, // Meeting Guide: 0 is Sunday; luxon: 7 is Sunday
      time: start.toFormat('HH:mm'),
      end_time: end.toFormat('HH:mm'),
      timezone: zone,
      types: feedTypes(m.types),
      notes: feedText(m.description),
      attendance_option: ATTENDANCE[m.format],
      updated: DateTime.fromJSDate(m.updatedAt, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss'),
    });
  }
  return out;
}

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/** Public feeds of listed meetings and each member's private calendar, outside GraphQL. */
export function meetingFeedRoutes(feeds: CalendarFeedService): (router: Router) => void {
  return (router) => {
    router.get(
      '/feeds/meetings.json',
      wrap(async (_req, res) => {
        const meetings = await feeds.listedMeetings();
        res.set('Cache-Control', 'public, max-age=300').json(meetingGuideJson(meetings));
      }),
    );

    router.get(
      '/feeds/meetings.ics',
      wrap(async (_req, res) => {
        const meetings = await feeds.listedMeetings();
        res
          .set('Cache-Control', 'public, max-age=300')
          .type('text/calendar; charset=utf-8')
          .send(publicCalendar('Onward meetings', meetings));
      }),
    );

    router.get(
      '/feeds/calendar/:file',
      wrap(async (req, res) => {
        res.set('Cache-Control', 'private, no-store').set('Referrer-Policy', 'no-referrer');
        const file = String(req.params.file);
        const entries = file.endsWith('.ics') ? await feeds.calendarFor(file.slice(0, -4)) : null;
        if (!entries) {
          res.status(404).type('text/plain').send('Not found');
          return;
        }
        res.type('text/calendar; charset=utf-8').send(
          icsCalendar(
            'My Onward meetings',
            entries.map((e) => ({ meeting: e.meeting, inside: e.status === RsvpStatus.GOING })),
          ),
        );
      }),
    );
  };
}
