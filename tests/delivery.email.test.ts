import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { startTestApp, PASSWORD, type TestApp, type TestUser } from './helpers/harness';
import { freePort, healthWordsIn, startSmtp, type ReceivedMail } from './helpers/mail';
import { createMeeting, inHours, MEETING_ENV, RSVP } from './helpers/meetings';
import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { DELIVERY } from '../src/modules/delivery/delivery.ports';
import { DISCREET_TEXTS, digestText } from '../src/modules/delivery/delivery.texts';
import { quietHoursEndAfter } from '../src/modules/delivery/delivery.policy';

/**
 * E-mail through a real SMTP server in the test process: what a message carries, the
 * one-click unsubscribe, quiet hours and their digest, retries while the server is down, and
 * exactly-once delivery with two workers.
 */
const MAIL_ENV = {
  ...MEETING_ENV,
  JOBS: 'on',
  MAIL_FROM: 'Onward <no-reply@onward.test>',
  APP_URL: 'https://app.onward.test',
  PUBLIC_URL: 'https://api.onward.test',
  DELIVERY_RETRY_DELAY_SECONDS: '1',
};

const PREFS = `{ viewer { deliveryPreferences { email push quietHoursStart quietHoursEnd emailAvailable pushAvailable kinds { kind email push } } } }`;
const SET = `mutation($i: SetDeliveryPreferencesInput!) { setDeliveryPreferences(input: $i) { deliveryPreferences { email push quietHoursStart quietHoursEnd kinds { kind email push } } } }`;
const DELIVERIES = `{ viewer { deliveries(first: 100) { totalCount edges { node { id kind channel status skipReason items attempts digestId sentAt notificationId } } } } }`;

function notify(t: TestApp, userId: string, kind: NotificationKind, message = 'Something happened.', actorId?: string) {
  return t.app.services.notifications.notify({ userId, kind, message, actorId });
}

async function deliveriesOf(t: TestApp, user: TestUser): Promise<any[]> {
  const r = await t.gql(DELIVERIES, {}, user.token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.viewer.deliveries.edges.map((e: any) => e.node);
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function mailTo(smtp: Awaited<ReturnType<typeof startSmtp>>, address: string, n = 1): Promise<ReceivedMail[]> {
  return until(
    async () => smtp.to(address),
    (m) => m.length >= n,
  );
}

function preview(mail: ReceivedMail): string {
  return /<div style="display:none[^"]*">([^<]*)<\/div>/.exec(mail.html)?.[1] ?? '';
}

function unsubscribeUrl(mail: ReceivedMail): string {
  return /^<(.+)>$/.exec(mail.headers['list-unsubscribe'])![1];
}

/** The unsubscribe link, at this test server rather than at PUBLIC_URL. */
function local(t: TestApp, link: string): string {
  return link.replace('https://api.onward.test', t.url.replace('/graphql', ''));
}

describe('e-mail delivery', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ ...MAIL_ENV, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
  });
  afterAll(async () => {
    await t.stop();
    await smtp.stop();
  });

  it('sends a discreet e-mail in plain text and HTML, with the one-click unsubscribe headers', async () => {
    const member = await t.user('MEMBER', 'Robin');
    const mentor = await t.user('MEMBER', 'Casey');
    await notify(t, member.id, NotificationKind.MATCH_ACCEPTED, '{actor} accepted you as their mentee.', mentor.id);
    const [mail] = await mailTo(smtp, member.email);

    expect(mail.subject).toBe('You have a new message on Onward');
    expect(mail.headers.from).toBe('Onward <no-reply@onward.test>');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/api\.onward\.test\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    // The body says what happened, with the actor's name as it is now, and links to the app.
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Casey accepted you as their mentee.');
      expect(body).toContain('https://app.onward.test');
      expect(body).toContain(unsubscribeUrl(mail));
      expect(body).toContain('Robin');
    }
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(preview(mail)).toBe(mail.subject);

    // Only the token's hash is kept.
    const token = unsubscribeUrl(mail).split('/').pop()!;
    const [row] = await t.sql(`SELECT unsubscribe_token_hash FROM deliveries WHERE user_id = $1`, [member.id]);
    expect(row.unsubscribe_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await t.sql(`SELECT * FROM deliveries`))).not.toContain(token);

    const [d] = await until(
      () => deliveriesOf(t, member),
      (ds) => ds[0]?.status === 'SENT',
    );
    expect(d).toMatchObject({ kind: 'MATCH_ACCEPTED', channel: 'EMAIL', status: 'SENT', attempts: 1, items: 1 });
  });

  it('unsubscribes from that kind in one click, without signing in; GET changes nothing', async () => {
    const member = await t.user();
    await notify(t, member.id, NotificationKind.MATCH_ENDED);
    const [mail] = await mailTo(smtp, member.email);
    const link = local(t, unsubscribeUrl(mail));
    const kindEmail = async (kind: string) =>
      (await t.gql(PREFS, {}, member.token)).data.viewer.deliveryPreferences.kinds.find((k: any) => k.kind === kind)
        .email;

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await kindEmail('MATCH_ENDED')).toBe(true);

    const wrong = await fetch(link.replace(/[^/]+$/, 'A'.repeat(43)), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(wrong.status).toBe(404);
    expect(await kindEmail('MATCH_ENDED')).toBe(true);

    // What a mail app sends under RFC 8058.
    const done = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await kindEmail('MATCH_ENDED')).toBe(false);
    expect(await kindEmail('MATCH_ACCEPTED')).toBe(true);
    const prefs = (await t.gql(PREFS, {}, member.token)).data.viewer.deliveryPreferences;
    expect(prefs).toMatchObject({ email: true, push: true });

    await notify(t, member.id, NotificationKind.MATCH_ENDED);
    await notify(t, member.id, NotificationKind.MATCH_ACCEPTED);
    await mailTo(smtp, member.email, 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(member.email).map((m) => m.subject)).toEqual([
      DISCREET_TEXTS.MATCH_ENDED.subject,
      DISCREET_TEXTS.MATCH_ACCEPTED.subject,
    ]);
    const ds = await deliveriesOf(t, member);
    expect(ds.find((d) => d.kind === 'MATCH_ENDED' && d.status === 'SKIPPED')).toMatchObject({
      skipReason: 'PREFERENCE',
      sentAt: null,
    });
  });

  it('no subject or preview of any notification kind names a health matter', async () => {
    const member = await t.user();
    const kinds = Object.values(NotificationKind);
    for (const kind of kinds) await notify(t, member.id, kind, 'Your sobriety milestone: 90 days without a drink.');
    const mails = await mailTo(smtp, member.email, kinds.length);
    const texts = [
      ...mails.flatMap((m) => [m.subject, preview(m)]),
      ...kinds.flatMap((k) => [DISCREET_TEXTS[k].subject, DISCREET_TEXTS[k].pushTitle, DISCREET_TEXTS[k].pushBody]),
      ...[1, 5].flatMap((n) => Object.values(digestText(n))),
    ];
    for (const text of texts) expect({ text, words: healthWordsIn(text) }).toEqual({ text, words: [] });
    expect(new Set(mails.map((m) => m.subject))).toEqual(new Set(kinds.map((k) => DISCREET_TEXTS[k].subject)));
    // The list would catch them: the body (read only once opened) does say what happened.
    expect(healthWordsIn(mails[0].text)).toEqual(expect.arrayContaining(['sobriety', 'milestone', 'drink']));
  });

  it('validates preferences, and a refused change changes nothing', async () => {
    const member = await t.user();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ quietHoursStart: '22:00' }, 'quietHoursEnd'],
      [{ quietHoursEnd: '07:00' }, 'quietHoursStart'],
      [{ quietHoursStart: '25:00', quietHoursEnd: '07:00' }, 'quietHoursStart'],
      [{ quietHoursStart: '22:00', quietHoursEnd: '7:00' }, 'quietHoursEnd'],
      [{ quietHoursStart: '22:00', quietHoursEnd: '22:00' }, 'quietHoursEnd'],
      [{ quietHoursStart: '22:00', quietHoursEnd: null }, 'quietHoursEnd'],
      [
        {
          email: false,
          kinds: [
            { kind: 'MATCH_ENDED', email: false, push: true },
            { kind: 'MATCH_ENDED', email: true, push: true },
          ],
        },
        'kinds',
      ],
      [{ email: null }, 'email'],
    ];
    const before = (await t.gql(PREFS, {}, member.token)).data;
    for (const [input, field] of bad) {
      const r = await t.gql(SET, { i: input }, member.token);
      expect({ input, error: r.errors?.[0]?.extensions }).toEqual({
        input,
        error: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      });
    }
    expect((await t.gql(PREFS, {}, member.token)).data).toEqual(before);
    expect(before.viewer.deliveryPreferences).toMatchObject({
      email: true,
      push: true,
      quietHoursStart: null,
      quietHoursEnd: null,
      emailAvailable: true,
      pushAvailable: false,
    });
    expect(before.viewer.deliveryPreferences.kinds).toHaveLength(Object.values(NotificationKind).length);

    const ok = await t.gql(
      SET,
      {
        i: {
          push: false,
          quietHoursStart: '22:30',
          quietHoursEnd: '06:45',
          kinds: [{ kind: 'CONGRATULATED', email: false, push: true }],
        },
      },
      member.token,
    );
    expect(ok.data.setDeliveryPreferences.deliveryPreferences).toMatchObject({
      email: true,
      push: false,
      quietHoursStart: '22:30',
      quietHoursEnd: '06:45',
    });
    // Left out stays; both null clears.
    const cleared = await t.gql(SET, { i: { quietHoursStart: null, quietHoursEnd: null } }, member.token);
    expect(cleared.data.setDeliveryPreferences.deliveryPreferences).toMatchObject({
      push: false,
      quietHoursStart: null,
      quietHoursEnd: null,
    });
    expect(
      cleared.data.setDeliveryPreferences.deliveryPreferences.kinds.find((k: any) => k.kind === 'CONGRATULATED'),
    ).toEqual({ kind: 'CONGRATULATED', email: false, push: true });
    // Nobody else reads them.
    const other = await t.user();
    const r = await t.gql(
      `query($id: ID!) { user(id: $id) { deliveryPreferences { email } deliveries { totalCount } } }`,
      { id: member.id },
      other.token,
    );
    expect(r.data.user).toEqual({ deliveryPreferences: null, deliveries: null });
  });

  it('holds all but reach-outs in quiet hours, then sends what waited as one digest', async () => {
    const member = await t.user();
    // Quiet hours around now, on the member's clock (America/Chicago).
    const now = DateTime.now().setZone('America/Chicago');
    const start = now.minus({ hours: 2 }).toFormat('HH:mm');
    const end = now.plus({ hours: 2 }).toFormat('HH:mm');
    await t.gql(SET, { i: { quietHoursStart: start, quietHoursEnd: end } }, member.token);

    const before = new Date();
    await notify(t, member.id, NotificationKind.MATCH_ENDED);
    await notify(t, member.id, NotificationKind.CONGRATULATED);
    await notify(t, member.id, NotificationKind.REACH_OUT, 'Someone reached out.');
    const [urgent] = await mailTo(smtp, member.email);
    expect(urgent.subject).toBe(DISCREET_TEXTS.REACH_OUT.subject);

    const held = await t.sql(
      `SELECT kind, status, skip_reason, release_at FROM deliveries WHERE user_id = $1 AND skip_reason = 'QUIET_HOURS' ORDER BY created_at`,
      [member.id],
    );
    expect(held.map((h) => h.kind)).toEqual(['MATCH_ENDED', 'CONGRATULATED']);
    const release = quietHoursEndAfter(before, 'America/Chicago', { start, end });
    for (const h of held) expect(Math.abs(h.release_at.getTime() - release.getTime())).toBeLessThan(60_000);

    const delivery = t.app.composition.registry.get(DELIVERY);
    expect(await delivery.releaseDigests(new Date(release.getTime() - 1000))).toEqual({ digests: 0 });
    expect(await delivery.releaseDigests(new Date(release.getTime() + 1000))).toEqual({ digests: 1 });
    expect(await delivery.releaseDigests(new Date(release.getTime() + 2000))).toEqual({ digests: 0 });
    const mails = await mailTo(smtp, member.email, 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(member.email)).toHaveLength(2);
    expect(mails[1].subject).toBe('While you were away on Onward');
    expect(mails[1].text).toContain('You have 2 new notifications on Onward.');
    expect(mails[1].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const ds = await until(
      () => deliveriesOf(t, member),
      (list) => list.some((d) => d.kind === null && d.status === 'SENT'),
    );
    const digest = ds.find((d) => d.kind === null);
    expect(digest).toMatchObject({ items: 2, status: 'SENT', notificationId: null });
    expect(ds.filter((d) => d.skipReason === 'QUIET_HOURS').map((d) => d.digestId)).toEqual([digest.id, digest.id]);
  });

  it('sends the meeting reminders by e-mail too', async () => {
    const host = await t.user('COORDINATOR');
    const member = await t.user();
    const m = await createMeeting(t, host.token, { startsAt: inHours(0.5) });
    await t.gql(RSVP, { i: { meetingId: m.id } }, member.token);
    await t.app.jobs!.send('meetings.send-reminders');
    const [mail] = await mailTo(smtp, member.email);
    expect(mail.subject).toBe(DISCREET_TEXTS.MEETING_REMINDER.subject);
    expect(mail.text).toContain('A meeting you are going to starts within the hour.');
  });

  it('keeps the notification when its delivery cannot be decided', async () => {
    const member = await t.user();
    // A fault in the deliveries table alone: a check that refuses this kind.
    await t.sql(`ALTER TABLE deliveries ADD CONSTRAINT ck_test_fault CHECK (kind <> 'CONGRATULATED') NOT VALID`);
    try {
      await notify(t, member.id, NotificationKind.CONGRATULATED, 'Someone congratulated you.');
    } finally {
      await t.sql(`ALTER TABLE deliveries DROP CONSTRAINT ck_test_fault`);
    }
    const r = await t.gql(`{ notifications(first: 5) { edges { node { kind } } } }`, {}, member.token);
    expect(r.data.notifications.edges).toEqual([{ node: { kind: 'CONGRATULATED' } }]);
    expect(await t.sql(`SELECT 1 FROM deliveries WHERE user_id = $1`, [member.id])).toEqual([]);
  });

  it('counts deliveries for /metrics', async () => {
    const res = await fetch(t.url.replace('/graphql', '/metrics'));
    const text = await res.text();
    expect(text).toMatch(/onward_deliveries_total\{channel="email",outcome="sent"\} [1-9]/);
    expect(text).toMatch(/onward_deliveries_total\{channel="email",outcome="skipped_preference"\} [1-9]/);
    expect(text).toMatch(/onward_deliveries_total\{channel="email",outcome="skipped_quiet_hours"\} [1-9]/);
  });

  it('exports preferences and deliveries, and deletes them with the account', async () => {
    const member = await t.user();
    await t.gql(SET, { i: { quietHoursStart: '23:00', quietHoursEnd: '06:00' } }, member.token);
    await notify(t, member.id, NotificationKind.REACH_OUT_ACKNOWLEDGED);
    await mailTo(smtp, member.email);
    await until(
      () => deliveriesOf(t, member),
      (ds) => ds[0]?.status === 'SENT',
    );
    const r = await t.gql(`{ exportMyData { data } }`, {}, member.token);
    const data = r.data.exportMyData.data;
    expect(data.deliveryPreferences).toEqual([expect.objectContaining({ quiet_hours_start: '23:00' })]);
    expect(data.deliveries).toEqual([expect.objectContaining({ kind: 'REACH_OUT_ACKNOWLEDGED', status: 'SENT' })]);
    expect(data.deliveries[0]).not.toHaveProperty('unsubscribe_token_hash');
    expect(data.pushSubscriptions).toEqual([]);

    const del = await t.gql(
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      member.token,
    );
    expect(del.data).toEqual({ deleteMyAccount: { deleted: true } });
    for (const table of ['deliveries', 'delivery_preferences', 'push_subscriptions'])
      expect(await t.sql(`SELECT 1 FROM ${table} WHERE user_id = $1`, [member.id])).toEqual([]);
  });
});

describe('e-mail while the mail server is down', () => {
  it('retries with back-off and sends each message once the server is back: nothing lost, nothing twice', async () => {
    const port = await freePort();
    const t = await startTestApp({ ...MAIL_ENV, SMTP_URL: `smtp://127.0.0.1:${port}`, DELIVERY_RETRY_LIMIT: '20' });
    let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
    try {
      const member = await t.user();
      await notify(t, member.id, NotificationKind.WAITLIST_PROMOTED);
      await notify(t, member.id, NotificationKind.MATCH_PROPOSED);
      const failing = await until(
        () => deliveriesOf(t, member),
        (ds) => ds.length === 2 && ds.every((d) => d.attempts >= 2),
        30_000,
      );
      expect(failing.map((d) => d.status)).toEqual(['PENDING', 'PENDING']);

      smtp = await startSmtp(port);
      await mailTo(smtp, member.email, 2);
      const sent = await until(
        () => deliveriesOf(t, member),
        (ds) => ds.every((d) => d.status === 'SENT'),
      );
      expect(sent.every((d) => d.attempts >= 3)).toBe(true);
      await new Promise((r) => setTimeout(r, 3000));
      expect(smtp.mails.map((m) => m.subject).sort()).toEqual(
        [DISCREET_TEXTS.WAITLIST_PROMOTED.subject, DISCREET_TEXTS.MATCH_PROPOSED.subject].sort(),
      );
      const metrics = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/onward_deliveries_total\{channel="email",outcome="retried"\} [2-9]/);
    } finally {
      await t.stop();
      await smtp?.stop();
    }
  }, 90_000);
});

describe('e-mail with two workers', () => {
  it('sends each delivery exactly once', async () => {
    const smtp = await startSmtp();
    const t = await startTestApp({ ...MAIL_ENV, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    try {
      const other = await t.another();
      const members = await Promise.all([t.user(), t.user(), t.user()]);
      const kinds = [NotificationKind.MATCH_ENDED, NotificationKind.CONGRATULATED, NotificationKind.POST_MODERATED];
      await Promise.all(
        members.flatMap((m) => Array.from({ length: 10 }, (_, i) => notify(t, m.id, kinds[i % kinds.length]))),
      );
      // Both instances also race to send the same deliveries by hand while their workers run.
      const ids = (await t.sql(`SELECT id FROM deliveries`)).map((r) => r.id as string);
      const mine = t.app.composition.registry.get(DELIVERY);
      const theirs = other.app.composition.registry.get(DELIVERY);
      await Promise.all(ids.flatMap((id) => [mine.send(id), theirs.send(id), mine.send(id), theirs.send(id)]));

      await smtp.waitFor(30, 30_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect(smtp.mails).toHaveLength(30);
      for (const m of members) expect(smtp.to(m.email)).toHaveLength(10);
      const tokens = new Set(smtp.mails.map((m) => m.headers['list-unsubscribe']));
      expect(tokens.size).toBe(30);
      expect(await t.sql(`SELECT status, attempts, count(*)::int AS n FROM deliveries GROUP BY 1, 2`)).toEqual([
        { status: 'SENT', attempts: 1, n: 30 },
      ]);
    } finally {
      await t.stop();
      await smtp.stop();
    }
  }, 90_000);
});

describe('e-mail decided on an instance that runs no jobs', () => {
  it('is sent by the sweep of an instance that does', async () => {
    const smtp = await startSmtp();
    const t = await startTestApp({ ...MAIL_ENV, JOBS: 'off', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    try {
      const member = await t.user();
      await notify(t, member.id, NotificationKind.WAITLIST_PROMOTED);
      await new Promise((r) => setTimeout(r, 1000));
      expect(smtp.mails).toEqual([]);
      expect(await t.sql(`SELECT status, attempts FROM deliveries`)).toEqual([{ status: 'PENDING', attempts: 0 }]);

      const worker = await t.another({ JOBS: 'on' });
      const sweep = worker.app.composition.registry.get(DELIVERY);
      // Not yet: a job may still be on its way for a delivery this fresh.
      expect(await sweep.requeueStranded(new Date())).toBe(0);
      expect(await sweep.requeueStranded(new Date(Date.now() + 3 * 60_000))).toBe(1);
      await mailTo(smtp, member.email);
      expect(smtp.mails[0].subject).toBe(DISCREET_TEXTS.WAITLIST_PROMOTED.subject);
    } finally {
      await t.stop();
      await smtp.stop();
    }
  });
});

describe('with no SMTP and no VAPID settings', () => {
  it('keeps notifications in the app only', async () => {
    const t = await startTestApp();
    try {
      const member = await t.user();
      await notify(t, member.id, NotificationKind.REACH_OUT);
      expect(await t.sql(`SELECT * FROM deliveries`)).toEqual([]);
      const prefs = (await t.gql(PREFS, {}, member.token)).data.viewer.deliveryPreferences;
      expect(prefs).toMatchObject({ emailAvailable: false, pushAvailable: false });
      expect((await fetch(t.url.replace('/graphql', '/push/public-key'))).status).toBe(404);
      const unread = await t.gql(`{ unreadNotificationCount }`, {}, member.token);
      expect(unread.data.unreadNotificationCount).toBe(1);
    } finally {
      await t.stop();
    }
  });
});
