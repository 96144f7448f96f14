import type { User } from './user.entity';

/** A shallow copy with the same prototype: no request can change what the cache holds. */
function copyOf(user: User): User {
  return Object.assign(Object.create(Object.getPrototypeOf(user) as object) as User, user);
}

/** The database says which user's sessions or row changed on this channel (a trigger, see the migration). */
export const ACCOUNTS_CHANNEL = 'onward_accounts';

interface Entry<T> {
  value: T;
  userId: string;
  /** Wall-clock ms after which the entry is not used. */
  until: number;
}

/**
 * Sessions and signed-in people as the last read found them, so that a signed-in request
 * need not ask the database who it is. It is only used while the database's change
 * notifications are known to arrive (`live`): every update or deletion of a session or a user
 * row tells every instance at commit, and the entries of that person go. Entries also age out
 * after `ttlMs`, and a read that raced a change is not kept (the generation check).
 */
export class SessionCache<S extends { expiresAt: Date }> {
  private readonly sessions = new Map<string, Entry<S>>();
  private readonly users = new Map<string, Entry<User>>();
  private readonly keysOf = new Map<string, Set<string>>();
  private live = false;
  private gen = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get enabled(): boolean {
    return this.live && this.ttlMs > 0;
  }

  /** A mark to take before reading the database: `put…` with an older one stores nothing. */
  generation(): number {
    return this.gen;
  }

  session(key: string, now: number): S | undefined {
    if (!this.enabled) return undefined;
    const e = this.sessions.get(key);
    if (!e) return undefined;
    if (e.until <= now || e.value.expiresAt.getTime() <= now) {
      this.sessions.delete(key);
      return undefined;
    }
    return e.value;
  }

  putSession(key: string, userId: string, value: S, generation: number, now: number): void {
    if (!this.enabled || generation !== this.gen) return;
    if (this.sessions.size >= this.maxEntries) {
      this.sessions.clear();
      this.keysOf.clear();
    }
    this.sessions.set(key, { value, userId, until: now + this.ttlMs });
    let keys = this.keysOf.get(userId);
    if (!keys) this.keysOf.set(userId, (keys = new Set()));
    keys.add(key);
  }

  /** A copy, so that no request can change what the next one reads. */
  user(id: string, now: number): User | undefined {
    if (!this.enabled) return undefined;
    const e = this.users.get(id);
    if (!e || e.until <= now) return undefined;
    return copyOf(e.value);
  }

  putUser(user: User, generation: number, now: number): void {
    if (!this.enabled || generation !== this.gen) return;
    if (this.users.size >= this.maxEntries) this.users.clear();
    this.users.set(user.id, {
      value: copyOf(user),
      userId: user.id,
      until: now + this.ttlMs,
    });
  }

  /** Their sessions or their row changed somewhere. */
  forgetUser(userId: string): void {
    this.gen++;
    this.users.delete(userId);
    for (const key of this.keysOf.get(userId) ?? []) this.sessions.delete(key);
    this.keysOf.delete(userId);
  }

  /** Notifications started or stopped flowing: what is held may be stale either way. */
  setLive(up: boolean): void {
    this.gen++;
    this.live = up;
    this.sessions.clear();
    this.users.clear();
    this.keysOf.clear();
  }
}
