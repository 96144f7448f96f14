import DataLoader from 'dataloader';
import type { AccountsService } from './accounts.service';
import type { User } from './user.entity';

export function createUserLoader(accounts: AccountsService): DataLoader<string, User | null> {
  return new DataLoader(async (ids) => {
    const users = await accounts.usersByIds(ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
