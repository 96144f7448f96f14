import DataLoader from 'dataloader';

/**
 * A module's per-request loaders, created on first use in a request (or WebSocket event)
 * and never shared between requests. The factory is bound to the module's services at
 * composition.
 */
export class LoaderKey<T> {
  constructor(
    readonly name: string,
    readonly create: () => T,
  ) {}
}

export class RequestLoaders {
  private readonly made = new Map<LoaderKey<unknown>, unknown>();

  get<T>(key: LoaderKey<T>): T {
    let value = this.made.get(key) as T | undefined;
    if (value === undefined) {
      value = key.create();
      this.made.set(key, value);
    }
    return value;
  }

  /** Forgets every cached value: subscriptions call this before each event, HTTP once the answer is complete. */
  clear(): void {
    this.made.clear();
  }
}

/**
 * A DataLoader that also answers synchronously for a value primed into it. A list page primes
 * what it read with its rows; each of its fields then resolves without a promise of its own,
 * which on a 50-row page is a measurable share of the request.
 */
export class PrimedLoader<K, V> extends DataLoader<K, V> {
  // Primed values stay here, not in DataLoader's cache: a page primes a hundred values and reads
  // them synchronously, so a resolved promise for each would be made only to be dropped.
  private readonly primed = new Map<K, V>();
  private readonly asked = new Set<K>();

  /** The primed value if there is one, else `load`. */
  get(key: K): V | Promise<V> {
    return this.primed.has(key) ? (this.primed.get(key) as V) : this.load(key);
  }

  override load(key: K): Promise<V> {
    if (this.primed.has(key)) return Promise.resolve(this.primed.get(key) as V);
    this.asked.add(key);
    return super.load(key);
  }

  // As DataLoader's own prime: a key already cached keeps its value.
  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (this.asked.has(key) || this.primed.has(key)) return this;
    if (value instanceof Error || isPromiseLike(value)) {
      this.asked.add(key);
      return super.prime(key, value);
    }
    this.primed.set(key, value);
    return this;
  }

  override clear(key: K): this {
    this.primed.delete(key);
    this.asked.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.primed.clear();
    this.asked.clear();
    return super.clearAll();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
