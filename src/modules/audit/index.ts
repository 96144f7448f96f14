import { defineModule, provide } from '../../core/module';
import { InvitationCreated, SuspensionLifted, UserSuspended } from '../accounts/accounts.events';
import { USER_LOADER } from '../accounts/accounts.ports';
import { ModerationLogAction, ModerationTarget } from './audit.enums';
import { AUDIT } from './audit.ports';
import { ModerationLogResolver } from './audit.resolver';
import { AuditLog, NO_REASON } from './audit.service';
import { ModerationLogEntry } from './moderation-log.entity';

/** The append-only moderation log: posts, threads, categories, suspensions and invitations. */
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
    events.on(SuspensionLifted, async (s, tx) => {
      await audit.append(tx, {
        actorId: s.actorId,
        action: ModerationLogAction.LIFT_SUSPENSION,
        targetType: ModerationTarget.USER,
        targetId: s.userId,
        reason: s.reason,
        detail: `was until ${s.wasUntil.toISOString()}`,
      });
    });
    // An invitation is recorded by its id and role; the invitee's email stays out of the log.
    events.on(InvitationCreated, async (i, tx) => {
      await audit.append(tx, {
        actorId: i.actorId,
        action: ModerationLogAction.INVITE,
        targetType: ModerationTarget.INVITATION,
        targetId: i.invitationId,
        reason: NO_REASON,
        detail: `role ${i.role}`,
      });
    });
    return {
      resolvers: [new ModerationLogResolver(audit, registry.get(USER_LOADER))],
      provides: [provide(AUDIT, audit)],
    };
  },
});
