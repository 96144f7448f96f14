import path from 'node:path';
import { DataSource } from 'typeorm';
import { spawnServer } from './child';
import { onwardEnv } from './onward-env';
import { gql, inParallel } from './util';
import { rsvpContention } from './writes';

/**
 * The RSVP race alone on a kept bench database (`npm run bench -- --only seed --keep-db`):
 * 1,000 members for a fresh 10-seat meeting, with --cpu-prof when PROFILE=1.
 *   node -r ts-node/register/transpile-only bench/lib/profile-rsvp.ts [members]
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/onward_bench';
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  const people: Array<{ email: string }> = await ds.query(
    `SELECT email FROM users WHERE role = 'MEMBER' AND NOT is_mentor AND deleted_at IS NULL ORDER BY email LIMIT $1`,
    [n],
  );
  const [host]: Array<{ email: string }> = await ds.query(
    `SELECT email FROM users WHERE is_mentor ORDER BY email LIMIT 1`,
  );
  const server = await spawnServer(
    'profile-rsvp',
    'onward-server.ts',
    onwardEnv(url),
    process.env.PROFILE === '1' ? { cpuProfDir: path.join(__dirname, '..', 'results', 'profiles') } : {},
  );
  try {
    const logIn = async (email: string) => {
      const r = await gql(server.url, `mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
        i: { email, password: 'bench-password-2026' },
      });
      return r.data.logIn.token as string;
    };
    const tokens = await inParallel(people, 20, (u) => logIn(u.email));
    const created = await gql(
      server.url,
      `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`,
      {
        i: {
          title: 'Contended small group',
          description: 'Ten seats.',
          startsAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
          durationMinutes: 60,
          timeZone: 'America/Chicago',
          format: 'IN_PERSON',
          location: 'Room 2',
          capacity: 10,
          types: ['C'],
        },
      },
      { authorization: `Bearer ${await logIn(host.email)}` },
    );
    const meetingId = created.data?.createMeeting?.meeting?.id;
    if (!meetingId) throw new Error(JSON.stringify(created.errors));
    console.log(JSON.stringify(await rsvpContention(server, ds, meetingId, 10, tokens)));
  } finally {
    await server.stop();
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
