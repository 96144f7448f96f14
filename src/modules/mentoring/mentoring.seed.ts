import type { SeedContext } from '../../core/module';
import { addMonths, todayIn } from '../sobriety/milestones';
import { Visibility } from '../sobriety/sobriety.enums';
import type { SobrietyService } from '../sobriety/sobriety.service';
import type { MentoringService } from './mentoring.service';

/**
 * Demo mentoring: profiles for the demo mentors, an active match (Jordan with Maria), a
 * proposal waiting for Dev's answer (Sam), and a request no mentor fits (Lee, Korean).
 * Safe to run again: members with an open request are left as they are.
 */
export async function seedMentoring(
  { mentoring, sobriety }: { mentoring: MentoringService; sobriety: SobrietyService },
  { users }: SeedContext,
): Promise<void> {
  const { profiles, matches } = mentoring;
  const [maria, dev] = users.mentors;
  const [sam, jordan, lee] = users.members;
  if (!maria || !dev) return;
  const now = new Date();

  for (const mentor of [maria, dev]) {
    // Only a mentor with no date gets one: a new date on an existing journey would be a reset.
    if (!(await sobriety.currentJourney(mentor.id))) {
      const date = addMonths(todayIn(mentor.timeZone, now), -26);
      await sobriety.setSobrietyDate(mentor, { date, visibility: Visibility.COORDINATORS }, now);
    }
  }
  await profiles.upsertProfile(maria, {
    bio: 'Sober after twenty years of drinking. Mum of two; I know how hard the evenings are.',
    focusAreas: ['ALCOHOL', 'PARENTING', 'CO_OCCURRING_ANXIETY'],
    languages: ['en', 'es'],
    capacity: 3,
    acceptingMentees: true,
    availability: [
      { weekday: 2, startTime: '18:00', endTime: '21:00' },
      { weekday: 4, startTime: '18:00', endTime: '21:00' },
      { weekday: 6, startTime: '09:00', endTime: '12:00' },
    ],
    gender: 'WOMAN',
  });
  await profiles.upsertProfile(dev, {
    bio: 'In recovery from opioids; back at work and glad to talk through the first months.',
    focusAreas: ['OPIOIDS', 'EMPLOYMENT', 'TRAUMA'],
    languages: ['en', 'hi'],
    capacity: 2,
    acceptingMentees: true,
    availability: [
      { weekday: 1, startTime: '19:00', endTime: '21:30' },
      { weekday: 3, startTime: '07:00', endTime: '08:30' },
    ],
    gender: 'MAN',
  });

  if (jordan && !(await matches.hasOpenRequest(jordan.id))) {
    const request = await matches.requestMentor(
      jordan,
      {
        focusAreas: ['ALCOHOL', 'CO_OCCURRING_ANXIETY'],
        languages: ['es'],
        requireLanguage: true,
        note: 'New to this. Weekends are the hardest.',
      },
      now,
    );
    const [match] = await matches.liveMatchesOf([request.id]);
    if (match?.mentorId === maria.id) await matches.respondToMatch(maria, { matchId: match.id, accept: true }, now);
  }
  if (sam && !(await matches.hasOpenRequest(sam.id))) {
    await matches.requestMentor(
      sam,
      {
        focusAreas: ['OPIOIDS', 'EMPLOYMENT'],
        languages: ['hi'],
        requireLanguage: true,
        note: 'Starting a new job next month.',
      },
      now,
    );
  }
  if (lee && !(await matches.hasOpenRequest(lee.id))) {
    await matches.requestMentor(
      lee,
      {
        focusAreas: ['STIMULANTS', 'LGBTQ'],
        languages: ['ko'],
        requireLanguage: true,
        note: 'I would feel most at ease in Korean.',
      },
      now,
    );
  }
}
