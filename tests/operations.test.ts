import { Writable } from 'node:stream';
import { createLogger } from '../src/core/logger';
import { PASSWORD, startTestApp, type TestApp } from './helpers/harness';

/** What operators see: metrics, request ids, and logs that never carry secrets or health data. */
describe('operations', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestApp({}, { logger: createLogger({ logLevel: 'info', nodeEnv: 'test' }, sink) });
  });
  afterAll(() => t.stop());

  it('echoes the request id it was given, or makes one', async () => {
    const given = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'lb-1234' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(given.headers.get('x-request-id')).toBe('lb-1234');
    const made = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics by operation and error code, with no personal data', async () => {
    const u = await t.user('MEMBER');
    await t.gql('query Me { viewer { id } }', {}, u.token);
    await t.gql('query Me { viewer { id } }', {}, 'revoked-or-wrong');
    const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
    // Labels come from the schema's root fields, never from client-chosen operation names.
    expect(text).toMatch(/onward_graphql_requests_total\{operation="viewer",type="query",transport="http"\} \d+/);
    expect(text).toMatch(/onward_graphql_request_duration_seconds_bucket\{le="0.05",operation="viewer"\} \d+/);
    expect(text).not.toContain('operation="Me"');
    expect(text).toMatch(/onward_db_pool_connections\{state="total"\} \d+/);
    expect(text).toContain('onward_ws_open_sockets');
    expect(text).not.toContain(u.id);
    expect(text).not.toContain(u.email);
  });

  it('keeps operation labels bounded by the schema, whatever names clients choose', async () => {
    for (let i = 0; i < 20; i++) await t.gql(`query Probe${i}x${Date.now()} { __typename }`);
    const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
    expect(text).not.toMatch(/Probe\d+x/);
    expect(text).toMatch(/onward_graphql_requests_total\{operation="none",type="query",transport="http"\} \d+/);
  });

  it('serves metrics to operators only: not through a proxy, and with METRICS_TOKEN only to its bearer', async () => {
    const viaProxy = await fetch(t.url.replace('/graphql', '/metrics'), {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(viaProxy.status).toBe(404);
    expect(await viaProxy.text()).not.toContain('onward_');
    const guarded = await t.another({ METRICS_TOKEN: 'operator-secret-0123456789' });
    const metricsUrl = guarded.url.replace('/graphql', '/metrics');
    expect((await fetch(metricsUrl)).status).toBe(404);
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer operator-secret-0123456788' } })).status).toBe(
      404,
    );
    const ok = await fetch(metricsUrl, { headers: { authorization: 'Bearer operator-secret-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('onward_graphql_requests_total');
  });

  it('logs each request with its id, and never a password, a token or a sobriety date', async () => {
    const u = await t.user('MEMBER');
    const login = await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
      i: { email: u.email, password: PASSWORD },
    });
    const token = login.data.logIn.token as string;
    await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: '2019-07-04', visibility: 'PRIVATE' } },
      token,
    );
    await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: 'not-a-date-1987-02-03', visibility: 'PRIVATE' } },
      token,
    );
    const all = lines.join('');
    expect(all).toContain('"requestId"');
    expect(all).toContain('"operation"');
    for (const secret of [PASSWORD, token, u.email, '2019-07-04', '1987-02-03']) expect(all).not.toContain(secret);
  });
});
