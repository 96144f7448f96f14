import WebSocket from 'ws';
import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { codes, sleep, startTestApp, subscribe, type TestApp } from './helpers/harness';

const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind message subjectId createdAt readAt } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

function notify(userId: string, message = 'A seat opened up for you.') {
  return t.app.services.notifications.notify({ userId, kind: NotificationKind.WAITLIST_PROMOTED, message });
}

describe('WebSocket (graphql-transport-ws on /graphql)', () => {
  it('closes a socket without a token, or with a bad one, with 4403', async () => {
    expect(await t.ws(null).closed).toBe(4403);
    expect(await t.ws('not-a-real-token').closed).toBe(4403);
  });

  it('signs in with connectionParams and answers queries over the socket', async () => {
    const u = await t.user('MEMBER', 'Socket Sam');
    const { client } = t.ws(u.token);
    const result = await new Promise<any>((resolve, reject) => {
      client.subscribe(
        { query: '{ viewer { id displayName } }' },
        { next: resolve, error: reject, complete: () => undefined },
      );
    });
    expect(result.data.viewer).toEqual({ id: u.id, displayName: 'Socket Sam' });
  });

  it("delivers a member's own notifications, and no one else's", async () => {
    const a = await t.user('MEMBER');
    const b = await t.user('MEMBER');
    const subA = subscribe(t.ws(a.token).client, NOTIFICATION_ADDED);
    const subB = subscribe(t.ws(b.token).client, NOTIFICATION_ADDED);
    await sleep(200); // let both subscriptions register
    const n = await notify(a.id);
    const [event] = await subA.waitFor(1);
    expect(event.data!.notificationAdded).toEqual({
      id: n.id,
      kind: 'WAITLIST_PROMOTED',
      message: 'A seat opened up for you.',
      subjectId: null,
      createdAt: n.createdAt.toISOString(),
      readAt: null,
    });
    await sleep(200);
    expect(subB.events).toHaveLength(0);
  });

  it('log-out closes the open sockets of that session with 4403', async () => {
    const u = await t.user('MEMBER');
    const socket = t.ws(u.token);
    subscribe(socket.client, NOTIFICATION_ADDED);
    await sleep(200);
    expect((await t.gql(`mutation { logOut }`, {}, u.token)).data.logOut).toBe(true);
    expect(await socket.closed).toBe(4403);
    // A new socket with the revoked token is refused at once.
    expect(await t.ws(u.token).closed).toBe(4403);
  });

  it('suspension closes every socket of that member with 4403', async () => {
    const coordinator = await t.user('COORDINATOR');
    const u = await t.user('MEMBER');
    const second = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: u.email, password: 'correct horse battery' },
    });
    const s1 = t.ws(u.token);
    const s2 = t.ws(second.data.logIn.token);
    subscribe(s1.client, NOTIFICATION_ADDED);
    subscribe(s2.client, NOTIFICATION_ADDED);
    await sleep(200);
    const until = new Date(Date.now() + 86400_000).toISOString();
    const r = await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: u.id, until, reason: 'Cooling off' } },
      coordinator.token,
    );
    expect(r.errors).toBeUndefined();
    expect(await s1.closed).toBe(4403);
    expect(await s2.closed).toBe(4403);
  });

  it('applies the same query limits as HTTP before executing', async () => {
    const u = await t.user('MEMBER');
    const { client } = t.ws(u.token);
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    const error = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: `{ ${aliases} }` },
        { next: () => resolve(null), error: resolve, complete: () => undefined },
      );
    });
    expect(error).toEqual(expect.any(Array));
    expect(error[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses subscriptions over plain HTTP', async () => {
    const u = await t.user('MEMBER');
    const r = await t.gql(NOTIFICATION_ADDED, {}, u.token);
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(codes(r)[0]).not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('abuse limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      WS_MAX_SOCKETS_PER_USER: '2',
      WS_MAX_SUBSCRIPTIONS_PER_USER: '2',
      WS_INIT_TIMEOUT_MS: '300',
      MUTATION_LIMIT_PER_USER: '3',
    });
  });
  afterAll(() => limited.stop());

  it('closes a third socket of the same person with 4429', async () => {
    const u = await limited.user('MEMBER');
    const a = limited.ws(u.token);
    const b = limited.ws(u.token);
    subscribe(a.client, NOTIFICATION_ADDED);
    subscribe(b.client, NOTIFICATION_ADDED);
    await sleep(300);
    expect(await limited.ws(u.token).closed).toBe(4429);
  });

  it('refuses a subscription past the per-person limit with RATE_LIMITED', async () => {
    const u = await limited.user('MEMBER');
    const { client } = limited.ws(u.token);
    subscribe(client, NOTIFICATION_ADDED);
    subscribe(client, NOTIFICATION_ADDED);
    const third = subscribe(client, NOTIFICATION_ADDED);
    const deadline = Date.now() + 3000;
    while (!third.error && Date.now() < deadline) await sleep(20);
    expect((third.error as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('closes a socket that never says connection_init, and one that sends more than 64 KiB', async () => {
    const silent = new WebSocket(limited.wsUrl, 'graphql-transport-ws');
    const silentCode = await new Promise<number>((r) => silent.on('close', (code) => r(code)));
    expect(silentCode).toBe(4408);

    // The client's error, answered with 1009: nothing printed as if the server had failed.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const big = new WebSocket(limited.wsUrl, 'graphql-transport-ws');
      await new Promise((r) => big.on('open', r));
      big.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70 * 1024) } }));
      const bigCode = await new Promise<number>((r) => big.on('close', (code) => r(code)));
      expect(bigCode).toBe(1009);
      await sleep(100);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });

  it('limits mutations per person with RATE_LIMITED and retryAfter, on HTTP and WebSocket alike', async () => {
    const u = await limited.user('MEMBER');
    const UPDATE = `mutation { updateProfile(input: { displayName: "Pat" }) { user { id } } }`;
    for (let i = 0; i < 3; i++) expect((await limited.gql(UPDATE, {}, u.token)).errors).toBeUndefined();
    const over = await limited.gql(UPDATE, {}, u.token);
    expect(codes(over)).toEqual(['RATE_LIMITED']);
    expect(over.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    const { client } = limited.ws(u.token);
    const viaSocket = subscribe(client, UPDATE);
    const deadline = Date.now() + 3000;
    while (!viaSocket.error && Date.now() < deadline) await sleep(20);
    expect((viaSocket.error as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('RATE_LIMITED');
  });
});
