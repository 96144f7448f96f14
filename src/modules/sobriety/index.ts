import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { Congratulation } from './congratulation.entity';
import { Milestone } from './milestone.entity';
import { SobrietyAccess } from './sobriety-access.entity';
import { SobrietyJourney } from './sobriety-journey.entity';
import { SobrietySettings } from './sobriety-settings.entity';
import { createSobrietyLoaders } from './sobriety.loaders';
import { ALLY_LOOKUP, MENTOR_LOOKUP, SOBRIETY } from './sobriety.ports';
import {
  CongratulationResolver,
  MilestoneResolver,
  SobrietyAccessResolver,
  SobrietyFieldsResolver,
  SobrietyJourneyResolver,
  SobrietyResolver,
  SobrietyUserResolver,
} from './sobriety.resolver';
import { seedSobriety } from './sobriety.seed';
import { SobrietyService } from './sobriety.service';

/** Sobriety dates and journeys, milestones, celebrations, and the record of who read them. */
export const sobrietyModule = defineModule({
  name: 'sobriety',
  entities: [SobrietyJourney, Milestone, Congratulation, SobrietyAccess, SobrietySettings],
  resolvers: [
    SobrietyResolver,
    SobrietyFieldsResolver,
    SobrietyJourneyResolver,
    MilestoneResolver,
    CongratulationResolver,
    SobrietyAccessResolver,
    SobrietyUserResolver,
  ],
  dataMap: [
    { table: 'sobriety_journeys', column: 'user_id', exportAs: 'sobrietyJourneys', onDelete: 'delete' },
    { table: 'sobriety_milestones', column: 'user_id', exportAs: 'milestones', onDelete: 'delete' },
    { table: 'sobriety_settings', column: 'user_id', exportAs: 'sobrietySettings', onDelete: 'delete' },
    { table: 'sobriety_access_log', column: 'member_id', exportAs: 'sobrietyAccessLog', onDelete: 'delete' },
    {
      table: 'sobriety_access_log',
      column: 'viewer_id',
      onDelete: 'keep',
      why: "the record of reading someone else's data belongs to that member's accounting of disclosures",
    },
    { table: 'milestone_congratulations', column: 'from_user_id', exportAs: 'congratulationsSent', onDelete: 'delete' },
  ],
  build({ ds, tx, events, logger }, registry) {
    const sobriety = new SobrietyService(
      ds,
      tx,
      events,
      registry.get(ACCOUNTS),
      registry.get(NOTIFICATIONS),
      registry.get(MENTOR_LOOKUP),
      logger,
      registry.get(ALLY_LOOKUP),
    );
    const loaders = new LoaderKey('sobriety', () => createSobrietyLoaders(sobriety));
    const users = registry.get(USER_LOADER);
    return {
      resolvers: [
        new SobrietyResolver(sobriety),
        new SobrietyFieldsResolver(sobriety, loaders),
        new SobrietyJourneyResolver(loaders),
        new MilestoneResolver(users),
        new CongratulationResolver(sobriety, users),
        new SobrietyAccessResolver(users),
        new SobrietyUserResolver(sobriety, loaders),
      ],
      provides: [provide(SOBRIETY, sobriety)],
      jobs: [
        {
          name: 'sobriety.award-milestones',
          cron: '*/15 * * * *',
          run: async () => {
            const { awarded } = await sobriety.awardDueMilestones(new Date());
            logger.info({ awarded }, 'milestones awarded');
          },
        },
      ],
      seed: (ctx) => seedSobriety({ sobriety }, ctx),
    };
  },
});
