import { sleep, startTestApp, subscribe, type TestApp } from './helpers/harness';

// One event is executed once for all receivers who see the same thing, and per receiver
// whenever the document selects something that differs between them.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
});
afterAll(() => t.stop());

const CREATE = `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } post { id } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id } } }`;
const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;

async function metric(name: string): Promise<number> {
  const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
}

async function renders(shared: boolean): Promise<number> {
  const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
  const m = new RegExp(`^onward_ws_event_renders_total\\{shared="${shared}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** Waits until the server counts `n` open subscriptions. */
async function subscribed(n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await metric('onward_ws_subscriptions')) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} subscriptions open`);
    await sleep(20);
  }
}

async function thread(token: string): Promise<{ threadId: string; openingId: string }> {
  const r = await t.gql(CREATE, { i: { title: 'Evening group', body: 'Glad to be here.' } }, token);
  return { threadId: r.data.createThread.thread.id, openingId: r.data.createThread.post.id };
}

describe('postAdded rendered once for those who see the same', () => {
  it('executes an event once per kind of receiver, and every receiver gets what their own execution would give', async () => {
    const writer = await t.user('MEMBER', 'Writer');
    const coordinator = await t.user('COORDINATOR', 'Coordinator');
    const readers = await Promise.all([1, 2, 3, 4, 5].map((i) => t.user('MEMBER', `Reader ${i}`)));
    const { threadId } = await thread(writer.token);
    const DOC = `subscription($id: ID!) { postAdded(threadId: $id) { id body createdAt author { id displayName } } }`;
    const subs = [...readers, coordinator, writer].map((u) => subscribe(t.ws(u.token).client, DOC, { id: threadId }));
    await subscribed(subs.length);
    const [sharedBefore, ownBefore] = [await renders(true), await renders(false)];

    const r = await t.gql(REPLY, { i: { threadId, body: 'One more day.' } }, writer.token);
    const postId = r.data.replyToThread.post.id;
    for (const s of subs) await s.waitFor(1);

    const expected = { id: postId, body: 'One more day.', author: { id: writer.id, displayName: 'Writer' } };
    for (const s of subs)
      expect(s.events[0]).toEqual({ data: { postAdded: { ...expected, createdAt: expect.any(String) } } });
    // Readers, the coordinator and the author are three kinds: three executions for seven sockets.
    expect((await renders(true)) - sharedBefore).toBe(3);
    expect((await renders(false)) - ownBefore).toBe(0);
  });

  it('runs per receiver when the document asks for what differs between them (a parent post across a block)', async () => {
    const opener = await t.user('MEMBER', 'Opener');
    const blockedOne = await t.user('MEMBER', 'Blocked One');
    const replier = await t.user('MEMBER', 'Replier');
    const sees = await t.user('MEMBER', 'Sees Everyone');
    const blocks = await t.user('MEMBER', 'Blocks Someone');
    const { threadId } = await thread(opener.token);
    const parent = await t.gql(REPLY, { i: { threadId, body: 'A top-level reply.' } }, blockedOne.token);
    const parentId = parent.data.replyToThread.post.id;
    expect((await t.gql(BLOCK, { i: { userId: blockedOne.id } }, blocks.token)).data.blockUser.blocked).toBe(true);

    const DOC = `subscription($id: ID!) { postAdded(threadId: $id) { id ...P } } fragment P on Post { parentPost { id } }`;
    const open = await metric('onward_ws_subscriptions');
    const seeing = subscribe(t.ws(sees.token).client, DOC, { id: threadId });
    const blocking = subscribe(t.ws(blocks.token).client, DOC, { id: threadId });
    await subscribed(open + 2);
    const [sharedBefore, ownBefore] = [await renders(true), await renders(false)];

    const r = await t.gql(REPLY, { i: { threadId, body: 'Answering you.', parentPostId: parentId } }, replier.token);
    const postId = r.data.replyToThread.post.id;
    await seeing.waitFor(1);
    await blocking.waitFor(1);

    expect(seeing.events[0].data.postAdded).toEqual({ id: postId, parentPost: { id: parentId } });
    expect(blocking.events[0].data.postAdded).toEqual({ id: postId, parentPost: null });
    expect((await renders(false)) - ownBefore).toBe(2);
    expect((await renders(true)) - sharedBefore).toBe(0);
  });
});
