import type { DataLocation, OnwardModule } from './core/module';
import { accountsModule } from './modules/accounts';
import { alliesModule } from './modules/allies';
import { auditModule } from './modules/audit';
import { checkinsModule } from './modules/checkins';
import { consentsModule } from './modules/consents';
import { deliveryModule } from './modules/delivery';
import { discussionsModule } from './modules/discussions';
import { disengagementModule } from './modules/disengagement';
import { meetingsModule } from './modules/meetings';
import { mentoringModule } from './modules/mentoring';
import { notificationsModule } from './modules/notifications';
import { privacyModule } from './modules/privacy';
import { proofsModule } from './modules/proofs';
import { reachOutsModule } from './modules/reachouts';
import { sobrietyModule } from './modules/sobriety';

/**
 * Every feature of Onward, in build order: a module may use the ports of those above it
 * (and the `early` ports of any). Adding a feature is one line here.
 */
export const MODULES: readonly OnwardModule[] = [
  accountsModule,
  notificationsModule,
  deliveryModule,
  auditModule,
  sobrietyModule,
  mentoringModule,
  consentsModule,
  checkinsModule,
  meetingsModule,
  discussionsModule,
  reachOutsModule,
  disengagementModule,
  proofsModule,
  privacyModule,
  alliesModule,
];

/** Every TypeORM entity; the migrations must match them (a test checks). */
export const ENTITIES: readonly Function[] = MODULES.flatMap((m) => m.entities);

/** Every resolver class of the API. */
export const RESOLVERS: readonly Function[] = MODULES.flatMap((m) => m.resolvers);

/** Where a member's data lives, across every module: export and deletion loop over it. */
export const DATA_MAP_ROWS: readonly DataLocation[] = MODULES.flatMap((m) => m.dataMap ?? []);
