import { DateTime } from 'luxon';
import { ConflictError } from '../../core/errors';
import type { SeedContext, SeedPerson } from '../../core/module';
import { addDays, addMonths, todayIn, type LocalDate } from './milestones';
import { Visibility } from './sobriety.enums';
import type { SobrietyService } from './sobriety.service';

interface DemoJourney {
  user: SeedPerson | undefined;
  visibility: Visibility;
  /** Start date from the member's today: chosen so that a milestone falls today or tomorrow. */
  start: (today: LocalDate) => LocalDate;
  announce?: boolean;
}

/** Demo sobriety: every visibility, milestones reached today and one coming tomorrow. */
export async function seedSobriety({ sobriety }: { sobriety: SobrietyService }, { users }: SeedContext): Promise<void> {
  const [maria, dev] = users.mentors;
  const [sam, jordan, lee, ana] = users.members;
  const now = new Date();
  const demo: DemoJourney[] = [
    { user: maria, visibility: Visibility.NETWORK, start: (d) => addMonths(d, -12) }, // 1 year today
    { user: dev, visibility: Visibility.COORDINATORS, start: (d) => addDays(d, -30) }, // 30 days today
    { user: sam, visibility: Visibility.NETWORK, start: (d) => addDays(d, -89) }, // 90 days tomorrow
    { user: jordan, visibility: Visibility.MENTOR, start: (d) => addDays(d, -1) }, // 24 hours today
    { user: lee, visibility: Visibility.PRIVATE, start: (d) => addDays(d, -60) }, // 60 days today
    { user: ana, visibility: Visibility.NETWORK, start: (d) => addMonths(d, -6), announce: false }, // 6 months today, not announced
  ];
  for (const j of demo) {
    if (!j.user) continue;
    // Safe to run again: a member who already has a date keeps it (a new one would be a reset).
    if (await sobriety.currentJourney(j.user.id)) continue;
    const date = j.start(todayIn(j.user.timeZone, now));
    // Entered yesterday: a milestone reached today is then news the award job announces, where
    // one already reached on the day of entry would be recorded silently.
    const enteredAt = DateTime.fromJSDate(now, { zone: j.user.timeZone }).startOf('day').minus({ milliseconds: 1 });
    await sobriety.setSobrietyDate(
      j.user,
      { date, visibility: j.visibility, announce: j.announce },
      enteredAt.toJSDate(),
    );
  }
  await sobriety.awardDueMilestones(now);

  if (maria && sam) {
    const page = await sobriety.milestoneFeed(sam, { first: 20 });
    const milestone = page.edges.find((e) => e.node.userId === maria.id)?.node;
    if (milestone) {
      try {
        await sobriety.congratulate(sam, { milestoneId: milestone.id, message: 'A whole year. So proud of you!' });
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
}
