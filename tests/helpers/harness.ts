import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/core/config';
import type { Logger } from '../../src/core/logger';
import { databaseUrl, withAdmin } from './db';

export const ADMIN_EMAIL = 'admin@onward.test';
export const ADMIN_PASSWORD = 'admin-password-2026';
export const PASSWORD = 'correct horse battery';

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  displayName: string;
}

export interface TestApp {
  app: App;
  url: string;
  wsUrl: string;
  database: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  admin(): Promise<TestUser>;
  /** Invites and signs up a user through the API. */
  user(role?: 'MEMBER' | 'COORDINATOR' | 'ADMIN', name?: string): Promise<TestUser>;
  ws(token?: string | null, url?: string): { client: WsClient; closed: Promise<number> };
  /** Another instance on the same database (and the same Redis, when set): stopped with this one. */
  another(env?: Record<string, string>): Promise<{ app: App; url: string; wsUrl: string; gql: TestApp['gql'] }>;
  stop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, and a real server on a free port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logger?: Logger } = {},
): Promise<TestApp> {
  const database = `onward_t_${process.env.ONWARD_TEST_TEMPLATE!.split('_').pop()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.ONWARD_TEST_TEMPLATE}`));
  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl(database),
    DATABASE_POOL_SIZE: '20',
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_TIME_COST: '1',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JOBS: 'off',
    EXPLORER: 'off',
    ...env,
  };
  const app = await startApp(loadConfig(baseEnv), { logger: options.logger });
  const others: App[] = [];
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${app.port}/graphql`;
  const sockets: WsClient[] = [];
  let adminUser: TestUser | undefined;
  let counter = 0;

  const gqlAt =
    (target: string): TestApp['gql'] =>
    async (query, variables, token) => {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResponse;
      return { status: res.status, data: body.data, errors: body.errors };
    };
  const gql = gqlAt(url);

  const logIn = async (email: string, password: string): Promise<TestUser> => {
    const r = await gql(`mutation($i: LogInInput!) { logIn(input: $i) { token viewer { id displayName } } }`, {
      i: { email, password },
    });
    if (!r.data?.logIn) throw new Error(`logIn failed: ${JSON.stringify(r.errors)}`);
    return {
      id: r.data.logIn.viewer.id,
      email,
      token: r.data.logIn.token,
      displayName: r.data.logIn.viewer.displayName,
    };
  };

  const t: TestApp = {
    app,
    url,
    wsUrl,
    database,
    gql,
    sql: (text, params) => app.ds.query(text, params),
    async admin() {
      adminUser ??= await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      return adminUser;
    },
    async user(role = 'MEMBER', name) {
      const admin = await t.admin();
      const n = ++counter;
      const email = `${(name ?? role).toLowerCase().replace(/\W+/g, '')}${n}.${randomBytes(3).toString('hex')}@onward.test`;
      const inv = await gql(
        `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { code } } }`,
        { i: { email, role } },
        admin.token,
      );
      if (!inv.data) throw new Error(`createInvitation failed: ${JSON.stringify(inv.errors)}`);
      const displayName = name ?? `${role.toLowerCase()} ${n}`;
      const r = await gql(`mutation($i: SignUpInput!) { signUp(input: $i) { token viewer { id } } }`, {
        i: {
          invitationCode: inv.data.createInvitation.invitation.code,
          email,
          password: PASSWORD,
          displayName,
          timeZone: 'America/Chicago',
        },
      });
      if (!r.data) throw new Error(`signUp failed: ${JSON.stringify(r.errors)}`);
      return { id: r.data.signUp.viewer.id, email, token: r.data.signUp.token, displayName };
    },
    async another(env = {}) {
      const other = await startApp(loadConfig({ ...baseEnv, ...env }));
      others.push(other);
      const otherUrl = `http://127.0.0.1:${other.port}/graphql`;
      return { app: other, url: otherUrl, wsUrl: otherUrl.replace('http:', 'ws:'), gql: gqlAt(otherUrl) };
    },
    ws(token, target = wsUrl) {
      let resolveClosed!: (code: number) => void;
      const closed = new Promise<number>((r) => (resolveClosed = r));
      const client = createClient({
        url: target,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        connectionParams: token === null || token === undefined ? {} : { authorization: `Bearer ${token}` },
        on: { closed: (e) => resolveClosed((e as { code: number }).code) },
      });
      client.on('error', () => undefined);
      sockets.push(client);
      return { client, closed };
    },
    async stop() {
      await Promise.allSettled(sockets.map(async (s) => s.dispose()));
      await Promise.allSettled(others.map((o) => o.stop()));
      await app.stop();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
  return t;
}

/** Collects the events of one subscription. */
export function subscribe<T = any>(client: WsClient, query: string, variables?: Record<string, unknown>) {
  const events: Array<{ data?: T; errors?: any[] }> = [];
  const waiters: Array<() => void> = [];
  let error: unknown;
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        events.push(v as { data?: T });
        waiters.splice(0).forEach((w) => w());
      },
      error: (e) => {
        error = e;
        waiters.splice(0).forEach((w) => w());
      },
      complete: () => {
        completed = true;
        waiters.splice(0).forEach((w) => w());
      },
    },
  );
  return {
    events,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    dispose,
    /** Resolves once `n` events have arrived (or fails after `ms`). */
    async waitFor(n: number, ms = 5000): Promise<Array<{ data?: T; errors?: any[] }>> {
      const deadline = Date.now() + ms;
      while (events.length < n) {
        if (error) throw new Error(`subscription failed: ${JSON.stringify(error)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} events, got ${events.length}`);
        await new Promise<void>((r) => {
          const timer = setTimeout(r, left);
          waiters.push(() => {
            clearTimeout(timer);
            r();
          });
        });
      }
      return events;
    },
  };
}

export function codes(r: GqlResponse): string[] {
  return (r.errors ?? []).map((e) => e.extensions?.code);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
