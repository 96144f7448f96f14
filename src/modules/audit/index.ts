import { defineModule, provide } from '../../core/module';
import { UserSuspended } from '../accounts/accounts.events';
import { USER_LOADER } from '../accounts/accounts.ports';
import { ModerationLogAction, ModerationTarget } from './audit.enums';
import { AUDIT } from './audit.ports';
import { ModerationLogResolver } from './audit.resolver';
import { AuditLog } from './audit.service';
import { ModerationLogEntry } from './moderation-log.entity';

/** The append-only moderation log: posts, threads and suspensions. */
export const auditModule = defineModule({
  name: 'audit',
  entities: [ModerationLogEntry],
  resolvers: [ModerationLogResolver],
  // No rows: the log has no foreign keys on purpose, and actor ids stay as the record.
  build({ ds, events }, registry) {
    const audit = new AuditLog(ds);
    // A suspension is a moderation action too: it enters the log in the suspension's transaction.
    events.on(UserSuspended, async (s, tx) => {
      await audit.append(tx, {
        actorId: s.actorId,
        action: ModerationLogAction.SUSPEND,
        targetType: ModerationTarget.USER,
        targetId: s.userId,
        reason: s.reason,
        detail: `until ${s.until.toISOString()}`,
      });
    });
    return {
      resolvers: [new ModerationLogResolver(audit, registry.get(USER_LOADER))],
      provides: [provide(AUDIT, audit)],
    };
  },
});
