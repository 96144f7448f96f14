import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';

const CREATE = `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } post { id status } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id status } } }`;
const REPORT = `mutation($i: ReportPostInput!) { reportPost(input: $i) { report { id reason note reporter { id } } } }`;
const MODERATE = `mutation($i: ModeratePostInput!) { moderatePost(input: $i) { post { id status body } item { id status resolution } } }`;
const LOCK = `mutation($i: LockThreadInput!) { lockThread(input: $i) { thread { id locked } } }`;
const SLOW = `mutation($i: SetSlowModeInput!) { setSlowMode(input: $i) { thread { id slowModeSeconds } } }`;
const QUEUE = `query($status: ModerationItemStatus, $first: Int, $after: String) { moderationQueue(status: $status, first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id priority causes status post { id status body } reports { reason note reporter { id } } } } } }`;
const LOG = `query($first: Int) { moderationLog(first: $first) { edges { node { id action targetType targetId reason detail createdAt actor { id } } } } }`;

let t: TestApp;
let coordinator: TestUser;
let alice: TestUser;
let bob: TestUser;

/** A member past the new-member hold: their first post was approved. */
async function seasoned(name: string): Promise<TestUser> {
  const u = await t.user('MEMBER', name);
  const r = await t.gql(CREATE, { i: { title: `Hello from ${name}`, body: 'Glad to be here.' } }, u.token);
  expect(r.data.createThread.post.status).toBe('PENDING_REVIEW');
  const ok = await t.gql(
    MODERATE,
    { i: { postId: r.data.createThread.post.id, action: 'APPROVE', reason: 'Welcome' } },
    coordinator.token,
  );
  expect(ok.data.moderatePost.post.status).toBe('VISIBLE');
  return u;
}

async function thread(user: TestUser, body = 'Opening words') {
  const r = await t.gql(CREATE, { i: { title: 'Thread', body } }, user.token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return {
    threadId: r.data.createThread.thread.id as string,
    postId: r.data.createThread.post.id as string,
    status: r.data.createThread.post.status,
  };
}

async function reply(user: TestUser, threadId: string, body: string) {
  return t.gql(REPLY, { i: { threadId, body } }, user.token);
}

async function snapshot() {
  const [row] =
    await t.sql(`SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT string_agg(id::text || status::text, ',' ORDER BY id) FROM posts) AS statuses,
    (SELECT count(*) FROM post_reports)::int AS reports, (SELECT count(*) FROM moderation_items)::int AS items,
    (SELECT count(*) FROM moderation_log)::int AS log, (SELECT string_agg(id::text || locked::text || slow_mode_seconds::text, ',' ORDER BY id) FROM threads) AS threads`);
  return row;
}

beforeAll(async () => {
  t = await startTestApp({});
  coordinator = await t.user('COORDINATOR', 'Casey');
  alice = await seasoned('Alice');
  bob = await seasoned('Bob');
});
afterAll(() => t.stop());

describe('reports', () => {
  it('five members reporting at once hide the post exactly once, with one queue item', async () => {
    const { postId } = await thread(alice, 'Something people dislike');
    const reporters = await Promise.all([1, 2, 3, 4, 5].map((i) => t.user('MEMBER', `Reporter ${i}`)));
    const results = await Promise.all(
      reporters.map((r, i) =>
        t.gql(REPORT, { i: { postId, reason: i === 0 ? 'HARASSMENT' : 'SPAM', note: `note ${i}` } }, r.token),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const [post] = await t.sql(`SELECT status FROM posts WHERE id = $1`, [postId]);
    expect(post.status).toBe('HIDDEN');
    const items = await t.sql(`SELECT status, causes::text[] AS causes FROM moderation_items WHERE post_id = $1`, [
      postId,
    ]);
    expect(items).toEqual([{ status: 'OPEN', causes: ['REPORTED'] }]);
    const hides = await t.sql(`SELECT actor_id FROM moderation_log WHERE target_id = $1 AND action = 'AUTO_HIDE'`, [
      postId,
    ]);
    expect(hides).toEqual([{ actor_id: null }]);
    const q = (await t.gql(QUEUE, { first: 100 }, coordinator.token)).data.moderationQueue.edges.map(
      (e: any) => e.node,
    );
    const item = q.find((n: any) => n.post.id === postId);
    expect(item.reports).toHaveLength(5);
    expect(item.reports.every((r: any) => r.reporter !== null)).toBe(true);
    // The author is told the post is hidden, never by whom.
    const notes = await t.gql(`{ notifications { edges { node { kind message subjectId } } } }`, {}, alice.token);
    const msg = notes.data.notifications.edges.map((e: any) => e.node).find((n: any) => n.subjectId === postId);
    expect(msg.kind).toBe('POST_MODERATED');
    for (const r of reporters) expect(JSON.stringify(notes.data)).not.toContain(r.displayName);
  });

  it('one open report per person per post (CONFLICT); own posts cannot be reported; reporters see no reporter', async () => {
    const { postId } = await thread(alice);
    const first = await t.gql(REPORT, { i: { postId, reason: 'OTHER', note: 'Off-topic' } }, bob.token);
    expect(first.data.reportPost.report).toMatchObject({ reason: 'OTHER', note: 'Off-topic', reporter: null });
    const before = await snapshot();
    expect(codes(await t.gql(REPORT, { i: { postId, reason: 'SPAM' } }, bob.token))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(REPORT, { i: { postId, reason: 'SPAM' } }, alice.token))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(REPORT, { i: { postId: 'not-an-id', reason: 'SPAM' } }, bob.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await t.gql(REPORT, { i: { postId, reason: 'NOPE' } }, bob.token))).toEqual(['BAD_USER_INPUT']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('queue and decisions', () => {
  it('orders HIGH items first (crisis, then privacy), then oldest', async () => {
    const { threadId } = await thread(alice);
    const normal = (await reply(bob, threadId, 'selling xanax bars, dm me')).data.replyToThread.post.id;
    const privacy = (await reply(bob, threadId, 'call Jess at 312-555-0177')).data.replyToThread.post.id;
    const crisis = (await reply(alice, threadId, 'I relapsed and want to die')).data.replyToThread.post.id;
    const ours = new Set([normal, privacy, crisis]);
    const nodes = (await t.gql(QUEUE, { first: 100 }, coordinator.token)).data.moderationQueue.edges.map(
      (e: any) => e.node,
    );
    const order = nodes.filter((n: any) => ours.has(n.post.id)).map((n: any) => [n.post.id, n.priority]);
    expect(order).toEqual([
      [crisis, 'HIGH'],
      [privacy, 'HIGH'],
      [normal, 'NORMAL'],
    ]);
    // HIGH before every NORMAL item overall; pages follow one another.
    const priorities = nodes.map((n: any) => n.priority);
    expect(priorities.lastIndexOf('HIGH')).toBeLessThan(priorities.indexOf('NORMAL'));
    const p1 = (await t.gql(QUEUE, { first: 2 }, coordinator.token)).data.moderationQueue;
    const p2 = (await t.gql(QUEUE, { first: 2, after: p1.pageInfo.endCursor }, coordinator.token)).data.moderationQueue;
    expect([...p1.edges, ...p2.edges].map((e: any) => e.node.id)).toEqual(nodes.slice(0, 4).map((n: any) => n.id));
  });

  it('approve, hide, remove and restore; the author is notified with the reason; every step is logged', async () => {
    const { threadId } = await thread(alice);
    const postId = (await reply(bob, threadId, 'My email is bob@example.org')).data.replyToThread.post.id;
    const step = (action: string, reason: string) =>
      t.gql(MODERATE, { i: { postId, action, reason } }, coordinator.token);
    expect(codes(await step('RESTORE', 'n/a'))).toEqual(['CONFLICT']);
    const approved = await step('APPROVE', 'The address is a shared project inbox');
    expect(approved.data.moderatePost.post.status).toBe('VISIBLE');
    expect(approved.data.moderatePost.item).toMatchObject({ status: 'RESOLVED', resolution: 'APPROVE' });
    expect((await step('HIDE', 'Checking with the member')).data.moderatePost.post.status).toBe('HIDDEN');
    expect((await step('REMOVE', 'Shares contact details')).data.moderatePost.post.status).toBe('REMOVED');
    expect(codes(await step('APPROVE', 'no'))).toEqual(['CONFLICT']);
    expect((await step('RESTORE', 'Member asked, address is public')).data.moderatePost.post.status).toBe('VISIBLE');
    expect(codes(await step('HIDE', '   '))).toEqual(['BAD_USER_INPUT']);

    const notes = (
      await t.gql(`{ notifications(first: 50) { edges { node { kind message subjectId } } } }`, {}, bob.token)
    ).data.notifications.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.subjectId === postId);
    expect(notes.map((n: any) => n.kind)).toEqual([
      'POST_MODERATED',
      'POST_MODERATED',
      'POST_MODERATED',
      'POST_MODERATED',
    ]);
    expect(notes[1].message).toBe('A coordinator removed your post. Reason: Shares contact details');

    const log = (await t.gql(LOG, { first: 10 }, coordinator.token)).data.moderationLog.edges.map((e: any) => e.node);
    const mine = log.filter((l: any) => l.targetId === postId);
    expect(mine.map((l: any) => l.action)).toEqual(['RESTORE', 'REMOVE', 'HIDE', 'APPROVE']);
    expect(mine[0]).toMatchObject({
      targetType: 'POST',
      reason: 'Member asked, address is public',
      actor: { id: coordinator.id },
      detail: 'REMOVED -> VISIBLE',
    });
  });

  it('members cannot call moderation operations, and nothing changes', async () => {
    const { threadId, postId } = await thread(alice);
    const before = await snapshot();
    expect(codes(await t.gql(MODERATE, { i: { postId, action: 'HIDE', reason: 'x' } }, bob.token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(LOCK, { i: { threadId, locked: true, reason: 'x' } }, bob.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(SLOW, { i: { threadId, seconds: 60, reason: 'x' } }, bob.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(QUEUE, {}, bob.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(LOG, {}, bob.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(MODERATE, { i: { postId, action: 'HIDE', reason: 'x' } }))).toEqual(['UNAUTHENTICATED']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('thread controls', () => {
  it('a locked thread refuses members (FORBIDDEN) but not coordinators', async () => {
    const { threadId } = await thread(alice);
    expect(
      (await t.gql(LOCK, { i: { threadId, locked: true, reason: 'Heated' } }, coordinator.token)).data.lockThread.thread
        .locked,
    ).toBe(true);
    const before = await snapshot();
    const r = await reply(bob, threadId, 'Can I still post?');
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.errors![0].extensions!.reason).toBe('THREAD_LOCKED');
    expect(await snapshot()).toEqual(before);
    expect((await reply(coordinator, threadId, 'Locking this for now.')).errors).toBeUndefined();
    await t.gql(LOCK, { i: { threadId, locked: false, reason: 'Calmer now' } }, coordinator.token);
    expect((await reply(bob, threadId, 'Thanks')).errors).toBeUndefined();
    const actions = await t.sql(`SELECT action FROM moderation_log WHERE target_id = $1 ORDER BY created_at`, [
      threadId,
    ]);
    expect(actions.map((a: any) => a.action)).toEqual(['LOCK', 'UNLOCK']);
  });

  it('slow mode answers RATE_LIMITED with retryAfter; coordinators are exempt; it ends after the window', async () => {
    const { threadId } = await thread(alice);
    expect(codes(await t.gql(SLOW, { i: { threadId, seconds: -1, reason: 'x' } }, coordinator.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await t.gql(SLOW, { i: { threadId, seconds: 100_000, reason: 'x' } }, coordinator.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      (await t.gql(SLOW, { i: { threadId, seconds: 120, reason: 'Cool down' } }, coordinator.token)).data.setSlowMode
        .thread.slowModeSeconds,
    ).toBe(120);
    expect((await reply(bob, threadId, 'one')).errors).toBeUndefined();
    const before = await snapshot();
    const limited = await reply(bob, threadId, 'two');
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0].extensions!.retryAfter).toBeGreaterThan(100);
    expect(limited.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(120);
    expect(await snapshot()).toEqual(before);
    // Concurrent attempts cannot slip through together.
    const dee = await seasoned('Dee');
    const burst = await Promise.all([1, 2, 3].map((i) => reply(dee, threadId, `burst ${i}`)));
    expect(burst.filter((r) => r.errors).map(codes)).toEqual([['RATE_LIMITED'], ['RATE_LIMITED']]);
    expect(burst.filter((r) => !r.errors).length).toBe(1);
    expect((await reply(coordinator, threadId, 'a')).errors).toBeUndefined();
    expect((await reply(coordinator, threadId, 'b')).errors).toBeUndefined();
    await t.sql(
      `UPDATE posts SET created_at = created_at - interval '5 minutes' WHERE thread_id = $1 AND author_id = $2`,
      [threadId, bob.id],
    );
    expect((await reply(bob, threadId, 'after the window')).errors).toBeUndefined();
  });

  it('suspended members cannot post: their session is gone', async () => {
    const { threadId } = await thread(alice);
    const until = new Date(Date.now() + 86400_000).toISOString();
    const carl = await seasoned('Carl');
    await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      { i: { userId: carl.id, until, reason: 'Cooling off' } },
      coordinator.token,
    );
    expect(codes(await reply(carl, threadId, 'still here?'))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('moderation log', () => {
  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [row] = await t.sql(`SELECT id, reason FROM moderation_log LIMIT 1`);
    expect(row).toBeDefined();
    await expect(t.sql(`UPDATE moderation_log SET reason = 'rewritten' WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql(`DELETE FROM moderation_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE moderation_log`)).rejects.toThrow(/append-only/);
    const [after] = await t.sql(`SELECT reason FROM moderation_log WHERE id = $1`, [row.id]);
    expect(after.reason).toBe(row.reason);
  });
});

describe('visibility matrix', () => {
  it('author, other member, blocked member and coordinator × VISIBLE, PENDING_REVIEW, HIDDEN, REMOVED', async () => {
    const author = await seasoned('Ava');
    const other = await seasoned('Otto');
    const blocked = await seasoned('Blake');
    await t.gql(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: blocked.id } },
      author.token,
    );
    const { threadId } = await thread(coordinator, 'Matrix thread');
    const posts: Record<string, string> = {};
    for (const status of ['VISIBLE', 'PENDING_REVIEW', 'HIDDEN', 'REMOVED']) {
      posts[status] = (await reply(author, threadId, `${status} body`)).data.replyToThread.post.id;
    }
    const act = (postId: string, action: string) =>
      t.gql(MODERATE, { i: { postId, action, reason: 'matrix' } }, coordinator.token);
    await t.sql(`UPDATE posts SET status = 'PENDING_REVIEW' WHERE id = $1`, [posts.PENDING_REVIEW]);
    await act(posts.HIDDEN, 'HIDE');
    await act(posts.REMOVED, 'REMOVE');
    const Q = `query($id: ID!) { thread(id: $id) { posts(first: 50) { edges { node { id status body } } } } }`;
    const view = async (u: TestUser) => {
      const edges = (await t.gql(Q, { id: threadId }, u.token)).data.thread.posts.edges.map((e: any) => e.node);
      return Object.fromEntries(
        Object.entries(posts).map(([status, id]) => {
          const n = edges.find((e: any) => e.id === id);
          return [status, n ? (n.body === null ? 'no body' : 'body') : 'absent'];
        }),
      );
    };
    expect(await view(author)).toEqual({ VISIBLE: 'body', PENDING_REVIEW: 'body', HIDDEN: 'body', REMOVED: 'body' });
    expect(await view(other)).toEqual({
      VISIBLE: 'body',
      PENDING_REVIEW: 'absent',
      HIDDEN: 'no body',
      REMOVED: 'no body',
    });
    expect(await view(blocked)).toEqual({
      VISIBLE: 'absent',
      PENDING_REVIEW: 'absent',
      HIDDEN: 'absent',
      REMOVED: 'absent',
    });
    expect(await view(coordinator)).toEqual({
      VISIBLE: 'body',
      PENDING_REVIEW: 'body',
      HIDDEN: 'body',
      REMOVED: 'body',
    });
    // Blocking works both ways: the blocked member's posts are hidden from the blocker too.
    const theirs = (await reply(blocked, threadId, 'from the blocked side')).data.replyToThread.post.id;
    const authorSees = (await t.gql(Q, { id: threadId }, author.token)).data.thread.posts.edges.map(
      (e: any) => e.node.id,
    );
    expect(authorSees).not.toContain(theirs);
    // Acting on an invisible post is NOT_FOUND, not a leak.
    expect(codes(await t.gql(REPORT, { i: { postId: posts.PENDING_REVIEW, reason: 'SPAM' } }, other.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      codes(
        await t.gql(
          `mutation($i: SupportPostInput!) { supportPost(input: $i) { supported } }`,
          { i: { postId: posts.VISIBLE } },
          blocked.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
  });
});
