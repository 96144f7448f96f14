import { BENCH_PASSWORD } from './seed';

/**
 * The environment of every benchmarked Onward server (the full run and the profiling aids):
 * production mode, quiet logs, no jobs, limits raised so that the load is not refused, and
 * cheap password hashes so that thousands of sign-ups seed quickly.
 */
export function onwardEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    JOBS: 'off',
    EXPLORER: 'off',
    MUTATION_LIMIT_PER_USER: '1000000',
    MUTATION_LIMIT_PER_ADDRESS: '10000000',
    LOGIN_LIMIT_PER_ACCOUNT: '10000',
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_TIME_COST: '1',
    BOOTSTRAP_ADMIN_EMAIL: 'admin@bench.onward.example',
    BOOTSTRAP_ADMIN_PASSWORD: BENCH_PASSWORD,
    ...extra,
  };
}
