import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { SeedContext } from '../../core/module';
import { Meeting } from './meeting.entity';
import { MeetingFormat } from './meetings.enums';
import type { MeetingsService } from './meetings.service';

const SERIES_TITLE = 'Tuesday alumni meeting';

/** Next `weekday` (1 = Monday) at `hour`:00 in `zone`, at least a day from now. */
function next(weekday: number, hour: number, zone: string): Date {
  let d = DateTime.now().setZone(zone).plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.toJSDate();
}

/** A weekly alumni series, a full meeting with a waitlist and an online meeting. Runs once per database. */
export async function seedMeetings(
  deps: { meetings: MeetingsService; ds: DataSource },
  ctx: SeedContext,
): Promise<void> {
  const { meetings, ds } = deps;
  const { users } = ctx;
  if (await ds.getRepository(Meeting).exists({ where: { title: SERIES_TITLE } })) return;
  const coordinator = users.coordinator;
  const [maria, dev] = users.mentors;

  await meetings.createMeeting(coordinator, {
    title: SERIES_TITLE,
    description: 'Weekly check-in for program alumni. Newcomers welcome.',
    startsAt: next(2, 19, 'America/Chicago'),
    durationMinutes: 90,
    timeZone: 'America/Chicago',
    format: MeetingFormat.HYBRID,
    location: 'Community room, 210 W Lake St',
    conferenceUrl: 'https://meet.onward.example/tuesday-alumni',
    capacity: 25,
    types: ['O', 'D', 'BE'],
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
    listed: true,
    // What meeting finders see; the room and the call link above stay with attendees.
    listing: {
      address: '210 W Lake St, Chicago, IL 60606, USA',
      location: 'Lake Street Community Center',
      region: 'Chicago Loop',
    },
  });

  const full = await meetings.createMeeting(maria, {
    title: 'Step study, small group',
    description: 'A small group working through the steps together.',
    startsAt: next(4, 18, 'America/Chicago'),
    durationMinutes: 60,
    timeZone: 'America/Chicago',
    format: MeetingFormat.IN_PERSON,
    location: 'Library annex, room 2',
    capacity: 2,
    types: ['C', 'ST'],
  });
  // Two seats, three people: the last one waits.
  for (const u of users.members.slice(0, 3)) await meetings.rsvp(u, full.id);

  const online = await meetings.createMeeting(dev ?? coordinator, {
    title: 'Online evening share',
    description: 'Cameras optional.',
    startsAt: next(3, 20, 'America/New_York'),
    durationMinutes: 60,
    timeZone: 'America/New_York',
    format: MeetingFormat.ONLINE,
    conferenceUrl: 'https://meet.onward.example/evening-share',
    capacity: null,
    types: ['O', 'SP'],
  });
  if (users.members[3]) await meetings.rsvp(users.members[3], online.id);
}
