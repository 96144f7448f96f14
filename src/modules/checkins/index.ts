import { defineModule, provide } from '../../core/module';
import { USER_LOADER } from '../accounts/accounts.ports';
import { CONSENTS } from '../consents/consents.ports';
import { CHECK_IN_ACTIVITY, CHECKINS } from './checkins.ports';
import { lastCheckInSql } from './checkins.queries';
import { CheckInsResolver, CheckInsUserResolver, DailyCheckInResolver } from './checkins.resolver';
import { seedCheckIns } from './checkins.seed';
import { CheckInsService } from './checkins.service';
import { DailyCheckIn } from './daily-check-in.entity';

/** Daily check-ins: one a day per member, streak and trend, shared only under consent. */
export const checkinsModule = defineModule({
  name: 'checkins',
  entities: [DailyCheckIn],
  resolvers: [CheckInsResolver, DailyCheckInResolver, CheckInsUserResolver],
  dataMap: [{ table: 'daily_check_ins', column: 'member_id', exportAs: 'dailyCheckIns', onDelete: 'delete' }],
  build({ ds, tx }, registry) {
    const consents = registry.get(CONSENTS);
    const service = new CheckInsService(ds, tx, consents);
    return {
      resolvers: [
        new CheckInsResolver(service),
        new DailyCheckInResolver(consents, registry.get(USER_LOADER)),
        new CheckInsUserResolver(service, consents),
      ],
      provides: [provide(CHECKINS, service), provide(CHECK_IN_ACTIVITY, { latestOf: lastCheckInSql })],
      seed: (ctx) => seedCheckIns({ checkIns: service }, ctx),
    };
  },
});
