import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, subscribe, type TestApp } from './helpers/harness';

interface Item {
  note?: string;
  name: string;
  query?: string;
  raw?: string;
  code?: string;
  status?: number;
  noSuggestion?: boolean;
}

const corpus: Item[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'adversarial.json'), 'utf8'));

/** Every item of the adversarial corpus is refused before execution, in production mode. */
describe('adversarial corpus', () => {
  let t: TestApp;
  let token: string;
  let socket: ReturnType<TestApp['ws']>;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', MUTATION_LIMIT_PER_ADDRESS: '100000' });
    token = (await t.user('MEMBER')).token;
    socket = t.ws(token); // one socket for every item: a person may hold only a few
  });
  afterAll(() => t.stop());

  it('holds at least a dozen items', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(12);
  });

  it.each(corpus.map((i) => [i.name, i] as const))('HTTP refuses: %s', async (_name, item) => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: item.raw ?? JSON.stringify({ query: item.query }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    if (item.status) expect(res.status).toBe(item.status);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.length).toBeGreaterThan(0);
    if (item.code) expect(body.errors!.map((e) => e.extensions?.code)).toContain(item.code);
    for (const e of body.errors!) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    if (item.noSuggestion) expect(body.errors![0].message).not.toMatch(/did you mean/i);
  });

  it.each(corpus.filter((i) => i.query).map((i) => [i.name, i] as const))(
    'WebSocket refuses: %s',
    async (_name, item) => {
      const sub = subscribe(socket.client, item.query!);
      const deadline = Date.now() + 5000;
      while (!sub.error && !sub.events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const errors =
        (sub.error as Array<{ extensions?: { code?: string } }> | undefined) ?? sub.events[0]?.errors ?? [];
      expect(sub.events.every((e) => !e.data)).toBe(true);
      expect(errors.map((e) => e.extensions?.code)).toContain(item.code);
      if (item.noSuggestion) expect(JSON.stringify(errors)).not.toMatch(/did you mean/i);
    },
  );
});
