import { spawnSync } from 'node:child_process';
import path from 'node:path';
import webpush from 'web-push';
import { ConfigError, loadConfig } from '../src/core/config';

const VAPID = webpush.generateVAPIDKeys();
function vapidEnv() {
  return { VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:a@b.org' };
}

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      nodeEnv: 'development',
      databaseUrl: undefined,
      redisUrl: undefined,
      introspection: true,
      jobs: true,
    });
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.org' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ JOBS: 'maybe' }, 'JOBS'],
    [{ EXPLORER: 'maybe' }, 'EXPLORER'],
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.org' }, 'MAIL_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    [{ APP_URL: 'ftp://app.example.org' }, 'APP_URL'],
    [{ PUBLIC_URL: 'nope' }, 'PUBLIC_URL'],
    [{ VAPID_PUBLIC_KEY: 'abc' }, 'VAPID_PUBLIC_KEY'],
    [{ VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey }, 'VAPID_SUBJECT'],
    [{ VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_SUBJECT: 'mailto:a@b.org' }, 'VAPID_PRIVATE_KEY'],
    [{ VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:a@b.org' }, 'VAPID_PUBLIC_KEY'],
    [{ ...vapidEnv(), VAPID_SUBJECT: 'someone' }, 'VAPID_SUBJECT'],
    [{ DELIVERY_RETRY_LIMIT: '-1' }, 'DELIVERY_RETRY_LIMIT'],
    [{ DELIVERY_RETRY_DELAY_SECONDS: '0' }, 'DELIVERY_RETRY_DELAY_SECONDS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable);
    }
  });

  it('delivers in the app only unless SMTP or VAPID is set', () => {
    expect(loadConfig({}).delivery).toEqual({
      smtpUrl: undefined,
      mailFrom: undefined,
      appUrl: 'http://localhost:4000',
      vapid: undefined,
      retryLimit: 10,
      retryDelaySeconds: 30,
    });
    const c = loadConfig({
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      MAIL_FROM: 'Onward <no-reply@example.org>',
      APP_URL: 'https://app.example.org/',
      PUBLIC_URL: 'https://api.example.org',
      ...vapidEnv(),
    }).delivery;
    expect(c).toMatchObject({
      smtpUrl: 'smtps://user:pass@mail.example.org:465',
      mailFrom: 'Onward <no-reply@example.org>',
      appUrl: 'https://app.example.org',
      vapid: { publicKey: VAPID.publicKey, privateKey: VAPID.privateKey, subject: 'mailto:a@b.org' },
    });
    expect(loadConfig({ MAIL_FROM: 'no-reply@example.org' }).delivery.mailFrom).toBe('no-reply@example.org');
    expect(loadConfig({}).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ PUBLIC_URL: 'https://api.example.org/' }).publicUrl).toBe('https://api.example.org');
  });

  it('a bad value stops the server with one clear line naming the variable', () => {
    const root = path.join(__dirname, '..');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(['Invalid configuration: PORT must be a whole number from 0 to 65535']);
  });
});
