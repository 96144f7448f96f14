/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, runSeed } from '../../src/seed';
import { sleep, startTestApp, type TestApp } from '../helpers/harness';

/**
 * The explorer in a real browser (Debian's Chromium): served by Onward itself, nothing
 * fetched from elsewhere; a coordinator signs in, works the moderation queue, and sees a
 * live event caused by another client. It also takes the README's screenshot.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let t: TestApp;
let browser: Browser;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is required at ${CHROMIUM} (apt-get install chromium)`);
  t = await startTestApp({ EXPLORER: 'on' });
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
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function openTab(title: string) {
  const index = ['Alumnus', 'Mentor', 'Coordinator: work', 'Coordinator: the queue', 'Anyone'].findIndex((p) =>
    title.startsWith(p),
  );
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

  it('signs a coordinator in and runs the moderation queue', async () => {
    await page.getByLabel('Email').fill('coordinator@onward.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in as' }).waitFor();
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
    await page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'explorer.png') });
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
