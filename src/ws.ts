import { sharingSubscribe } from './core/shared-delivery';
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type http from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  OperationTypeNode,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken, type AuthUser } from './core/auth';
import type { Config } from './core/config';
import type { Context } from './core/context';
import { RateLimitedError, UnauthenticatedError } from './core/errors';
import { formatError, loggableError } from './core/format-error';
import { wsValidationRules } from './core/limits';
import type { Logger } from './core/logger';
import type { Metrics } from './core/metrics';
import { operationLabel, rootFields } from './core/operation';
import type { MutationRequest } from './core/rate-limit';
import type { PubSub } from './core/pubsub';
import { RequestLoaders } from './core/loaders';
import type { Composition } from './compose';
import { ACCOUNTS } from './modules/accounts/accounts.ports';
import type { SessionAuth } from './modules/accounts/accounts.queries';
import { AccountTopic, type SessionsRevokedEvent } from './modules/accounts/accounts.topics';

interface SocketAuth {
  user: AuthUser;
  sessionId: string;
}

interface SocketState {
  auth: SocketAuth;
  subscriptions: Set<string>;
}

/** Distinct subscription texts whose parsed, validated document is kept. */
const DOCUMENT_CACHE_SIZE = 500;

/** graphql-ws clients read 4403 as "forbidden": no, bad or revoked token. */
export const CLOSE_FORBIDDEN = 4403;
/** Too many sockets for one person. */
export const CLOSE_TOO_MANY = 4429;

/** Parse and validation failures, coded as Apollo codes them on HTTP. */
function invalid(e: GraphQLError): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

export interface WebSocketHandle {
  /** Closes every socket with 1001 (going away) so clients reconnect elsewhere. */
  dispose(): Promise<void>;
  stopListening(): Promise<void>;
}

export function attachWebSocketServer(deps: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  composition: Composition;
  pubsub: PubSub;
  logger: Logger;
  metrics: Metrics;
  guardMutation: (request: MutationRequest) => Promise<void>;
}): WebSocketHandle {
  const { httpServer, schema, config, composition, pubsub, logger, metrics, guardMutation } = deps;
  const accounts = composition.registry.get(ACCOUNTS);
  // Sessions re-read by many sockets at once (one event, many subscribers) share one query.
  const sessionLoader = (fresh: boolean) =>
    new DataLoader<string, SessionAuth | null>(
      async (ids) => {
        const live = await accounts.activeSessions(ids, fresh);
        return ids.map((id) => live.get(id) ?? null);
      },
      { cache: false },
    );
  // Events read through the session cache; a new operation reads the database itself, so that
  // a change made a moment ago (a lapsed approval) applies to the very next operation.
  const sessions = sessionLoader(false);
  const freshSessions = sessionLoader(true);
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.ws.maxPayloadBytes });
  const sockets = new Map<WebSocket, SocketState>();
  const rules = [...wsValidationRules(config), ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule])];

  // Kept as counts, not recounted: with ten thousand sockets a scan per connect is quadratic.
  const byUser = new Map<string, Set<SocketState>>();
  let subscriptionCount = 0;
  const socketsOf = (userId: string): ReadonlySet<SocketState> => byUser.get(userId) ?? new Set();
  const updateGauges = () => {
    metrics.sockets.set(sockets.size);
    metrics.subscriptions.set(subscriptionCount);
  };
  const forget = (state: SocketState) => {
    subscriptionCount -= state.subscriptions.size;
    state.subscriptions.clear();
    const mine = byUser.get(state.auth.user.id);
    mine?.delete(state);
    if (mine?.size === 0) byUser.delete(state.auth.user.id);
  };
  // Many sockets send the same subscription: parse and validate each text once.
  const documents = new Map<string, DocumentNode>();
  const checked = (query: string): DocumentNode | readonly GraphQLError[] => {
    const known = documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: config.limits.maxTokens });
    } catch (err) {
      return [invalid(err instanceof GraphQLError ? err : new GraphQLError('The query could not be parsed.'))];
    }
    let errors: readonly GraphQLError[];
    try {
      errors = validate(schema, document, [...specifiedRules, ...rules]);
    } catch (err) {
      errors = [err instanceof GraphQLError ? err : new GraphQLError('The query is not valid.')];
    }
    if (errors.length) return errors.map(invalid);
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value as string);
    documents.set(query, document);
    return document;
  };

  // A client that breaks the protocol (a message over maxPayload, an invalid frame) is closed
  // by ws with the code that says why (1009, 1002). That is the client's error, not ours:
  // graphql-ws would print it to stderr, with a stack, as an internal error of the server.
  wss.on('connection', (socket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      const code = (args[0] as { code?: unknown } | undefined)?.code;
      if (event === 'error' && typeof code === 'string' && code.startsWith('WS_ERR_')) {
        logger.info({ code }, 'websocket closed: the client broke the protocol');
        return true;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
  });

  const server = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      schema,
      subscribe: sharingSubscribe(
        (context) => (context as Context).viewer,
        (shared) => metrics.renders.inc({ shared: String(shared) }),
      ),
      connectionInitWaitTimeout: config.ws.initTimeoutMs,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const token = bearerToken(typeof raw === 'string' ? raw : null);
        const auth = token ? await accounts.authenticate(token) : null;
        if (!auth) return false; // graphql-ws closes with 4403 Forbidden
        if (socketsOf(auth.user.id).size >= config.ws.maxSocketsPerUser) {
          metrics.rateLimited.inc({ limit: 'ws_sockets' });
          ctx.extra.socket.close(CLOSE_TOO_MANY, 'Too many connections');
          return false;
        }
        const state = { auth, subscriptions: new Set<string>() };
        ctx.extra.state = state;
        sockets.set(ctx.extra.socket, state);
        const mine = byUser.get(auth.user.id);
        if (mine) mine.add(state);
        else byUser.set(auth.user.id, new Set([state]));
        updateGauges();
        return true;
      },
      onClose: (ctx) => {
        const state = sockets.get(ctx.extra.socket);
        if (state) forget(state);
        sockets.delete(ctx.extra.socket);
        updateGauges();
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = ctx.extra.state;
        if (!state) return [new UnauthenticatedError()];
        // Role, approval and suspension are re-read for every operation, never kept from connect time.
        const current = await freshSessions.load(state.auth.sessionId);
        if (!current) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, 'Forbidden');
          return [new UnauthenticatedError('Your session has ended. Sign in again.')];
        }
        state.auth = current;
        const document = checked(payload.query);
        if (!('kind' in document)) return [...document];
        const definition = getOperationAST(document, payload.operationName);
        const operation = definition?.operation;
        const fields = definition ? rootFields(definition, document) : [];
        const ip = ctx.extra.request.socket.remoteAddress ?? '';
        if (operation === OperationTypeNode.MUTATION) {
          try {
            await guardMutation({ userId: state.auth.user.id, ip, fields });
          } catch (err) {
            metrics.rateLimited.inc({ limit: 'mutations' });
            return [err as GraphQLError];
          }
        }
        if (operation === OperationTypeNode.SUBSCRIPTION) {
          let active = 0;
          for (const s of socketsOf(state.auth.user.id)) active += s.subscriptions.size;
          if (active >= config.ws.maxSubscriptionsPerUser) {
            metrics.rateLimited.inc({ limit: 'ws_subscriptions' });
            return [new RateLimitedError(1, 'Too many subscriptions are open. Close some first.')];
          }
          if (!state.subscriptions.has(id)) subscriptionCount++;
          state.subscriptions.add(id);
          updateGauges();
        }
        metrics.requests.inc({ operation: operationLabel(fields), type: operation ?? 'unknown', transport: 'ws' });
        const contextValue: Context = {
          requestId: randomUUID(),
          viewer: state.auth.user,
          sessionId: state.auth.sessionId,
          ip,
          loaders: new RequestLoaders(),
          resolvers: composition.resolvers,
        };
        let lastEvent: object | undefined;
        let freshened: Promise<void> | undefined;
        contextValue.freshen = (event) => {
          if (event === lastEvent && freshened) return freshened;
          lastEvent = event;
          freshened = (async () => {
            contextValue.loaders.clear();
            const now = await sessions.load(state.auth.sessionId);
            if (!now) {
              ctx.extra.socket.close(CLOSE_FORBIDDEN, 'Forbidden');
              throw new UnauthenticatedError('Your session has ended. Sign in again.');
            }
            state.auth = now;
            contextValue.viewer = now.user;
          })();
          return freshened;
        };
        return {
          schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        };
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.state?.subscriptions.delete(id)) subscriptionCount--;
        updateGauges();
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const formatted = formatError(e.toJSON(), e, logger);
          metrics.errors.inc({ code: String(formatted.extensions?.code) });
          return formatted;
        }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        const errors = result.errors.map((e) => formatError(e.toJSON(), e, logger));
        errors.forEach((e) => metrics.errors.inc({ code: String(e.extensions?.code) }));
        return { ...result, errors };
      },
    },
    wss,
  );

  // A revoked session or a suspension closes that person's open sockets, on every instance.
  const revocations = pubsub.subscribe(AccountTopic.SESSIONS_REVOKED);
  void (async () => {
    for await (const event of revocations as AsyncIterable<SessionsRevokedEvent>) {
      for (const [socket, state] of sockets) {
        if (event.userId === state.auth.user.id || event.sessionIds?.includes(state.auth.sessionId)) {
          socket.close(CLOSE_FORBIDDEN, 'Forbidden');
        }
      }
    }
  })().catch((err) => logger.error({ err: loggableError(err) }, 'revocation listener stopped'));

  return {
    async dispose() {
      for (const socket of sockets.keys()) socket.close(1001, 'Server shutting down');
      await server.dispose();
    },
    async stopListening() {
      await revocations.return?.(undefined);
    },
  };
}
