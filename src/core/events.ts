import type { Tx } from './outbox';

/** A typed domain event: the module that raises it defines it, others subscribe at composition. */
export class DomainEvent<Payload> {
  /** Only here to tie the payload type to the event. */
  declare readonly payload?: Payload;
  constructor(readonly name: string) {}
}

export type DomainEventHandler<Payload> = (payload: Payload, tx: Tx) => Promise<void>;

/**
 * Handlers run inside the raising transaction, in the order they subscribed, so that what
 * they change commits or rolls back with it; after-commit effects go to `tx.outbox`.
 */
export class DomainEvents {
  private readonly handlers = new Map<DomainEvent<unknown>, Array<DomainEventHandler<unknown>>>();
  private sealed = false;

  on<P>(event: DomainEvent<P>, handler: DomainEventHandler<P>): void {
    if (this.sealed) throw new Error(`subscribe to ${event.name} at composition, not later`);
    const list = this.handlers.get(event) ?? [];
    list.push(handler as DomainEventHandler<unknown>);
    this.handlers.set(event, list);
  }

  /** Called once every module is built: no subscriptions after that. */
  seal(): void {
    this.sealed = true;
  }

  async emit<P>(event: DomainEvent<P>, payload: P, tx: Tx): Promise<void> {
    for (const handler of this.handlers.get(event) ?? []) await handler(payload, tx);
  }

  /** How many modules listen; for tests that check the wiring. */
  listeners(event: DomainEvent<unknown>): number {
    return this.handlers.get(event)?.length ?? 0;
  }
}
