import type { ActivitySource } from '../../core/activity';
import type { LoaderKey } from '../../core/loaders';
import { Port } from '../../core/module';
import type { AccountsService } from './accounts.service';
import type { UserLoader } from './user.loaders';

/** People, sessions and blocks, for every module that needs them. */
export const ACCOUNTS = new Port<AccountsService>('accounts');

/** The per-request user loader. */
export const USER_LOADER = new Port<LoaderKey<UserLoader>>('accounts.userLoader');

/** When members last signed in, for features that ask who has gone quiet. */
export const SIGN_IN_ACTIVITY = new Port<ActivitySource>('accounts.signInActivity');
