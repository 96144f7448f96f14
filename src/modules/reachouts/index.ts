import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { AUDIT } from '../audit/audit.ports';
import { NOTIFICATIONS } from '../notifications/notifications.ports';
import { MENTOR_LOOKUP } from '../sobriety/sobriety.ports';
import { ReachOutRecipient } from './reach-out-recipient.entity';
import { ReachOut } from './reach-out.entity';
import { createReachOutLoaders } from './reachouts.loaders';
import { OPEN_REACH_OUTS, REACH_OUTS } from './reachouts.ports';
import { OPEN_REACH_OUTS_SQL } from './reachouts.queries';
import { ReachOutResolver, ReachOutsResolver, ReachOutsUserResolver } from './reachouts.resolver';
import { seedReachOuts } from './reachouts.seed';
import { ReachOutsService } from './reachouts.service';
import { SupportCircleMember } from './support-circle-member.entity';

/**
 * Reaching out between meetings: a member's support circle, and reach-outs sent at once to
 * their mentor, their circle and the on-call coordinator, escalating to every coordinator
 * when nobody acknowledges them in time.
 */
export const reachOutsModule = defineModule({
  name: 'reachouts',
  entities: [ReachOut, ReachOutRecipient, SupportCircleMember],
  resolvers: [ReachOutsResolver, ReachOutResolver, ReachOutsUserResolver],
  // The module limits `reachOut` itself (at least three an hour, counted in the database), so
  // the general mutation limit never refuses a member's first reach-outs.
  selfLimitedMutations: ['reachOut'],
  dataMap: [
    {
      table: 'reach_outs',
      column: 'member_id',
      exportAs: 'reachOuts',
      omit: ['closed_by_id'],
      onDelete: 'delete',
      why: 'who closed it is not shown in the API (a coordinator who did is in the moderation log)',
    },
    {
      table: 'reach_outs',
      column: 'acknowledged_by_id',
      onDelete: 'keep',
      why: "the member's record of who answered them, where the one who answered shows as a former member; what the reach-out says is the member's, so it is not exported to them",
    },
    {
      table: 'reach_outs',
      column: 'closed_by_id',
      onDelete: 'keep',
      why: "the member's record of who closed their reach-out; what it says is the member's, so it is not exported to the one who closed it",
    },
    {
      table: 'reach_out_recipients',
      column: 'user_id',
      onDelete: 'delete',
      why: "the reach-out is the member's, not the recipient's; the recipient's own notification of it is exported with their notifications",
    },
    { table: 'support_circle_members', column: 'member_id', exportAs: 'supportCircle', onDelete: 'delete' },
    {
      table: 'support_circle_members',
      column: 'supporter_id',
      onDelete: 'delete',
      why: "being in someone's support circle is that member's choice, not the supporter's data; a deleted account leaves every circle",
    },
  ],
  build({ ds, tx, config, logger }, registry) {
    const reachOuts = new ReachOutsService(
      ds,
      tx,
      { ...config.reachOut, onCall: config.onCall },
      registry.get(ACCOUNTS),
      registry.get(NOTIFICATIONS),
      registry.get(MENTOR_LOOKUP),
      registry.get(AUDIT),
      logger,
    );
    const loaders = new LoaderKey('reachouts', () => createReachOutLoaders(reachOuts));
    return {
      resolvers: [
        new ReachOutsResolver(reachOuts, loaders),
        new ReachOutResolver(reachOuts, registry.get(USER_LOADER)),
        new ReachOutsUserResolver(reachOuts),
      ],
      provides: [provide(REACH_OUTS, reachOuts), provide(OPEN_REACH_OUTS, { sql: OPEN_REACH_OUTS_SQL })],
      jobs: [
        {
          // Every minute: an unacknowledged reach-out escalates within a minute of its time.
          name: 'reachouts.escalate',
          cron: '* * * * *',
          expireInSeconds: 120,
          run: async () => {
            const { escalated } = await reachOuts.escalateDue(new Date());
            if (escalated) logger.info({ escalated }, 'reach-outs escalated');
          },
        },
      ],
      seed: (ctx) => seedReachOuts({ reachOuts, ds }, ctx),
    };
  },
});
