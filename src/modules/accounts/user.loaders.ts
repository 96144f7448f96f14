import { NotFoundError } from '../../core/errors';
import { PrimedLoader, type LoaderKey, type RequestLoaders } from '../../core/loaders';
import type { AccountsService } from './accounts.service';
import type { User } from './user.entity';

export type UserLoader = PrimedLoader<string, User | null>;

export function createUserLoader(accounts: AccountsService): UserLoader {
  return new PrimedLoader(async (ids) => {
    const users = await accounts.usersByIds(ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A user who must exist (a member is anonymised on deletion, never removed), through the request's loader. */
export function loadExistingUser(
  ctx: { loaders: RequestLoaders },
  users: LoaderKey<UserLoader>,
  id: string,
): User | Promise<User> {
  const found = ctx.loaders.get(users).get(id);
  return found instanceof Promise ? found.then(existingUser) : existingUser(found);
}

function existingUser(user: User | null): User {
  if (!user) throw new NotFoundError('User');
  return user;
}
