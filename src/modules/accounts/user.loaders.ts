import DataLoader from 'dataloader';
import { NotFoundError } from '../../core/errors';
import type { LoaderKey, RequestLoaders } from '../../core/loaders';
import type { AccountsService } from './accounts.service';
import type { User } from './user.entity';

export type UserLoader = DataLoader<string, User | null>;

export function createUserLoader(accounts: AccountsService): UserLoader {
  return new DataLoader(async (ids) => {
    const users = await accounts.usersByIds(ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A user who must exist (a member is anonymised on deletion, never removed), through the request's loader. */
export async function loadExistingUser(
  ctx: { loaders: RequestLoaders },
  users: LoaderKey<UserLoader>,
  id: string,
): Promise<User> {
  const user = await ctx.loaders.get(users).load(id);
  if (!user) throw new NotFoundError('User');
  return user;
}
