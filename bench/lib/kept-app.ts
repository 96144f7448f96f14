import 'reflect-metadata';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/core/config';

/** An Onward server in this process on the kept bench database, for the profiling aids. */
export async function startKeptApp(): Promise<Awaited<ReturnType<typeof startApp>>> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  return startApp(
    loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      JOBS: 'off',
      LIMIT_QUERY_COST: '50000',
    }),
  );
}
