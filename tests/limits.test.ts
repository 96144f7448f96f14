import { codes, sleep, startTestApp, subscribe, type TestApp } from './helpers/harness';

/** Abusive queries are rejected before execution: nothing runs, nothing is counted. */
describe('query limits over HTTP', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({
      LIMIT_QUERY_DEPTH: '3',
      LIMIT_QUERY_COST: '60',
      LIMIT_QUERY_TOKENS: '400',
      LIMIT_BODY_BYTES: '4096',
    });
    token = (await t.user('MEMBER')).token;
  });
  afterAll(() => t.stop());

  it('rejects a query deeper than the limit', async () => {
    const r = await t.gql(`{ notifications { edges { node { id } } } }`, {}, token);
    expect(codes(r)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(r.data).toBeUndefined();
  });

  it('rejects an alias bomb', async () => {
    const q = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect(codes(await t.gql(q, {}, token))).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects a query that costs too much', async () => {
    const q = `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: viewer { id displayName role isMentor timeZone email }`).join(' ')} }`;
    expect(codes(await t.gql(q, {}, token))).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects too many tokens and directive spam', async () => {
    const many = `{ viewer { ${Array.from({ length: 150 }, () => 'id').join(' ')} } }`;
    expect(codes(await t.gql(many, {}, token))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const directives = `{ viewer { id ${Array.from({ length: 30 }, () => '@include(if: true)').join(' ')} } }`;
    expect(codes(await t.gql(directives, {}, token))).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects fragment cycles', async () => {
    const q = `query { viewer { ...A } } fragment A on User { id ...B } fragment B on User { displayName ...A }`;
    expect(codes(await t.gql(q, {}, token))).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not suggest field names', async () => {
    const r = await t.gql(`{ viewer { emial } }`, {}, token);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).not.toMatch(/Did you mean/i);
  });

  it('refuses batched requests, malformed JSON and oversized bodies with a clean error', async () => {
    const batch = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]),
    });
    expect(batch.status).toBe(400);

    const bad = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const big = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }', variables: { pad: 'x'.repeat(10_000) } }),
    });
    expect(big.status).toBe(413);
    const body = await big.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/);
  });

  it('blocks cross-site simple requests (CSRF prevention)', async () => {
    const r = await fetch(`${t.url}?query=${encodeURIComponent('{ viewer { id } }')}`);
    expect(r.status).toBe(400);
  });

  it('answers health and readiness', async () => {
    const origin = t.url.replace('/graphql', '');
    expect(await (await fetch(`${origin}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${origin}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});

describe('production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t.stop());

  it('turns introspection off', async () => {
    const r = await t.gql(`{ __schema { queryType { name } } }`);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('mutation limits count operations, not requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MUTATION_LIMIT_PER_USER: '20' });
  });
  afterAll(() => t.stop());

  const aliased = (n: number, name: string) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `m${i}: updateProfile(input: { displayName: "${name} ${i}" }) { user { id } }`).join(' ')} }`;

  it('counts each root field, so aliases cannot multiply a request past the limit, on HTTP and WebSocket', async () => {
    const u = await t.user('MEMBER', 'Alias Counter');
    expect((await t.gql(aliased(12, 'First'), {}, u.token)).errors).toBeUndefined();
    const over = await t.gql(aliased(12, 'Second'), {}, u.token);
    expect(codes(over)).toEqual(['RATE_LIMITED']);
    expect(over.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    const me = await t.gql(`{ viewer { displayName } }`, {}, u.token);
    expect(me.data.viewer.displayName).toBe('First 11');

    const other = await t.user('MEMBER', 'Socket Counter');
    const { client } = t.ws(other.token);
    const first = subscribe(client, aliased(12, 'Sock'));
    await first.waitFor(1);
    expect(first.events[0].errors).toBeUndefined();
    const second = subscribe(client, aliased(12, 'Sock again'));
    const deadline = Date.now() + 3000;
    while (!second.error && Date.now() < deadline) await sleep(20);
    expect((second.error as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('RATE_LIMITED');
  });
});
