import { DATA_MAP_ROWS as DATA_MAP } from '../src/modules';
import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp } from './helpers/harness';
import { createMeeting, MEETING_ENV, mentor } from './helpers/meetings';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
});
afterAll(() => t.stop());

const EXPORT = `{ exportMyData { generatedAt data } }`;
const DELETE = `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`;

describe("a member's own data", () => {
  it('the data map covers every column that points at a user', async () => {
    const fks: Array<{ t: string; c: string }> = await t.sql(
      `SELECT conrelid::regclass::text AS t, a.attname AS c FROM pg_constraint k
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
        WHERE k.confrelid = 'users'::regclass AND k.contype = 'f'`,
    );
    const mapped = new Set(DATA_MAP.map((d) => `${d.table}.${d.column}`));
    expect(fks.map((f) => `${f.t}.${f.c}`).filter((k) => !mapped.has(k))).toEqual([]);
    for (const d of DATA_MAP) if (d.onDelete === 'keep' || !d.exportAs) expect(d.why).toEqual(expect.any(String));
  });

  it('exports everything about the member, and nothing secret', async () => {
    const host = await mentor(t, 'Host');
    const u = await t.user('MEMBER', 'Avery Export');
    const meeting = await createMeeting(t, host.token);
    await t.gql(
      `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { id } } }`,
      { i: { meetingId: meeting.id } },
      u.token,
    );
    await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: '2024-03-01', visibility: 'PRIVATE' } },
      u.token,
    );
    await t.gql(
      `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } } }`,
      { i: { title: 'Hello', body: 'First week out of IOP.' } },
      u.token,
    );

    const r = await t.gql(EXPORT, {}, u.token);
    expect(r.errors).toBeUndefined();
    const data = r.data.exportMyData.data;
    expect(data.profile).toMatchObject({ id: u.id, email: u.email, display_name: 'Avery Export' });
    expect(data.rsvps).toHaveLength(1);
    expect(data.sobrietyJourneys[0]).toMatchObject({ start_date: '2024-03-01' });
    expect(data.posts[0].body).toBe('First week out of IOP.');
    expect(data.sessions.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    expect(text).not.toContain('password_hash');
    expect(text).not.toContain('token_hash');
    expect(codes(await t.gql(EXPORT))).toEqual(['UNAUTHENTICATED']);
  });

  it('deletion needs the right password; without it nothing changes', async () => {
    const u = await t.user('MEMBER');
    const r = await t.gql(DELETE, { i: { password: 'not my password' } }, u.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('password');
    expect((await t.gql(`{ viewer { id displayName } }`, {}, u.token)).data.viewer.id).toBe(u.id);
  });

  it('erases personal data and sobriety history, gives the seat to the next in line, keeps posts as "Former member", frees the email', async () => {
    const host = await mentor(t, 'Host');
    const u = await t.user('MEMBER', 'Quinn Leaving');
    const waiting = await t.user('MEMBER', 'Next In Line');
    const meeting = await createMeeting(t, host.token, { capacity: 1 });
    const RSVP = `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { status } } }`;
    expect((await t.gql(RSVP, { i: { meetingId: meeting.id } }, u.token)).data.rsvp.rsvp.status).toBe('GOING');
    expect((await t.gql(RSVP, { i: { meetingId: meeting.id } }, waiting.token)).data.rsvp.rsvp.status).toBe(
      'WAITLISTED',
    );
    await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: '2023-01-10', visibility: 'NETWORK' } },
      u.token,
    );
    const thread = await t.gql(
      `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } post { id } } }`,
      { i: { title: 'Goodbye', body: 'Thank you all.' } },
      u.token,
    );
    const socket = t.ws(u.token);
    subscribe(socket.client, `subscription { notificationAdded { id } }`);
    await sleep(200);

    const r = await t.gql(DELETE, { i: { password: PASSWORD } }, u.token);
    expect(r.data).toEqual({ deleteMyAccount: { deleted: true } });

    expect(await socket.closed).toBe(4403);
    expect(codes(await t.gql(`{ viewer { id } }`, {}, u.token))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(
        await t.gql(`mutation($i: LogInInput!) { logIn(input: $i) { token } }`, {
          i: { email: u.email, password: PASSWORD },
        }),
      ),
    ).toEqual(['UNAUTHENTICATED']);
    const [row] = await t.sql(`SELECT email, display_name, deleted_at FROM users WHERE id = $1`, [u.id]);
    expect(row.email).not.toBe(u.email);
    expect(row.display_name).toBe('Former member');
    expect(row.deleted_at).not.toBeNull();
    for (const table of ['sobriety_journeys', 'sobriety_milestones', 'notifications', 'sessions', 'meeting_rsvps']) {
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [u.id]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // The seat went to the next in line, who was told.
    const seat = await t.gql(
      `query($id: ID!) { meeting(id: $id) { viewerRsvp { status } goingCount } }`,
      { id: meeting.id },
      waiting.token,
    );
    expect(seat.data.meeting).toEqual({ viewerRsvp: { status: 'GOING' }, goingCount: 1 });
    // The post stays, by "Former member".
    const other = await t.user('MEMBER');
    const post = await t.gql(
      `query($id: ID!) { thread(id: $id) { posts(first: 5) { edges { node { body author { displayName } } } } } }`,
      { id: thread.data.createThread.thread.id },
      (await t.user('COORDINATOR')).token,
    );
    expect(post.data.thread.posts.edges[0].node).toEqual({
      body: 'Thank you all.',
      author: { displayName: 'Former member' },
    });
    expect(other.id).toBeTruthy();
    // The email can join again.
    const again = await t.gql(
      `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { code } } }`,
      { i: { email: u.email } },
      (await t.admin()).token,
    );
    expect(again.errors).toBeUndefined();
  });
});
