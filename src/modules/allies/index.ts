import { Role } from '../../core/auth';
import { defineModule, provide } from '../../core/module';
import { AccountDeleted, InvitationAccepted } from '../accounts/accounts.events';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { CHECKINS } from '../checkins/checkins.ports';
import { PRIVACY } from '../privacy/privacy.ports';
import { ALLY_LOOKUP, SOBRIETY } from '../sobriety/sobriety.ports';
import { AllySharing } from './ally-sharing.entity';
import { AllyTie } from './ally-tie.entity';
import { standingOf } from './allies.queries';
import { AlliedMemberResolver, AlliesResolver, AlliesUserResolver } from './allies.resolver';
import { seedAllies } from './allies.seed';
import { AlliesService } from './allies.service';

/** Allies: family and friends a member invites, who see that member alone and only what they share. */
export const alliesModule = defineModule({
  name: 'allies',
  entities: [AllyTie, AllySharing],
  resolvers: [AlliesResolver, AlliesUserResolver, AlliedMemberResolver],
  dataMap: [
    {
      table: 'ally_ties',
      column: 'member_id',
      exportAs: 'allies',
      onDelete: 'delete',
      why: "a deleted member's allies lose their tie, and their accounts, which have nothing left to see",
    },
    {
      table: 'ally_ties',
      column: 'ally_id',
      exportAs: 'allyOf',
      omit: ['email', 'relationship', 'invitation_id'],
      onDelete: 'keep',
      why: "the member's record of whom they invited; the tie ends and the ally shows as a former member. How the member named them is the member's, not exported to the ally",
    },
    { table: 'ally_sharing', column: 'member_id', exportAs: 'allySharing', onDelete: 'delete' },
  ],
  early: ({ ds }) => [
    provide(ALLY_LOOKUP, {
      memberSharingMilestonesWith: async (allyId: string) => {
        const standing = await standingOf(ds, allyId);
        return standing?.milestones ? standing.memberId : null;
      },
    }),
  ],
  build({ ds, tx, events }, registry) {
    const accounts = registry.get(ACCOUNTS);
    const allies = new AlliesService(ds, tx, accounts, registry.get(PRIVACY));
    events.on(InvitationAccepted, async ({ invitationId, userId, role }, t) => {
      if (role === Role.ALLY) await allies.joined(t, invitationId, userId);
    });
    events.on(AccountDeleted, ({ user, now }, t) => allies.accountDeleted(t, user, now));
    return {
      resolvers: [
        new AlliesResolver(allies),
        new AlliesUserResolver(allies, registry.get(USER_LOADER)),
        new AlliedMemberResolver(registry.get(SOBRIETY), registry.get(CHECKINS)),
      ],
      seed: (ctx) => seedAllies({ allies, accounts, ds }, ctx),
    };
  },
});
