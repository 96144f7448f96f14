import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import { bearerToken, type AuthUser } from './core/auth';
import type { Config } from './core/config';
import type { Context } from './core/context';
import { BadInputError, UnauthenticatedError } from './core/errors';
import { formatError } from './core/format-error';
import { createArmor, wsValidationRules } from './core/limits';
import type { Logger } from './core/logger';
import type { PubSub } from './core/pubsub';
import { createLoaders } from './loaders';
import { AccountTopic, type SessionsRevokedEvent } from './modules/accounts/accounts.topics';
import type { Services } from './services';

export interface HttpServerHandle {
  httpServer: http.Server;
  port: number;
  /** Stops taking work, drains in-flight requests, closes sockets with 1001. */
  stop(): Promise<void>;
}

interface SocketAuth {
  user: AuthUser;
  sessionId: string;
}

/** Code graphql-ws clients read as "forbidden": no, bad or revoked token. */
const CLOSE_FORBIDDEN = 4403;

export async function startHttpServer(deps: {
  config: Config;
  logger: Logger;
  ds: DataSource;
  pubsub: PubSub;
  services: Services;
  schema: GraphQLSchema;
}): Promise<HttpServerHandle> {
  const { config, logger, ds, pubsub, services, schema } = deps;
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);

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

  const httpServer = http.createServer(app);

  // WebSocket: same port, same path.
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 64 * 1024 });
  const sockets = new Map<WebSocket, SocketAuth>();
  const rules = wsValidationRules(config);

  const contextFor = (auth: SocketAuth | null, ip: string): Context => ({
    requestId: randomUUID(),
    viewer: auth?.user ?? null,
    sessionId: auth?.sessionId ?? null,
    ip,
    services,
    loaders: createLoaders(services),
  });

  const wsServer = useServer<Record<string, unknown>, { auth?: SocketAuth }>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const token = bearerToken(typeof raw === 'string' ? raw : null);
        const auth = token ? await services.accounts.authenticate(token) : null;
        if (!auth) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.auth = auth;
        sockets.set(ctx.extra.socket, auth);
        return true;
      },
      onClose: (ctx) => {
        sockets.delete(ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const auth = ctx.extra.auth!;
        if (!(await services.accounts.isSessionActive(auth.sessionId))) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, 'Forbidden');
          return [new UnauthenticatedError('Your session has ended. Sign in again.')];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('The query could not be parsed.')];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document, [...specifiedRules, ...rules]);
        } catch (err) {
          errors = [err instanceof GraphQLError ? err : new GraphQLError('The query is not valid.')];
        }
        if (errors.length) return errors;
        return {
          schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue: contextFor(auth, ctx.extra.request.socket.remoteAddress ?? ''),
        };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const formatted = formatError(e.toJSON(), e, logger);
          if (!formatted.extensions?.code || formatted.extensions.code === 'INTERNAL_SERVER_ERROR') {
            // Errors returned from onSubscribe before execution are validation failures.
            if (!e.path) return { ...formatted, message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
          }
          return formatted;
        }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, logger)) };
      },
    },
    wss,
  );

  // A revoked session or a suspension closes that person's open sockets, on every instance.
  const revocations = pubsub.subscribe(AccountTopic.SESSIONS_REVOKED);
  void (async () => {
    for await (const event of revocations as AsyncIterable<SessionsRevokedEvent>) {
      for (const [socket, auth] of sockets) {
        if (event.userId === auth.user.id || event.sessionIds?.includes(auth.sessionId)) {
          socket.close(CLOSE_FORBIDDEN, 'Forbidden');
        }
      }
    }
  })().catch((err) => logger.error({ err }, 'revocation listener stopped'));

  const armor = createArmor(config);
  const logPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      const started = Date.now();
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new BadInputError(undefined, 'Subscriptions are served over WebSocket on /graphql (graphql-transport-ws).');
          }
        },
        async willSendResponse({ operationName, errors }) {
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? null,
              ms: Date.now() - started,
              errors: errors?.map((e) => e.extensions?.code ?? 'UNKNOWN'),
            },
            'graphql request',
          );
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    validationRules: armor.validationRules,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      logPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // Going-away: clients reconnect to another instance.
              for (const socket of sockets.keys()) socket.close(1001, 'Server shutting down');
              await wsServer.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const token = bearerToken(req.headers.authorization);
        let auth: SocketAuth | null = null;
        if (token) {
          auth = await services.accounts.authenticate(token);
          if (!auth) throw new UnauthenticatedError('Your session has ended. Sign in again.');
        }
        return contextFor(auth, req.ip ?? '');
      },
    }),
  );

  // Malformed JSON, oversized bodies: a GraphQL-shaped answer, never a stack trace.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err) return next();
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message = err.type === 'entity.too.large' ? 'The request body is too large.' : status === 500 ? 'Internal server error' : 'The request body is not valid JSON.';
    if (status === 500) logger.error({ err }, 'http error');
    res.status(status).json({
      errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT' } }],
    });
  });

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
        await revocations.return?.(undefined);
        await apollo.stop();
      })();
      return stopping;
    },
  };
}
