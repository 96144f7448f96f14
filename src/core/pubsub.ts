import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import Redis from 'ioredis';
import type { Logger } from './logger';

// The library's own default: `publish(topic, payload)` or `publish(topic, id, payload)`. Its
// overloads need `any` here; every subscriber casts the payload to its topic's event type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Events = { [key: string]: [] | [any] | [number | string, any] };

/**
 * The one pub/sub of the process. `publish(topic, id, payload)` reaches subscribers of
 * `topic:id`. In process by default; over Redis when REDIS_URL is set, so that every
 * instance sees every event. Payloads must survive JSON (dates travel as ISO strings).
 */
export type PubSub = ReturnType<typeof createPubSub<Events>>;

type Listener = (event: CustomEvent) => void;

/**
 * Listeners by topic in sets, as the Redis event target keeps them. Node's EventTarget checks
 * every listener of a topic for a duplicate on each add: quadratic with thousands of subscribers.
 */
function inProcessEventTarget() {
  const byTopic = new Map<string, Set<Listener>>();
  const callbackOf = (l: Listener | { handleEvent: Listener }) => ('handleEvent' in l ? l.handleEvent : l);
  return {
    addEventListener(topic: string, listener: Listener | { handleEvent: Listener } | null) {
      if (!listener) return;
      let set = byTopic.get(topic);
      if (!set) byTopic.set(topic, (set = new Set()));
      set.add(callbackOf(listener));
    },
    removeEventListener(topic: string, listener: Listener | { handleEvent: Listener } | null) {
      if (!listener) return;
      const set = byTopic.get(topic);
      set?.delete(callbackOf(listener));
      if (set?.size === 0) byTopic.delete(topic);
    },
    dispatchEvent(event: CustomEvent) {
      for (const listener of [...(byTopic.get(event.type) ?? [])]) listener(event);
      return true;
    },
  };
}

export function createInProcessPubSub(): PubSub {
  return createPubSub<Events>({ eventTarget: inProcessEventTarget() });
}

export interface PubSubHandle {
  pubsub: PubSub;
  /** The command connection, shared with rate limits; absent without Redis. */
  redis?: Redis;
  close(): Promise<void>;
}

export function createPubSubFor(redisUrl: string | undefined, logger: Logger): PubSubHandle {
  if (!redisUrl) return { pubsub: createInProcessPubSub(), close: async () => undefined };
  // Pub/sub waits out an outage (events queue, subscriptions resume on reconnect).
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Rate limits must not wait: with no offline queue they fail fast to their in-memory stand-in.
  const commandClient = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  for (const c of [publishClient, subscribeClient, commandClient]) {
    // ioredis reconnects by itself; without a listener an outage would crash the process.
    c.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  }
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<Events>({ eventTarget: eventTarget as never }),
    redis: commandClient,
    async close() {
      await Promise.allSettled([publishClient, subscribeClient, commandClient].map((c) => c.quit()));
      for (const c of [publishClient, subscribeClient, commandClient]) c.disconnect();
    },
  };
}
