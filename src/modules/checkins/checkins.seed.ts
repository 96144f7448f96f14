import { DateTime } from 'luxon';
import type { SeedContext } from '../../core/module';
import type { CheckInsService } from './checkins.service';

/** Mood, craving, meeting and note by days ago; no check-in 4 days ago, so the streak is 4. */
const DAYS: Array<{ ago: number; mood: number; craving: number; meeting?: boolean; note?: string }> = [
  { ago: 11, mood: 2, craving: 7, note: 'Rough day at work. Called Maria.' },
  { ago: 10, mood: 3, craving: 6, meeting: true },
  { ago: 9, mood: 3, craving: 5 },
  { ago: 8, mood: 2, craving: 6, note: 'Family dinner was hard.' },
  { ago: 7, mood: 3, craving: 4, meeting: true },
  { ago: 6, mood: 4, craving: 3 },
  { ago: 5, mood: 4, craving: 3, meeting: true, note: 'Shared at the Tuesday meeting.' },
  { ago: 3, mood: 3, craving: 4 },
  { ago: 2, mood: 4, craving: 2, meeting: true },
  { ago: 1, mood: 4, craving: 2 },
  { ago: 0, mood: 5, craving: 1, note: 'Slept well for once.' },
];

/** Demo check-ins for Jordan, who shares them with their mentor (consents seed). Safe to run again: same days, same values. */
export async function seedCheckIns({ checkIns }: { checkIns: CheckInsService }, { users }: SeedContext): Promise<void> {
  const jordan = users.members[1];
  if (!jordan) return;
  const noon = DateTime.now().setZone(jordan.timeZone).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  for (const d of DAYS) {
    await checkIns.dailyCheckIn(
      jordan,
      { mood: d.mood, craving: d.craving, attendedMeeting: d.meeting ?? null, note: d.note ?? null },
      noon.minus({ days: d.ago }).toJSDate(),
    );
  }
}
