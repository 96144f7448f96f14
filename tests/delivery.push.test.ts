import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, createHmac, randomBytes, type ECDH } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { sleep, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { healthWordsIn } from './helpers/mail';
import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { DISCREET_TEXTS } from '../src/modules/delivery/delivery.texts';

/**
 * Web Push against a push service stood up here: an HTTPS server with a certificate made in
 * the test receives the encrypted request, and the test decrypts it with the subscription's
 * own keys (RFC 8291, aes128gcm), as a browser would.
 */
interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** RFC 8291 / RFC 8188: what the user agent does with a push message. */
function decrypt(body: Buffer, ua: ECDH, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idLen = body[20];
  const asPublic = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  expect(ciphertext.length).toBeLessThanOrEqual(rs);
  const ecdhSecret = ua.computeSecret(asPublic);
  const prkKey = hmac(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo).subarray(0, 32);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'latin1')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'latin1')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then padding zeros.
  const end = plain.lastIndexOf(2);
  expect(plain.subarray(end + 1).every((b) => b === 0)).toBe(true);
  return plain.subarray(0, end).toString('utf8');
}

function browser() {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const auth = randomBytes(16);
  return { ua, auth, p256dh: ua.getPublicKey().toString('base64url'), authB64: auth.toString('base64url') };
}

const REGISTER = `mutation($i: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $i) { subscription { id createdAt } } }`;
const UNREGISTER = `mutation($i: UnregisterPushSubscriptionInput!) { unregisterPushSubscription(input: $i) { removed } }`;

describe('Web Push', () => {
  const vapid = webpush.generateVAPIDKeys();
  let t: TestApp;
  let server: https.Server;
  let base: string;
  const received: Received[] = [];
  const statusFor = new Map<string, number>();
  let dir: string;
  const ca = https.globalAgent.options.ca;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-push-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = https.createServer(
      { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
          res.statusCode = statusFor.get(req.url ?? '') ?? 201;
          res.end();
        });
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The push service's certificate was made above: the app's HTTPS agent trusts it, and only it.
    https.globalAgent.options.ca = fs.readFileSync(path.join(dir, 'cert.pem'));
    t = await startTestApp({
      JOBS: 'on',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:program@onward.test',
      APP_URL: 'https://app.onward.test',
      DELIVERY_RETRY_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await t.stop();
    await new Promise<void>((r) => server.close(() => r()));
    https.globalAgent.options.ca = ca;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(pathname: string, n = 1): Promise<Received[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const got = received.filter((r) => r.path === pathname);
      if (got.length >= n) return got;
      if (Date.now() > deadline) throw new Error(`waited for ${n} pushes to ${pathname}, got ${got.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function register(member: TestUser, name: string) {
    const b = browser();
    const endpoint = `${base}/push/${name}`;
    const r = await t.gql(REGISTER, { i: { endpoint, p256dh: b.p256dh, auth: b.authB64 } }, member.token);
    expect(r.errors).toBeUndefined();
    return { ...b, endpoint, pathname: `/push/${name}` };
  }

  it('gives browsers the VAPID public key', async () => {
    const res = await fetch(t.url.replace('/graphql', '/push/public-key'));
    expect(await res.json()).toEqual({ publicKey: vapid.publicKey });
  });

  it('refuses a subscription that is not one, naming the field, and stores nothing', async () => {
    const member = await t.user();
    const b = browser();
    const bad: Array<[Record<string, string>, string]> = [
      [{ endpoint: 'http://push.example.org/x', p256dh: b.p256dh, auth: b.authB64 }, 'endpoint'],
      [{ endpoint: 'not a url', p256dh: b.p256dh, auth: b.authB64 }, 'endpoint'],
      [{ endpoint: `${base}/push/x`, p256dh: randomBytes(65).toString('base64url'), auth: b.authB64 }, 'p256dh'],
      [{ endpoint: `${base}/push/x`, p256dh: b.p256dh, auth: randomBytes(8).toString('base64url') }, 'auth'],
    ];
    for (const [input, field] of bad) {
      const r = await t.gql(REGISTER, { i: input }, member.token);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.sql(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [member.id])).toEqual([]);
  });

  it('sends an encrypted, discreet push to every device of the member, signed with VAPID', async () => {
    const member = await t.user();
    const phone = await register(member, 'phone');
    const laptop = await register(member, 'laptop');
    await t.app.services.notifications.notify({
      userId: member.id,
      kind: NotificationKind.MILESTONE_REACHED,
      message: 'You reached 90 days sober.',
    });
    for (const device of [phone, laptop]) {
      const [req] = await waitFor(device.pathname);
      expect(req.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(req.headers.ttl)).toBeGreaterThan(0);
      const auth = String(req.headers.authorization);
      expect(auth).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
      const jwt = JSON.parse(Buffer.from(/t=[\w-]+\.([\w-]+)\./.exec(auth)![1], 'base64url').toString());
      expect(jwt).toMatchObject({ aud: base, sub: 'mailto:program@onward.test' });
      // The body is ciphertext: nothing of the message travels in the clear.
      expect(req.body.toString('latin1')).not.toContain('Onward');
      const payload = JSON.parse(decrypt(req.body, device.ua, device.auth));
      expect(payload).toEqual({
        title: DISCREET_TEXTS.MILESTONE_REACHED.pushTitle,
        body: DISCREET_TEXTS.MILESTONE_REACHED.pushBody,
        url: 'https://app.onward.test',
      });
      expect(healthWordsIn(`${payload.title} ${payload.body}`)).toEqual([]);
    }
    // A delivery is marked SENT once the push service has answered, just after it received the request.
    const deadline = Date.now() + 5000;
    let deliveries = await t.sql(`SELECT channel, status FROM deliveries WHERE user_id = $1`, [member.id]);
    while (deliveries.some((d) => d.status === 'PENDING') && Date.now() < deadline) {
      await sleep(20);
      deliveries = await t.sql(`SELECT channel, status FROM deliveries WHERE user_id = $1`, [member.id]);
    }
    expect(deliveries).toEqual([
      { channel: 'PUSH', status: 'SENT' },
      { channel: 'PUSH', status: 'SENT' },
    ]);

    // Unregistered, a device gets nothing more; the other still does.
    const r = await t.gql(UNREGISTER, { i: { endpoint: laptop.endpoint } }, member.token);
    expect(r.data.unregisterPushSubscription).toEqual({ removed: true });
    await t.app.services.notifications.notify({ userId: member.id, kind: NotificationKind.MATCH_ENDED, message: 'x' });
    await waitFor(phone.pathname, 2);
    await new Promise((res) => setTimeout(res, 1500));
    expect(received.filter((q) => q.path === laptop.pathname)).toHaveLength(1);
  });

  it('removes a subscription the push service answers 410 for, and does not retry it', async () => {
    const member = await t.user();
    const gone = await register(member, 'gone');
    statusFor.set(gone.pathname, 410);
    await t.app.services.notifications.notify({ userId: member.id, kind: NotificationKind.REACH_OUT, message: 'x' });
    await waitFor(gone.pathname);
    const deadline = Date.now() + 10_000;
    while ((await t.sql(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [member.id])).length) {
      if (Date.now() > deadline) throw new Error('the subscription was not removed');
      await new Promise((res) => setTimeout(res, 100));
    }
    await new Promise((res) => setTimeout(res, 2500));
    expect(received.filter((q) => q.path === gone.pathname)).toHaveLength(1);
    expect(await t.sql(`SELECT status, attempts FROM deliveries WHERE user_id = $1`, [member.id])).toEqual([
      { status: 'FAILED', attempts: 1 },
    ]);
  });
});
