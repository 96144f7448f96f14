import type { NextFunction, Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { CalendarFeedService } from './calendar-feed.service';
import type { Meeting } from './meeting.entity';
import { MeetingFormat, MeetingStatus, RsvpStatus } from './meetings.enums';

const ATTENDANCE: Record<MeetingFormat, string> = {
  [MeetingFormat.IN_PERSON]: 'in_person',
  [MeetingFormat.ONLINE]: 'online',
  [MeetingFormat.HYBRID]: 'hybrid',
};

/**
 * Meeting Guide JSON (code-for-recovery spec) of publicly listed meetings: one entry per
 * series (its next occurrence) and per one-off meeting. No attendees, places or call links.
 */
export function meetingGuideJson(meetings: Meeting[]): Array<Record<string, unknown>> {
  const seen = new Set<string>();
  const out: Array<Record<string, unknown>> = [];
  for (const m of meetings) {
    if (m.status !== MeetingStatus.SCHEDULED) continue;
    const key = m.seriesId ?? m.id;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = DateTime.fromJSDate(m.startsAt, { zone: m.timeZone });
    const end = DateTime.fromJSDate(m.endsAt, { zone: m.timeZone });
    out.push({
      name: m.title,
      slug: key,
      day: start.weekday % 7, // Meeting Guide: 0 is Sunday; luxon: 7 is Sunday
      time: start.toFormat('HH:mm'),
      end_time: end.toFormat('HH:mm'),
      timezone: m.timeZone,
      types: m.types,
      notes: m.description,
      attendance_option: ATTENDANCE[m.format],
      updated: DateTime.fromJSDate(m.updatedAt, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss'),
    });
  }
  return out;
}

function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets, as RFC 5545 asks. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + ch, 'utf8') > limit) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function localStamp(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyyMMdd'T'HHmmss");
}

function utcStamp(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** An iCalendar document; `inside` says whether an event may carry its place and call link. */
export function icsCalendar(name: string, events: Array<{ meeting: Meeting; inside: boolean }>): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Onward//Meetings//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${icsText(name)}`,
  ];
  for (const { meeting: m, inside } of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${m.id}@onward`,
      `DTSTAMP:${utcStamp(m.updatedAt)}`,
      `DTSTART;TZID=${m.timeZone}:${localStamp(m.startsAt, m.timeZone)}`,
      `DTEND;TZID=${m.timeZone}:${localStamp(m.endsAt, m.timeZone)}`,
      `SUMMARY:${icsText(m.title)}`,
      `STATUS:${m.status === MeetingStatus.CANCELLED ? 'CANCELLED' : 'CONFIRMED'}`,
    );
    if (m.description) lines.push(`DESCRIPTION:${icsText(m.description)}`);
    if (inside && m.location) lines.push(`LOCATION:${icsText(m.location)}`);
    if (inside && m.conferenceUrl) lines.push(`URL:${m.conferenceUrl}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
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
          .send(
            icsCalendar(
              'Onward meetings',
              meetings.map((meeting) => ({ meeting, inside: false })),
            ),
          );
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
