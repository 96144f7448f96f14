import DataLoader from 'dataloader';
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
