import DataLoader from 'dataloader';
import type { MeetingSeries } from './meeting-series.entity';
import type { Meeting } from './meeting.entity';
import type { AttendeePage, MeetingsService } from './meetings.service';
import type { Rsvp } from './rsvp.entity';

const SEP = '\u0000';

/**
 * Batches what a page of meetings needs (the viewer's RSVPs, the first attendees) into one
 * statement each, whatever the page size. Keys carry the viewer, so one set serves a request.
 */
export class MeetingLoaders {
  meeting!: DataLoader<string, Meeting | null>;
  series!: DataLoader<string, MeetingSeries | null>;
  /** Key: `userId SEP meetingId`. */
  rsvp!: DataLoader<string, Rsvp | null>;
  /** Key: `viewerId SEP first SEP after SEP meetingId`. */
  attendees!: DataLoader<string, AttendeePage>;

  constructor(private readonly meetings: MeetingsService) {
    this.reset();
  }

  /** Forgets everything loaded; a subscription calls it before each event. */
  reset(): void {
    const svc = this.meetings;
    this.meeting = new DataLoader(async (ids) => {
      const rows = await svc.meetingsByIds(ids);
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.series = new DataLoader(async (ids) => {
      const rows = await svc.seriesByIds(ids);
      const byId = new Map(rows.map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.rsvp = new DataLoader(async (keys) => {
      const groups = groupBy(keys, 1);
      const found = new Map<string, Rsvp>();
      for (const [userId, meetingIds] of groups) {
        for (const r of await svc.rsvpsOf(userId, meetingIds)) found.set(userId + SEP + r.meetingId, r);
      }
      return keys.map((k) => found.get(k) ?? null);
    });
    this.attendees = new DataLoader(async (keys) => {
      const groups = groupBy(keys, 3);
      const found = new Map<string, AttendeePage>();
      for (const [prefix, meetingIds] of groups) {
        const [viewerId, first, after] = prefix.split(SEP);
        const pages = await svc.attendeesOf(viewerId, meetingIds, Number(first), after || null);
        for (const [id, page] of pages) found.set(prefix + SEP + id, page);
      }
      return keys.map((k) => found.get(k)!);
    });
  }

  rsvpKey(userId: string, meetingId: string): string {
    return userId + SEP + meetingId;
  }

  attendeesKey(viewerId: string, first: number, after: string | null | undefined, meetingId: string): string {
    return [viewerId, String(first), after ?? '', meetingId].join(SEP);
  }
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

export function createMeetingLoaders(meetings: MeetingsService): MeetingLoaders {
  return new MeetingLoaders(meetings);
}
