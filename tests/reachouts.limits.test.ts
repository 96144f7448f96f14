import { ConfigError, loadConfig } from '../src/core/config';
import { codes, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';
import { ok, REACH_OUT, REACH_OUT_ENV } from './helpers/reachouts';

const UPDATE = `mutation { updateProfile(input: { displayName: "Still Here" }) { user { id } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ...REACH_OUT_ENV });
  await t.user('COORDINATOR', 'Limits Coordinator');
});
afterAll(() => t.stop());

async function reachOutCount(member: TestUser): Promise<number> {
  return (await t.sql(`SELECT count(*)::int AS n FROM reach_outs WHERE member_id = $1`, [member.id]))[0].n;
}

describe('rate limits and reaching out', () => {
  it('never refuse the first three reach-outs in an hour, even past the general mutation limit (HTTP and WebSocket)', async () => {
    const limited = await t.another({
      MUTATION_LIMIT_PER_USER: '2',
      MUTATION_LIMIT_PER_ADDRESS: '1000000',
      REACH_OUT_LIMIT_PER_HOUR: '3',
    });
    const member = await t.user('MEMBER', 'Busy Member');
    // The general limit is spent.
    await ok(limited, UPDATE, {}, member.token);
    await ok(limited, UPDATE, {}, member.token);
    const spent = await limited.gql(UPDATE, {}, member.token);
    expect(codes(spent)).toEqual(['RATE_LIMITED']);

    // Two reach-outs over HTTP, the third over a WebSocket: none refused.
    for (let i = 0; i < 2; i++) {
      const r = await limited.gql(REACH_OUT, { i: { message: `Call ${i + 1}` } }, member.token);
      expect(r.errors).toBeUndefined();
    }
    const socket = t.ws(member.token, limited.wsUrl).client;
    const third = subscribe(socket, REACH_OUT, { i: { message: 'Call 3' } });
    const [result] = await third.waitFor(1);
    expect(result.errors).toBeUndefined();
    expect(result.data.reachOut.reachOut.status).toBe('OPEN');
    expect(await reachOutCount(member)).toBe(3);

    // A fourth in the hour may be limited (here REACH_OUT_LIMIT_PER_HOUR is 3), and changes nothing.
    const fourth = await limited.gql(REACH_OUT, {}, member.token);
    expect(codes(fourth)).toEqual(['RATE_LIMITED']);
    expect(fourth.errors![0].extensions!.retryAfter).toBeGreaterThan(3500);
    expect(fourth.errors![0].message).toContain('988');
    expect(await reachOutCount(member)).toBe(3);
    // The general limit still holds for everything else.
    expect(codes(await limited.gql(UPDATE, {}, member.token))).toEqual(['RATE_LIMITED']);
  });

  it('counts reach-outs by root field: three aliases in one request all go through, a fourth is refused', async () => {
    const limited = await t.another({
      MUTATION_LIMIT_PER_USER: '1',
      MUTATION_LIMIT_PER_ADDRESS: '1000000',
      REACH_OUT_LIMIT_PER_HOUR: '3',
    });
    const member = await t.user('MEMBER', 'Alias Member');
    await ok(limited, UPDATE, {}, member.token);
    const three = await limited.gql(
      `mutation { a: reachOut { reachOut { id } } b: reachOut { reachOut { id } } c: reachOut { reachOut { id } } }`,
      {},
      member.token,
    );
    expect(three.errors).toBeUndefined();
    expect(Object.keys(three.data)).toEqual(['a', 'b', 'c']);
    expect(await reachOutCount(member)).toBe(3);
    const more = await limited.gql(`mutation { d: reachOut { reachOut { id } } }`, {}, member.token);
    expect(codes(more)).toEqual(['RATE_LIMITED']);
    // A request that mixes a reach-out with other mutations is counted for the others.
    const mixed = await limited.gql(
      `mutation { reachOut { reachOut { id } } ${UPDATE.slice(10, -1)} }`,
      {},
      member.token,
    );
    expect(codes(mixed)).toEqual(['RATE_LIMITED']);
    expect(await reachOutCount(member)).toBe(3);
  });

  it('never refuse them when the address has spent its limit either', async () => {
    const limited = await t.another({
      MUTATION_LIMIT_PER_USER: '1000',
      MUTATION_LIMIT_PER_ADDRESS: '2',
    });
    const member = await t.user('MEMBER', 'Shared Address');
    const neighbour = await t.user('MEMBER', 'Neighbour');
    await ok(limited, UPDATE, {}, neighbour.token);
    await ok(limited, UPDATE, {}, neighbour.token);
    expect(codes(await limited.gql(UPDATE, {}, member.token))).toEqual(['RATE_LIMITED']);
    for (let i = 0; i < 3; i++) expect((await limited.gql(REACH_OUT, {}, member.token)).errors).toBeUndefined();
    // Signed out, a reach-out is counted like any mutation (and refused: it needs a session).
    expect(codes(await limited.gql(REACH_OUT, {}))).toEqual(['RATE_LIMITED']);
  });
});

describe('reach-out settings', () => {
  it.each([
    [{ REACH_OUT_ESCALATE_MINUTES: '0' }, 'REACH_OUT_ESCALATE_MINUTES'],
    [{ REACH_OUT_LIMIT_PER_HOUR: '2' }, 'REACH_OUT_LIMIT_PER_HOUR'],
    [{ CRISIS_LINES: 'not json' }, 'CRISIS_LINES'],
    [{ CRISIS_LINES: '{"usa": [{"name": "x", "phone": "1"}]}' }, 'CRISIS_LINES'],
    [{ CRISIS_LINES: '{"GB": [{"name": "No way to reach it"}]}' }, 'CRISIS_LINES'],
    [{ CRISIS_LINES: '{"GB": [{"name": "x", "url": "http://insecure.example"}]}' }, 'CRISIS_LINES'],
    [{ CRISIS_LINES: '{"GB": [{"name": "Samaritans", "phone": "116 123"}]}' }, 'CRISIS_LINES_DEFAULT_COUNTRY'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable);
    }
  });

  it('defaults to ten minutes, six an hour, and the US lines', () => {
    const c = loadConfig({}).reachOut;
    expect(c).toMatchObject({ escalateMinutes: 10, limitPerHour: 6, defaultCountry: 'US' });
    expect(c.crisisLines.US.map((l) => l.phone)).toEqual(['988', '1-800-662-4357']);
    const gb = loadConfig({
      CRISIS_LINES: '{"GB": [{"name": "Samaritans", "phone": "116 123"}]}',
      CRISIS_LINES_DEFAULT_COUNTRY: 'GB',
    }).reachOut;
    expect(gb.crisisLines).toEqual({ GB: [{ name: 'Samaritans', phone: '116 123', text: null, url: null }] });
  });
});
