import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Coordinators } from '../../core/auth';
import type { Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import type { UserLoader } from '../accounts/user.loaders';
import type { AuditLog } from './audit.service';
import { ModerationLogEntryConnection } from './audit.types';
import { ModerationLogEntry } from './moderation-log.entity';

@Resolver(() => ModerationLogEntry)
@Coordinators()
export class ModerationLogResolver {
  constructor(
    private readonly audit: AuditLog,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @Query(() => ModerationLogEntryConnection, { description: 'Every moderation action, newest first. Append-only.' })
  moderationLog(@Args(() => ConnectionArgs) args: ConnectionArgs) {
    return this.audit.list(args);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who acted; null when the system did (reports reaching the threshold).',
  })
  actor(@Root() entry: ModerationLogEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.actorId ? ctx.loaders.get(this.users).load(entry.actorId) : null;
  }
}
