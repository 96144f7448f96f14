import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import Redis from 'ioredis';
import type { Logger } from './logger';

// The library default: `publish(topic, payload)` or `publish(topic, id, payload)`.
type Events = { [key: string]: [] | [any] | [number | string, any] };

/**
 * The one pub/sub of the process. `publish(topic, id, payload)` reaches subscribers of
 * `topic:id`. In process by default; over Redis when REDIS_URL is set, so that every
 * instance sees every event. Payloads must survive JSON (dates travel as ISO strings).
 */
export type PubSub = ReturnType<typeof createPubSub<Events>>;

export function createInProcessPubSub(): PubSub {
  return createPubSub<Events>();
}

export interface PubSubHandle {
  pubsub: PubSub;
  /** The command connection, shared with rate limits; absent without Redis. */
  redis?: Redis;
  close(): Promise<void>;
}

export function createPubSubFor(redisUrl: string | undefined, logger: Logger): PubSubHandle {
  if (!redisUrl) return { pubsub: createInProcessPubSub(), close: async () => undefined };
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const c of [publishClient, subscribeClient]) {
    // ioredis reconnects by itself; without a listener an outage would crash the process.
    c.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  }
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<Events>({ eventTarget: eventTarget as never }),
    redis: publishClient,
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
