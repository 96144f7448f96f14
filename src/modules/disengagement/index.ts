import { defineModule, provide } from '../../core/module';
import { SIGN_IN_ACTIVITY, USER_LOADER } from '../accounts/accounts.ports';
import { AUDIT } from '../audit/audit.ports';
import { CHECK_IN_ACTIVITY } from '../checkins/checkins.ports';
import { CONSENTS } from '../consents/consents.ports';
import { MEETING_ACTIVITY } from '../meetings/meetings.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { OPEN_REACH_OUTS } from '../reachouts/reachouts.ports';
import { DisengagementAlert } from './disengagement-alert.entity';
import { DISENGAGEMENT } from './disengagement.ports';
import {
  DisengagementResolver,
  DisengagementUserResolver,
  MemberNeedingAttentionResolver,
} from './disengagement.resolver';
import { seedDisengagement } from './disengagement.seed';
import { DisengagementService } from './disengagement.service';

/**
 * Drifting away, by the member's choice: an opt-in alert to the people they chose when they go
 * quiet, a daily sweep that sends it, and the coordinators' view of members needing attention.
 * Activity and reach-outs come from the modules that own them, as SQL through their ports.
 */
export const disengagementModule = defineModule({
  name: 'disengagement',
  entities: [DisengagementAlert],
  resolvers: [DisengagementResolver, MemberNeedingAttentionResolver, DisengagementUserResolver],
  dataMap: [
    {
      table: 'disengagement_alerts',
      column: 'member_id',
      exportAs: 'disengagementAlert',
      onDelete: 'delete',
    },
  ],
  build({ ds, tx, logger }, registry) {
    const consents = registry.get(CONSENTS);
    const alerts = new DisengagementService(ds, tx, consents, registry.get(NOTIFICATIONS), registry.get(AUDIT), {
      activity: [registry.get(SIGN_IN_ACTIVITY), registry.get(CHECK_IN_ACTIVITY), registry.get(MEETING_ACTIVITY)],
      openReachOuts: registry.get(OPEN_REACH_OUTS).sql,
    });
    return {
      resolvers: [
        new DisengagementResolver(alerts),
        new MemberNeedingAttentionResolver(registry.get(USER_LOADER)),
        new DisengagementUserResolver(alerts),
      ],
      provides: [provide(DISENGAGEMENT, alerts)],
      jobs: [
        {
          // Daily: pg-boss enqueues one job per schedule slot across instances, and the sweep
          // itself locks what it sends, so each quiet spell gets one notice.
          name: 'disengagement.sweep',
          cron: '23 14 * * *',
          run: async () => {
            logger.info(await alerts.sweep(new Date()), 'disengagement notices sent');
          },
        },
      ],
      seed: (ctx) => seedDisengagement({ alerts, consents }, ctx),
    };
  },
});
