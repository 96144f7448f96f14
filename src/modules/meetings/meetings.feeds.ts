import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import type { CalendarFeedService } from './calendar-feed.service';
import { icsCalendar, publicCalendar } from './meetings.calendar';
import { RsvpStatus } from './meetings.enums';
import { meetingGuideFeed, type Program } from './meetings.guide';

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/** Where meeting finders fetch the Meeting Guide feed; the second is the address it had before. */
export const MEETING_GUIDE_PATHS = ['/meeting-guide.json', '/feeds/meetings.json'];
export const PUBLIC_CALENDAR_PATH = '/feeds/meetings.ics';
/** Finders and proxies may keep a public feed this long before asking again. */
export const PUBLIC_FEED_MAX_AGE_SECONDS = 300;

/** The validators of the current version of a public document. */
interface Version {
  etag: string;
  lastModified: Date;
  /**
   * The version before it began in the same second, so a date cannot tell the two apart:
   * If-Modified-Since is then no proof of a current copy (the ETag still is).
   */
  sameSecond: boolean;
}

/**
 * A public document and the validators of its current version: a strong ETag (a hash of the
 * body), and a Last-Modified of when this instance first served this version. The body can
 * change with no row changing (a series' last occurrence passes), so no row's date would do.
 */
class PublishedVersions {
  private last: Version | null = null;

  version(body: string, now = Date.now()): Version {
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    if (this.last?.etag !== etag) {
      const second = Math.floor(now / 1000) * 1000;
      this.last = { etag, lastModified: new Date(second), sameSecond: this.last?.lastModified.getTime() === second };
    }
    return this.last;
  }
}

/** RFC 9110 §13.1.2: If-None-Match, compared weakly, and `*`. */
function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * True when the client's copy is current (RFC 9110 §13.2.2): If-None-Match decides when it is
 * sent, and If-Modified-Since is then ignored.
 */
export function notModified(req: Request, version: Version): boolean {
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string' && inm.trim()) return etagMatches(inm, version.etag);
  const ims = req.headers['if-modified-since'];
  if (typeof ims !== 'string' || version.sameSecond) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && version.lastModified.getTime() <= since;
}

/** Headers of a public feed: anyone may read it, from any page, and keep it a short while. */
function publicHeaders(res: Response, etag: string, lastModified: Date): void {
  res
    .set('Access-Control-Allow-Origin', '*')
    .set('Access-Control-Expose-Headers', 'ETag, Last-Modified')
    .set('Cache-Control', `public, max-age=${PUBLIC_FEED_MAX_AGE_SECONDS}`)
    .set('ETag', etag)
    .set('Last-Modified', lastModified.toUTCString());
}

/** Sends a public document, or 304 Not Modified when the client has this version. */
function sendPublic(req: Request, res: Response, versions: PublishedVersions, type: string, body: string): void {
  const version = versions.version(body);
  publicHeaders(res, version.etag, version.lastModified);
  if (notModified(req, version)) {
    res.status(304).end();
    return;
  }
  // Written as is: Express's own freshness check would answer 304 on a date alone.
  res
    .status(200)
    .type(type)
    .set('Content-Length', String(Buffer.byteLength(body)))
    .end(body);
}

/** A browser's preflight, for a page that sends If-None-Match itself. */
function preflight(_req: Request, res: Response): void {
  res
    .status(204)
    .set('Access-Control-Allow-Origin', '*')
    .set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS')
    .set('Access-Control-Allow-Headers', 'If-None-Match, If-Modified-Since')
    .set('Access-Control-Max-Age', '86400')
    .end();
}

/** Public feeds of listed meetings and each member's private calendar, outside GraphQL. */
export function meetingFeedRoutes(feeds: CalendarFeedService, program: Program): (router: Router) => void {
  return (router) => {
    const guide = new PublishedVersions();
    const calendar = new PublishedVersions();

    // The Meeting Guide (Code4Recovery) JSON feed: one entry per listed weekly series.
    for (const path of MEETING_GUIDE_PATHS) {
      router.options(path, preflight);
      router.get(
        path,
        wrap(async (req, res) => {
          const body = JSON.stringify(meetingGuideFeed(await feeds.listedSeries(), program));
          sendPublic(req, res, guide, 'application/json; charset=utf-8', body);
        }),
      );
    }

    router.options(PUBLIC_CALENDAR_PATH, preflight);
    router.get(
      PUBLIC_CALENDAR_PATH,
      wrap(async (req, res) => {
        const body = publicCalendar('Onward meetings', await feeds.listedMeetings());
        sendPublic(req, res, calendar, 'text/calendar; charset=utf-8', body);
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
