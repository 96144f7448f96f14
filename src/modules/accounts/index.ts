import { listen } from '../../core/db';
import { loggableError } from '../../core/format-error';
import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { ACCOUNTS, SIGN_IN_ACTIVITY, USER_LOADER } from './accounts.ports';
import { lastSignInSql } from './accounts.queries';
import { seedPeople } from './accounts.seed';
import { AccountDeleted } from './accounts.events';
import { AccountsService } from './accounts.service';
import { AuthResolver } from './auth.resolver';
import { UserBlock } from './block.entity';
import { Invitation } from './invitation.entity';
import { InvitationResolver } from './invitation.resolver';
import { LoginLimiter } from './login-limiter';
import type { SessionRow } from './accounts.queries';
import { ACCOUNTS_CHANNEL, SessionCache } from './session.cache';
import { Session } from './session.entity';
import { User } from './user.entity';
import { createUserLoader } from './user.loaders';
import { UserResolver } from './user.resolver';

/** Accounts: invitations, sign-up, sessions, suspension and blocking. */
export const accountsModule = defineModule({
  name: 'accounts',
  entities: [User, Session, Invitation, UserBlock],
  resolvers: [AuthResolver, UserResolver, InvitationResolver],
  dataMap: [
    { table: 'sessions', column: 'user_id', exportAs: 'sessions', omit: ['token_hash'], onDelete: 'delete' },
    {
      table: 'invitations',
      column: 'invited_by_id',
      exportAs: 'invitationsSent',
      omit: ['code_hash'],
      onDelete: 'keep',
      why: "the invitee's record; the inviter's name goes with the account",
    },
    {
      table: 'invitations',
      column: 'used_by_id',
      omit: ['code_hash'],
      onDelete: 'delete',
      why: 'the invitation that let the member in',
    },
    { table: 'user_blocks', column: 'blocker_id', exportAs: 'blocks', onDelete: 'delete' },
    {
      table: 'user_blocks',
      column: 'blocked_id',
      onDelete: 'delete',
      why: "others' decisions to block the member are theirs, not the member's data",
    },
  ],
  build({ ds, tx, events, config, logger, redis }) {
    const cache = new SessionCache<{ expiresAt: Date; row: SessionRow }>(config.sessionCacheSeconds * 1000);
    const accounts = new AccountsService(
      ds,
      tx,
      events,
      config,
      new LoginLimiter(config.loginLimit, redis),
      logger,
      cache,
    );
    const users = new LoaderKey('accounts.user', () => createUserLoader(accounts));
    // A deleted account's sessions end with the deletion's transaction, on this instance too.
    events.on(AccountDeleted, async ({ user }, tx) => accounts.changedAfterCommit(tx, user.id));
    return {
      resolvers: [new AuthResolver(accounts, users), new UserResolver(accounts), new InvitationResolver(accounts)],
      provides: [
        provide(ACCOUNTS, accounts),
        provide(USER_LOADER, users),
        provide(SIGN_IN_ACTIVITY, { latestOf: lastSignInSql }),
      ],
      jobs: [
        {
          name: 'accounts.cleanup-expired',
          cron: '17 * * * *',
          run: async () => {
            logger.info(await accounts.cleanupExpired(), 'expired sessions and invitations removed');
          },
        },
      ],
      seedPeople: () => seedPeople(accounts, ds),
      // The session cache is used only while the database's change notifications reach this instance.
      start: () => {
        const url = (ds.options as { url?: string }).url;
        if (!url || config.sessionCacheSeconds === 0) return async () => undefined;
        const listener = listen(url, ACCOUNTS_CHANNEL, {
          onMessage: (userId) => cache.forgetUser(userId),
          onState: (up) => cache.setLive(up),
          onError: (err) => logger.warn({ err: loggableError(err) }, 'session change notifications lost; reconnecting'),
        });
        return () => listener.stop();
      },
    };
  },
});
