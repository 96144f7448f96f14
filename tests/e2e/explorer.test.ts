/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EXAMPLES } from '../../src/explorer/client/examples';
import { DEMO_PASSWORD, runSeed } from '../../src/seed';
import { sleep, startTestApp, type TestApp } from '../helpers/harness';

/**
 * The explorer in a real browser (Debian's Chromium), set up as docker-compose runs it:
 * NODE_ENV=production (introspection off) with EXPLORER=on. Served by Onward itself, nothing
 * fetched from elsewhere, no introspection (the schema is in the bundle), no 404; one tab per
 * example, one operation each, and signing in or reloading adds none. A coordinator signs in,
 * works the moderation queue, and sees a live event caused by another client.
 * The README's screenshot (docs/explorer.png) is rewritten only with UPDATE_SCREENSHOT=1.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOT === '1'
    ? path.join(__dirname, '..', '..', 'docs', 'explorer.png')
    : path.join(os.tmpdir(), 'onward-explorer.png');
const OPERATIONS = EXAMPLES.map((e) => /^(?:query|mutation|subscription) (\w+)/m.exec(e.query)?.[1]);

let t: TestApp;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const failed: string[] = [];
const introspections: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is required at ${CHROMIUM} (apt-get install chromium)`);
  t = await startTestApp({ EXPLORER: 'on', NODE_ENV: 'production' });
  await runSeed(t.app.composition);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('request', (r) => {
    requests.push(r.url());
    if (/__schema|IntrospectionQuery/.test(r.postData() ?? '')) introspections.push(r.postData()!);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('websocket', (ws) => requests.push(ws.url()));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function openTab(title: string) {
  const index = EXAMPLES.findIndex((e) => e.title.startsWith(title));
  expect(index).toBeGreaterThanOrEqual(0);
  await page.locator('.graphiql-tab').nth(index).click();
  // GraphiQL settles the tab's operation name a moment after the switch, as a person would wait.
  await sleep(400);
}

async function run() {
  await page.locator('.graphiql-execute-button').click();
}

function responseText() {
  return page.locator('.graphiql-response').innerText();
}

async function tabTitles(): Promise<string[]> {
  return (await page.locator('.graphiql-tab').allInnerTexts()).map((s) => s.trim());
}

describe('GraphQL explorer', () => {
  it('loads from this server alone, with a strict Content-Security-Policy', async () => {
    const res = await page.goto(t.url);
    expect(res!.status()).toBe(200);
    const csp = res!.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.locator('.graphiql-container').waitFor();
  });

  it('opens one tab per example, each holding one operation', async () => {
    await page.locator('.graphiql-tab').first().waitFor();
    expect(await tabTitles()).toEqual(OPERATIONS);
  });

  it('knows the schema without introspection (off in production)', async () => {
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    expect(introspections).toEqual([]);
  });

  it('signs a coordinator in and runs the moderation queue', async () => {
    await page.getByLabel('Email').fill('coordinator@onward.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in as' }).waitFor();
    expect(await tabTitles()).toEqual(OPERATIONS); // signing in adds no tab
    await openTab('Coordinator: work');
    await run();
    await page.waitForFunction(() =>
      document.querySelector<HTMLElement>('.graphiql-response')?.innerText.includes('totalCount'),
    );
    const text = await responseText();
    expect(text).toContain('"moderationQueue"');
    expect(text).not.toMatch(/"errors"\s*:/);
    expect(text).toMatch(/"priority": "(HIGH|NORMAL|LOW)"/);
  });

  it('receives a subscription event caused by another client', async () => {
    await openTab('Coordinator: the queue');
    await run();
    await sleep(1000);
    const member = await t.user('MEMBER', 'Robin');
    // A new member writing crisis language: a HIGH item reaches coordinators at once.
    const r = await t.gql(
      `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } supportResources { __typename } } }`,
      { i: { title: 'Tonight', body: 'I relapsed and I want to end it all.' } },
      member.token,
    );
    expect(r.errors).toBeUndefined();
    await page
      .waitForFunction(
        () => document.querySelector<HTMLElement>('.graphiql-response')?.innerText.includes('moderationQueueUpdated'),
        null,
        { timeout: 15_000 },
      )
      .catch(async (err) => {
        await page.screenshot({ path: '/tmp/explorer-failure.png' });
        throw err;
      });
    expect(await responseText()).toContain('"HIGH"');
    await page.screenshot({ path: SCREENSHOT });
  });

  it('reopens on the examples after a reload, still signed in, with no tab added', async () => {
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Signed in' }).waitFor();
    await page.locator('.graphiql-tab').first().waitFor();
    expect(await tabTitles()).toEqual(OPERATIONS);
  });

  it('answered every request it made, and never introspected', () => {
    expect(failed).toEqual([]);
    expect(introspections).toEqual([]);
  });

  it('has a favicon that the browser can draw', async () => {
    const res = await fetch(new URL('/favicon.ico', t.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const width = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => resolve(-1);
          img.src = '/favicon.ico';
        }),
    );
    expect(width).toBe(16);
  });

  it('made no request that left this machine', () => {
    const origin = new URL(t.url);
    const foreign = requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:')) return false;
      return new URL(u).hostname !== origin.hostname;
    });
    expect(requests.length).toBeGreaterThan(2);
    expect(foreign).toEqual([]);
  });
});
