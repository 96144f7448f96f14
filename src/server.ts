import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { OperationTypeNode, type GraphQLSchema } from 'graphql';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { bearerToken } from './core/auth';
import { compiledExecution } from './core/compiled-execution';
import type { Config } from './core/config';
import type { Context } from './core/context';
import { BadInputError, UnauthenticatedError } from './core/errors';
import { formatError, loggableError } from './core/format-error';
import { createArmor } from './core/limits';
import type { Logger } from './core/logger';
import type { Metrics } from './core/metrics';
import type { PubSub } from './core/pubsub';
import { operationLabel, rootFields } from './core/operation';
import { createMutationGuard } from './core/rate-limit';
import { registerExplorer } from './explorer/explorer';
import { RequestLoaders } from './core/loaders';
import type { Composition } from './compose';
import { ACCOUNTS } from './modules/accounts/accounts.ports';
import { attachWebSocketServer } from './ws';

export interface HttpServerHandle {
  httpServer: http.Server;
  port: number;
  /** Stops taking work, drains in-flight requests, closes sockets with 1001. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Metrics are for operators: with METRICS_TOKEN, its bearer only; without, only a peer on
 * this machine that did not come through a proxy. Anyone else is told nothing is there.
 */
function mayReadMetrics(req: express.Request, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(bearerToken(req.headers.authorization) ?? '');
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  return loopback && req.headers['x-forwarded-for'] === undefined;
}

export async function startHttpServer(deps: {
  config: Config;
  logger: Logger;
  ds: DataSource;
  pubsub: PubSub;
  redis?: Redis;
  composition: Composition;
  schema: GraphQLSchema;
  metrics: Metrics;
}): Promise<HttpServerHandle> {
  const { config, logger, ds, pubsub, redis, composition, schema, metrics } = deps;
  const accounts = composition.registry.get(ACCOUNTS);
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POSTs nobody revalidates: hashing every response body for an ETag is waste.
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', true);

  // One id per request, taken from the load balancer when it sends one; echoed back and logged.
  app.use((req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  for (const routes of composition.routes) routes(app);
  if (config.metrics) {
    app.get('/metrics', async (req, res) => {
      if (!mayReadMetrics(req, config.metricsToken)) {
        res.status(404).end();
        return;
      }
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    });
  }

  registerExplorer(app, config);

  const httpServer = http.createServer(app);
  const guardMutation = createMutationGuard(config.mutationLimit, redis, composition.selfLimitedMutations);
  const ws = attachWebSocketServer({ httpServer, schema, config, composition, pubsub, logger, metrics, guardMutation });

  const armor = createArmor(config);
  const requestPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let operationName = 'none';
      return {
        async didResolveOperation({ operation, document }) {
          const fields = operation ? rootFields(operation, document) : [];
          operationName = operationLabel(fields);
          const type = operation?.operation ?? 'unknown';
          metrics.requests.inc({ operation: operationName, type, transport: 'http' });
          if (type === OperationTypeNode.SUBSCRIPTION) {
            throw new BadInputError(
              undefined,
              'Subscriptions are served over WebSocket on /graphql (graphql-transport-ws).',
            );
          }
          if (type === OperationTypeNode.MUTATION) {
            try {
              await guardMutation({
                userId: contextValue.viewer?.id ?? null,
                ip: contextValue.ip,
                fields,
              });
            } catch (err) {
              metrics.rateLimited.inc({ limit: 'mutations' });
              throw err;
            }
          }
        },
        async willSendResponse({ response }) {
          // The answer is complete: let its rows go now. A keep-alive socket holds its last request
          // until the next one, and a page's rows held that long are copied by every young-generation GC.
          contextValue.loaders.clear();
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.duration.observe({ operation: operationName }, seconds);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const e of errors)
            metrics.errors.inc({ code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN' });
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName,
              ms: Math.round(seconds * 1000),
              errors: errors.map((e) => e.extensions?.code),
            },
            'graphql request',
          );
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    // Read queries run compiled; the rest through graphql-js (see compiled-execution.ts).
    gateway: compiledExecution(schema, {
      onRun: (compiled) => metrics.executions.inc({ executor: compiled ? 'compiled' : 'graphql-js' }),
    }),
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT and SIGTERM: it stops HTTP, WebSockets, jobs and the database in order.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    validationRules: armor.validationRules,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing here is cached by HTTP caches; the default plugin would wrap every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      requestPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use('/graphql', (_req, res, next) => {
    metrics.inFlight.inc();
    res.once('close', () => metrics.inFlight.dec());
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const token = bearerToken(req.headers.authorization);
        let auth = null;
        if (token) {
          auth = await accounts.authenticate(token);
          if (!auth) throw new UnauthenticatedError('Your session has ended. Sign in again.');
        }
        return {
          requestId: res.locals.requestId as string,
          viewer: auth?.user ?? null,
          sessionId: auth?.sessionId ?? null,
          ip: req.ip ?? '',
          loaders: new RequestLoaders(),
          resolvers: composition.resolvers,
        };
      },
    }),
  );

  // Malformed JSON, oversized bodies: a GraphQL-shaped answer, never a stack trace.
  app.use(
    (
      err: { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!err) return next();
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      const message =
        err.type === 'entity.too.large'
          ? 'The request body is too large.'
          : status === 500
            ? 'Internal server error'
            : 'The request body is not valid JSON.';
      if (status === 500) logger.error({ err: loggableError(err), requestId: res.locals.requestId }, 'http error');
      res.status(status).json({
        errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT' } }],
      });
    },
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    httpServer,
    port,
    stop() {
      stopping ??= (async () => {
        await ws.stopListening();
        await apollo.stop();
      })();
      return stopping;
    },
  };
}
