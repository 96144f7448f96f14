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

  /** Forgets every cached value: subscriptions call this before each event. */
  clear(): void {
    this.made.clear();
  }
}
