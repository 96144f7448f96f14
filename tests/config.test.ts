import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/core/config';

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
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable);
    }
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
