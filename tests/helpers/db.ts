import { Client } from 'pg';

/** The server the tests run on: the machine's DATABASE_URL, or the embedded one from global setup. */
export function adminUrl(): string {
  const url = process.env.ONWARD_TEST_ADMIN_URL;
  if (!url) throw new Error('global setup did not run');
  return url;
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
