import client from 'prom-client';

/**
 * Prometheus metrics of one instance. Labels carry operation names and error codes only,
 * never user ids or variables.
 */
export class Metrics {
  readonly registry = new client.Registry();

  readonly requests = new client.Counter({
    name: 'onward_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and type.',
    labelNames: ['operation', 'type', 'transport'] as const,
    registers: [this.registry],
  });

  readonly duration = new client.Histogram({
    name: 'onward_graphql_request_duration_seconds',
    help: 'GraphQL operation latency over HTTP.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly errors = new client.Counter({
    name: 'onward_graphql_errors_total',
    help: 'Errors returned to clients, by contract code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly inFlight = new client.Gauge({
    name: 'onward_http_requests_in_flight',
    help: 'GraphQL HTTP requests received and not yet answered.',
    registers: [this.registry],
  });

  readonly sockets = new client.Gauge({
    name: 'onward_ws_open_sockets',
    help: 'Open, signed-in WebSocket connections.',
    registers: [this.registry],
  });

  readonly subscriptions = new client.Gauge({
    name: 'onward_ws_subscriptions',
    help: 'Active GraphQL subscriptions.',
    registers: [this.registry],
  });

  readonly renders = new client.Counter({
    name: 'onward_ws_event_renders_total',
    help: 'Subscription events executed for sending: once per receiver, or once for all receivers who see the same (shared).',
    labelNames: ['shared'] as const,
    registers: [this.registry],
  });

  readonly executions = new client.Counter({
    name: 'onward_graphql_executions_total',
    help: 'HTTP operations executed, by executor: compiled (read queries) or graphql-js (everything else).',
    labelNames: ['executor'] as const,
    registers: [this.registry],
  });

  readonly jobs = new client.Counter({
    name: 'onward_jobs_total',
    help: 'Background jobs run by this instance, by queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new client.Counter({
    name: 'onward_deliveries_total',
    help: 'E-mail and push deliveries, by channel and outcome (sent, failed, skipped_quiet_hours, skipped_preference, retried).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new client.Counter({
    name: 'onward_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(pool?: () => { total: number; idle: number; waiting: number } | null) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'onward_' });
    if (pool) {
      new client.Gauge({
        name: 'onward_db_pool_connections',
        help: 'Database pool connections by state.',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const p = pool();
          if (!p) return;
          this.set({ state: 'total' }, p.total);
          this.set({ state: 'idle' }, p.idle);
          this.set({ state: 'waiting' }, p.waiting);
        },
      });
    }
  }
}
