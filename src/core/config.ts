import path from 'node:path';

/** Every setting Onward reads, all from the environment, validated once at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Unset: an embedded PostgreSQL is started with its data under `dataDir`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Unset: pub/sub and rate limits stay in process (one instance). */
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  bootstrapAdminEmail: string | undefined;
  bootstrapAdminPassword: string | undefined;
  sessionTtlHours: number;
  /** How long an instance may keep a session it has read (0: never); changes reach it at once by LISTEN/NOTIFY. */
  sessionCacheSeconds: number;
  invitationTtlHours: number;
  passwordHash: { memoryKiB: number; timeCost: number };
  loginLimit: { perAccount: number; perAddress: number; windowSeconds: number };
  limits: {
    bodyBytes: number;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
  };
  mutationLimit: { perUser: number; perAddress: number; windowSeconds: number };
  ws: { maxSocketsPerUser: number; maxSubscriptionsPerUser: number; initTimeoutMs: number; maxPayloadBytes: number };
  /** Longest a single SQL statement may run. */
  statementTimeoutMs: number;
  metrics: boolean;
  /** When set, /metrics answers only this bearer token; unset, only loopback peers. */
  metricsToken: string | undefined;
  /** The program's on-call coordinator, named to members whose posts show crisis language. */
  onCall: { name: string; phone: string; email: string | undefined };
  /** Reaching out: when an unanswered reach-out escalates, how many an hour, and crisis lines by country. */
  reachOut: ReachOutConfig;
  /**
   * The program as meeting finders name it: the `entity*` and `group` of every entry of the
   * Meeting Guide feed. Unset values are left out of the feed.
   */
  program: { name: string | undefined; email: string | undefined; phone: string | undefined; url: string | undefined };
  /** E-mail and Web Push; without SMTP and VAPID settings, notifications stay in the app. */
  delivery: DeliveryConfig;
  /** GraphiQL for browsers at GET /graphql. */
  explorer: boolean;
  introspection: boolean;
  jobs: boolean;
  jobsMaintenanceSeconds: number;
  /** On the first start of an empty embedded database in development, load the demo program. */
  seed: boolean;
  shutdownGraceMs: number;
  /**
   * Where the API is reached from outside (`https://onward.example`): links that leave it
   * (proofs of attendance, one-click unsubscribe) start with it.
   */
  publicUrl: string;
  /** Openings of public proof links an address may make per window. */
  proofLimit: { perAddress: number; windowSeconds: number };
}

export interface DeliveryConfig {
  /** `smtp://` or `smtps://`; unset: no e-mail. */
  smtpUrl: string | undefined;
  /** The From of every e-mail: `name@host` or `Name <name@host>`. */
  mailFrom: string | undefined;
  /** Where members open the app: e-mails link there. */
  appUrl: string;
  /** Web Push's VAPID keys (base64url) and contact; unset: no push. */
  vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
  /** Retries of a delivery that failed (the mail server down, say), waiting `retryDelaySeconds`, doubled each time. */
  retryLimit: number;
  retryDelaySeconds: number;
}

/** A crisis line shown to a member who reaches out: at least one of phone, text or url. */
export interface CrisisLine {
  name: string;
  phone: string | null;
  /** A number that takes text messages. */
  text: string | null;
  url: string | null;
}

export interface ReachOutConfig {
  /** Minutes an unacknowledged reach-out waits before it escalates to every coordinator. */
  escalateMinutes: number;
  /** Reach-outs a member may send in an hour; never fewer than 3. */
  limitPerHour: number;
  /** Crisis lines by ISO 3166 country code. */
  crisisLines: Record<string, CrisisLine[]>;
  /** Whose lines a member gets when their country has none configured. */
  defaultCountry: string;
}

/** The United States' lines: the 988 Suicide & Crisis Lifeline and SAMHSA's National Helpline. */
export const DEFAULT_CRISIS_LINES: Record<string, CrisisLine[]> = {
  US: [
    { name: '988 Suicide & Crisis Lifeline', phone: '988', text: '988', url: 'https://988lifeline.org' },
    {
      name: 'SAMHSA National Helpline',
      phone: '1-800-662-4357',
      text: null,
      url: 'https://www.samhsa.gov/find-help/national-helpline',
    },
  ],
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function secretToken(env: Env, name: string): string | undefined {
  const value = str(env, name);
  if (value !== undefined && value.length < 16) throw new ConfigError(name, 'must be at least 16 characters');
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], def: T): T {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}`);
  }
  return raw as T;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (['1', 'true', 'on', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'off', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'must be on or off');
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')})`);
  }
  return raw;
}

function onCallEmail(env: Env): string | undefined {
  const email = str(env, 'ONCALL_COORDINATOR_EMAIL');
  if (email && !EMAIL.test(email)) throw new ConfigError('ONCALL_COORDINATOR_EMAIL', 'must be an email address');
  return email;
}

const CRISIS_LINES_FORMAT =
  'must be JSON like {"US": [{"name": "988 Suicide & Crisis Lifeline", "phone": "988", "text": "988", "url": "https://988lifeline.org"}]}: two-letter country codes, each with at least one line with a name and a phone, text or https url';

function crisisLines(env: Env): Record<string, CrisisLine[]> {
  const raw = str(env, 'CRISIS_LINES');
  if (raw === undefined) return DEFAULT_CRISIS_LINES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('CRISIS_LINES', CRISIS_LINES_FORMAT);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.keys(parsed).length)
    throw new ConfigError('CRISIS_LINES', CRISIS_LINES_FORMAT);
  const out: Record<string, CrisisLine[]> = {};
  for (const [country, lines] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^[A-Z]{2}$/.test(country) || !Array.isArray(lines) || !lines.length)
      throw new ConfigError('CRISIS_LINES', CRISIS_LINES_FORMAT);
    out[country] = lines.map((line: unknown) => {
      const l = (line ?? {}) as Record<string, unknown>;
      const text = (k: string) => {
        const v = l[k];
        return typeof v === 'string' && v.trim() ? v.trim() : null;
      };
      const link = text('url');
      const ok =
        text('name') !== null &&
        (text('phone') ?? text('text') ?? link) !== null &&
        (link === null || /^https:\/\/\S+$/.test(link));
      if (!ok) throw new ConfigError('CRISIS_LINES', CRISIS_LINES_FORMAT);
      return { name: text('name') as string, phone: text('phone'), text: text('text'), url: link };
    });
  }
  return out;
}

function reachOutConfig(env: Env): ReachOutConfig {
  const lines = crisisLines(env);
  const defaultCountry = str(env, 'CRISIS_LINES_DEFAULT_COUNTRY') ?? 'US';
  if (!lines[defaultCountry])
    throw new ConfigError('CRISIS_LINES_DEFAULT_COUNTRY', 'must be a country that CRISIS_LINES has lines for');
  return {
    escalateMinutes: int(env, 'REACH_OUT_ESCALATE_MINUTES', 10, 1, 1440),
    // The first three reach-outs in an hour are never refused.
    limitPerHour: int(env, 'REACH_OUT_LIMIT_PER_HOUR', 6, 3, 1000),
    crisisLines: lines,
    defaultCountry,
  };
}

const PHONE = /^\+?[0-9][0-9 ().-]{5,30}$/;

function program(env: Env): Config['program'] {
  const email = str(env, 'PROGRAM_EMAIL');
  if (email && !EMAIL.test(email)) throw new ConfigError('PROGRAM_EMAIL', 'must be an email address');
  const phone = str(env, 'PROGRAM_PHONE');
  if (phone && !PHONE.test(phone))
    throw new ConfigError('PROGRAM_PHONE', 'must be a phone number, such as +1-312-555-0100');
  const name = str(env, 'PROGRAM_NAME');
  if (name && name.length > 200) throw new ConfigError('PROGRAM_NAME', 'must be at most 200 characters');
  return { name, email, phone, url: url(env, 'PROGRAM_URL', ['https:']) };
}

const MAIL_FROM = /^(?:[^<>\r\n]{1,100} <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

function base64urlBytes(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, 'base64url').length === bytes;
}

function delivery(env: Env, port: number): DeliveryConfig {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = str(env, 'MAIL_FROM');
  if (mailFrom && !MAIL_FROM.test(mailFrom))
    throw new ConfigError('MAIL_FROM', 'must be an address, or a name and an address: Onward <no-reply@example.org>');
  if (smtpUrl && !mailFrom) throw new ConfigError('MAIL_FROM', 'must be set when SMTP_URL is');
  const publicKey = str(env, 'VAPID_PUBLIC_KEY');
  const privateKey = str(env, 'VAPID_PRIVATE_KEY');
  const subject = str(env, 'VAPID_SUBJECT');
  const anyVapid = publicKey ?? privateKey ?? subject;
  if (anyVapid !== undefined) {
    if (!publicKey || !base64urlBytes(publicKey, 65))
      throw new ConfigError(
        'VAPID_PUBLIC_KEY',
        'must be a P-256 public key in base64url (npx web-push generate-vapid-keys)',
      );
    if (!privateKey || !base64urlBytes(privateKey, 32))
      throw new ConfigError(
        'VAPID_PRIVATE_KEY',
        'must be a P-256 private key in base64url (npx web-push generate-vapid-keys)',
      );
    if (!subject || !/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(subject))
      throw new ConfigError('VAPID_SUBJECT', 'must be a mailto: or https: URL to reach the program at');
  }
  const local = `http://localhost:${port || 4000}`;
  return {
    smtpUrl,
    mailFrom,
    appUrl: (url(env, 'APP_URL', ['https:', 'http:']) ?? local).replace(/\/+$/, ''),
    vapid: publicKey && privateKey && subject ? { publicKey, privateKey, subject } : undefined,
    retryLimit: int(env, 'DELIVERY_RETRY_LIMIT', 10, 0, 100),
    retryDelaySeconds: int(env, 'DELIVERY_RETRY_DELAY_SECONDS', 30, 1, 3600),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const bootstrapAdminEmail = str(env, 'BOOTSTRAP_ADMIN_EMAIL');
  const bootstrapAdminPassword = str(env, 'BOOTSTRAP_ADMIN_PASSWORD');
  if (bootstrapAdminEmail && !bootstrapAdminPassword) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be set when BOOTSTRAP_ADMIN_EMAIL is');
  }
  if (bootstrapAdminPassword && !bootstrapAdminEmail) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be set when BOOTSTRAP_ADMIN_PASSWORD is');
  }
  if (bootstrapAdminEmail && !EMAIL.test(bootstrapAdminEmail)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be an email address');
  }
  const port = int(env, 'PORT', 4000, 0, 65535);
  return {
    nodeEnv,
    port,
    host: str(env, 'HOST') ?? '0.0.0.0',
    trustProxy: bool(env, 'TRUST_PROXY', false),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? '.data'),
    bootstrapAdminEmail,
    bootstrapAdminPassword,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    sessionCacheSeconds: int(env, 'SESSION_CACHE_SECONDS', 30, 0, 3600),
    invitationTtlHours: int(env, 'INVITATION_TTL_HOURS', 24 * 7, 1, 24 * 90),
    passwordHash: {
      // OWASP's argon2id floor is 19 MiB, 2 passes; tests may lower it to stay fast.
      memoryKiB: int(env, 'PASSWORD_HASH_MEMORY_KIB', 19456, 1024, 1048576),
      timeCost: int(env, 'PASSWORD_HASH_TIME_COST', 2, 1, 10),
    },
    loginLimit: {
      perAccount: int(env, 'LOGIN_LIMIT_PER_ACCOUNT', 10, 1, 10000),
      perAddress: int(env, 'LOGIN_LIMIT_PER_ADDRESS', 50, 1, 100000),
      windowSeconds: int(env, 'LOGIN_LIMIT_WINDOW_SECONDS', 900, 1, 86400),
    },
    limits: {
      bodyBytes: int(env, 'LIMIT_BODY_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
      maxDepth: int(env, 'LIMIT_QUERY_DEPTH', 10, 2, 50),
      // A page of 50 meetings with three attendees each costs about 12,000.
      maxCost: int(env, 'LIMIT_QUERY_COST', 30000, 10, 10000000),
      maxAliases: int(env, 'LIMIT_QUERY_ALIASES', 15, 0, 1000),
      maxTokens: int(env, 'LIMIT_QUERY_TOKENS', 2000, 50, 100000),
      maxDirectives: int(env, 'LIMIT_QUERY_DIRECTIVES', 20, 0, 1000),
    },
    mutationLimit: {
      perUser: int(env, 'MUTATION_LIMIT_PER_USER', 120, 1, 1000000),
      perAddress: int(env, 'MUTATION_LIMIT_PER_ADDRESS', 600, 1, 10000000),
      windowSeconds: int(env, 'MUTATION_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    },
    ws: {
      maxSocketsPerUser: int(env, 'WS_MAX_SOCKETS_PER_USER', 5, 1, 1000),
      maxSubscriptionsPerUser: int(env, 'WS_MAX_SUBSCRIPTIONS_PER_USER', 50, 1, 10000),
      initTimeoutMs: int(env, 'WS_INIT_TIMEOUT_MS', 10000, 100, 120000),
      maxPayloadBytes: int(env, 'WS_MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    },
    statementTimeoutMs: int(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15000, 100, 600000),
    metrics: bool(env, 'METRICS', true),
    metricsToken: secretToken(env, 'METRICS_TOKEN'),
    onCall: {
      name: str(env, 'ONCALL_COORDINATOR_NAME') ?? 'On-call program coordinator',
      phone: str(env, 'ONCALL_COORDINATOR_PHONE') ?? '1-555-010-0100',
      email: onCallEmail(env),
    },
    reachOut: reachOutConfig(env),
    program: program(env),
    delivery: delivery(env, port),
    explorer: bool(env, 'EXPLORER', !production),
    introspection: bool(env, 'INTROSPECTION', !production),
    jobs: bool(env, 'JOBS', true),
    jobsMaintenanceSeconds: int(env, 'JOBS_MAINTENANCE_SECONDS', 120, 1, 3600),
    seed: bool(env, 'SEED', true),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 300000),
    publicUrl: (url(env, 'PUBLIC_URL', ['https:', 'http:']) ?? `http://localhost:${port || 4000}`).replace(/\/+$/, ''),
    proofLimit: {
      perAddress: int(env, 'PROOF_LIMIT_PER_ADDRESS', 30, 1, 100000),
      windowSeconds: int(env, 'PROOF_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    },
  };
}
