import DataLoader from 'dataloader';
import type { MeetingSeriesService } from './meeting-series.service';
import type { MeetingSeries } from './meeting-series.entity';
import type { MeetingService } from './meeting.service';
import type { Meeting } from './meeting.entity';
import type { Rsvp } from './rsvp.entity';
import type { AttendeePage } from './rsvp.queries';
import type { RsvpService } from './rsvp.service';

const SEP = '\u0000';
const NO_ATTENDEES: AttendeePage = { edges: [], hasNextPage: false, total: 0 };

/**
 * Batches what a page of meetings needs (the viewer's RSVPs, the first attendees) into one
 * statement each, whatever the page size. Keys carry the viewer; one set serves a request.
 */
export class MeetingLoaders {
  readonly meeting: DataLoader<string, Meeting | null>;
  readonly series: DataLoader<string, MeetingSeries | null>;
  /** Key: `rsvpKey(userId, meetingId)`. */
  readonly rsvp: DataLoader<string, Rsvp | null>;
  /** Key: `attendeesKey(viewerId, first, after, meetingId)`. */
  readonly attendees: DataLoader<string, AttendeePage>;

  constructor(services: { meetings: MeetingService; series: MeetingSeriesService; rsvps: RsvpService }) {
    const { meetings, series, rsvps } = services;
    this.meeting = new DataLoader(async (ids) => byId(ids, await meetings.meetingsByIds(ids)));
    this.series = new DataLoader(async (ids) => byId(ids, await series.seriesByIds(ids)));
    this.rsvp = new DataLoader(async (keys) => {
      const found = new Map<string, Rsvp>();
      for (const [userId, meetingIds] of groupBy(keys, 1)) {
        for (const r of await rsvps.rsvpsOf(userId, meetingIds)) found.set(userId + SEP + r.meetingId, r);
      }
      return keys.map((k) => found.get(k) ?? null);
    });
    this.attendees = new DataLoader(async (keys) => {
      const found = new Map<string, AttendeePage>();
      for (const [prefix, meetingIds] of groupBy(keys, 3)) {
        const [viewerId, first, after] = prefix.split(SEP);
        const pages = await rsvps.attendeesOf(viewerId, meetingIds, Number(first), after || null);
        for (const [id, page] of pages) found.set(prefix + SEP + id, page);
      }
      return keys.map((k) => found.get(k) ?? NO_ATTENDEES);
    });
  }

  rsvpKey(userId: string, meetingId: string): string {
    return userId + SEP + meetingId;
  }

  attendeesKey(viewerId: string, first: number, after: string | null | undefined, meetingId: string): string {
    return [viewerId, String(first), after ?? '', meetingId].join(SEP);
  }
}

function byId<T extends { id: string }>(ids: readonly string[], found: T[]): Array<T | null> {
  const map = new Map(found.map((x) => [x.id, x]));
  return ids.map((id) => map.get(id) ?? null);
}

/** Groups keys by their first `n` parts; the last part is the meeting id. */
function groupBy(keys: readonly string[], n: number): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const parts = k.split(SEP);
    const prefix = parts.slice(0, n).join(SEP);
    const list = groups.get(prefix) ?? [];
    list.push(parts[n]);
    groups.set(prefix, list);
  }
  return groups;
}
