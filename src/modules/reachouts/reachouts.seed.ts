import type { SeedContext } from '../../core/module';
import type { DataSource } from 'typeorm';
import { hasReachedOut } from './reachouts.queries';
import type { ReachOutsService } from './reachouts.service';

/**
 * Demo reaching out: Jordan's support circle (Lee and Ana), and one reach-out of Jordan's
 * that Maria, Jordan's mentor, acknowledged. Safe to run again: a member who already
 * reached out is left as they are.
 */
export async function seedReachOuts(
  { reachOuts, ds }: { reachOuts: ReachOutsService; ds: DataSource },
  { users }: SeedContext,
): Promise<void> {
  const [maria] = users.mentors;
  const [, jordan, lee, ana] = users.members;
  if (!maria || !jordan || (await hasReachedOut(ds, jordan.id))) return;
  await reachOuts.setSupportCircle(
    jordan,
    [lee, ana].flatMap((p) => (p ? [p.id] : [])),
  );
  const { reachOut } = await reachOuts.reachOut(jordan, {
    message: 'Rough evening. Could someone give me a call?',
  });
  // Maria is Jordan's mentor in the demo (the mentoring seed runs first); else the coordinator answers.
  const by = (await reachOuts.sees(maria, reachOut)) ? maria : users.coordinator;
  await reachOuts.acknowledge(by, reachOut.id);
}
