import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction, type TransactionOptions } from './db';
import type { PubSub } from './pubsub';

type AfterCommit = () => void | Promise<void>;

/**
 * What a transaction wants done once it has committed: pub/sub events, notifications,
 * jobs. Nothing in it runs if the transaction rolls back, and a retried transaction
 * starts with an empty outbox.
 */
export class Outbox {
  private readonly actions: AfterCommit[] = [];

  constructor(private readonly pubsub: PubSub) {}

  /** Publishes `payload` on `topic` (or on `topic:id`) after commit. */
  publish(topic: string, payload: object): void;
  publish(topic: string, id: string, payload: object): void;
  publish(topic: string, idOrPayload: string | object, payload?: object): void {
    if (typeof idOrPayload === 'string') this.actions.push(() => this.pubsub.publish(topic, idOrPayload, payload));
    else this.actions.push(() => this.pubsub.publish(topic, idOrPayload));
  }

  /** Runs `action` after commit, in the order added. */
  after(action: AfterCommit): void {
    this.actions.push(action);
  }

  /** Runs every action; one that fails does not stop the others. */
  async flush(): Promise<void> {
    const errors: unknown[] = [];
    for (const action of this.actions.splice(0)) {
      try {
        await action();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw errors[0];
  }
}

/** A transaction in progress: its entity manager and its outbox. */
export interface Tx {
  em: EntityManager;
  outbox: Outbox;
}

/** Runs units of work in transactions and delivers their outbox after commit. */
export class Transactor {
  constructor(
    private readonly ds: DataSource,
    private readonly pubsub: PubSub,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    let outbox = new Outbox(this.pubsub);
    const result = await inTransaction(
      this.ds,
      (em) => {
        outbox = new Outbox(this.pubsub);
        return work({ em, outbox });
      },
      options,
    );
    await outbox.flush();
    return result;
  }
}
