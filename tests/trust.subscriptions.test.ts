import { codes, sleep, startTestApp, subscribe, type TestApp } from './helpers/harness';
import { MEETING_ENV, meetingInput, mentor } from './helpers/meetings';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
});
afterAll(() => t.stop());

const SET_DATE = `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id } } }`;

describe('open sockets re-check for every event and every operation', () => {
  it('a postAdded subscription stops showing a sobriety date as soon as it is made private', async () => {
    const writer = await t.user('MEMBER', 'Frankie');
    const reader = await t.user('MEMBER', 'Reader');
    await t.gql(SET_DATE, { i: { date: '2023-02-01', visibility: 'NETWORK' } }, writer.token);
    const created = await t.gql(
      `mutation { createThread(input: { title: "Week one", body: "Made it through." }) { thread { id } } }`,
      {},
      writer.token,
    );
    const threadId = created.data.createThread.thread.id as string;
    const { client } = t.ws(reader.token);
    const sub = subscribe(
      client,
      `subscription($id: ID!) { postAdded(threadId: $id) { id author { id sobriety { date } } } }`,
      { id: threadId },
    );
    await sleep(200);
    await t.gql(REPLY, { i: { threadId, body: 'Still here.' } }, writer.token);
    await sub.waitFor(1);
    expect(sub.events[0].data.postAdded.author.sobriety).toEqual({ date: '2023-02-01' });

    await t.gql(SET_DATE, { i: { date: '2023-02-01', visibility: 'PRIVATE' } }, writer.token);
    await t.gql(REPLY, { i: { threadId, body: 'Another day.' } }, writer.token);
    await sub.waitFor(2);
    expect(sub.events[1].data.postAdded.author.sobriety).toBeNull();
  });

  it('a socket opened before a mentor approval lapsed has no mentor rights any more', async () => {
    const host = await mentor(t, 'Lapsing Host');
    const { client } = t.ws(host.token);
    const CREATE = `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { id } } }`;
    const before = subscribe(client, CREATE, { i: meetingInput({ title: 'While approved' }) });
    await before.waitFor(1);
    expect(before.events[0].errors).toBeUndefined();

    await t.sql(`UPDATE users SET is_mentor = false WHERE id = $1`, [host.id]);
    const after = subscribe(client, CREATE, { i: meetingInput({ title: 'After the lapse' }) });
    const deadline = Date.now() + 3000;
    while (!after.error && !after.events.length && Date.now() < deadline) await sleep(20);
    const errors =
      (after.error as Array<{ extensions: { code: string } }> | undefined) ?? after.events[0]?.errors ?? [];
    expect(errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM meetings WHERE title = 'After the lapse'`,
    );
    expect(n).toBe(0);
  });

  it('a suspension met by an open subscription ends it at its next event', async () => {
    const coordinator = await t.user('COORDINATOR');
    const member = await t.user('MEMBER', 'Soon Suspended');
    const { client, closed } = t.ws(member.token);
    const sub = subscribe(client, `subscription { notificationAdded { id } }`);
    await sleep(200);
    const r = await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: member.id, until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Cooling off' } },
      coordinator.token,
    );
    expect(codes(r)).toEqual([]);
    expect(await closed).toBe(4403);
    expect(sub.events).toHaveLength(0);
  });
});
