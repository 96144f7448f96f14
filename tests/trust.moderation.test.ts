import { codes, PASSWORD, sleep, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';

/**
 * The trust issue, moderation side: blocks hold through a reply's parent post, concern for a
 * member in crisis never hides their post, every coordinator action reaches the moderation log,
 * and subscription filters decide with the viewer as they are now.
 */

const CREATE = `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } post { id status } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id status } } }`;
const REPORT = `mutation($i: ReportPostInput!) { reportPost(input: $i) { report { id reason reporter { id } } } }`;
const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;
const QUEUE = `query { moderationQueue(first: 100) { edges { node { id priority causes status post { id status } reports { reason reporter { id } } } } } }`;
const LOG = `query($first: Int) { moderationLog(first: $first) { edges { node { id action targetType targetId reason detail actor { id } } } } }`;
const LOG_IN = `mutation($i: LogInInput!) { logIn(input: $i) { token } }`;
const SUSPEND = `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`;
const LIFT = `mutation($i: LiftSuspensionInput!) { liftSuspension(input: $i) { user { id } } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { kind message subjectId } } } }`;
const POST_FIELDS = `id body author { id displayName } parentPost { id body author { id displayName } }`;

let t: TestApp;
let coordinator: TestUser;

beforeAll(async () => {
  t = await startTestApp({});
  // Members here post straight away; the new-member hold has its own tests.
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
  coordinator = await t.user('COORDINATOR', 'Casey');
});
afterAll(() => t.stop());

async function thread(user: TestUser, body = 'Opening words') {
  const r = await t.gql(CREATE, { i: { title: 'A thread', body } }, user.token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return { threadId: r.data.createThread.thread.id as string, postId: r.data.createThread.post.id as string };
}

async function reply(user: TestUser, threadId: string, body: string, parentPostId?: string): Promise<string> {
  const r = await t.gql(REPLY, { i: { threadId, body, ...(parentPostId ? { parentPostId } : {}) } }, user.token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.replyToThread.post.id as string;
}

async function logEntries(targetId: string) {
  const r = await t.gql(LOG, { first: 100 }, coordinator.token);
  expect(r.errors).toBeUndefined();
  return r.data.moderationLog.edges.map((e: any) => e.node).filter((n: any) => n.targetId === targetId);
}

async function logCount(): Promise<number> {
  const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM moderation_log`);
  return n;
}

describe('blocks hold through a reply’s parent post', () => {
  it('after B blocks A, C’s reply to B’s post shows A no parent, and nothing of B, over HTTP and WebSocket', async () => {
    const a = await t.user('MEMBER', 'Aster Reader');
    const b = await t.user('MEMBER', 'Bramblewood Quill');
    const c = await t.user('MEMBER', 'Cedar Replier');
    const { threadId } = await thread(c, 'Open to all');
    const bBody = 'Bramblewood private words about a hard week';
    const bPost = await reply(b, threadId, bBody);
    expect((await t.gql(BLOCK, { i: { userId: a.id } }, b.token)).data.blockUser.blocked).toBe(true);

    const { client } = t.ws(a.token);
    const live = subscribe(client, `subscription($id: ID!) { postAdded(threadId: $id) { ${POST_FIELDS} } }`, {
      id: threadId,
    });
    await sleep(200);
    const cReply = await reply(c, threadId, 'Answering you, friend', bPost);

    // HTTP: the thread page.
    const page = await t.gql(
      `query($id: ID!) { thread(id: $id) { posts(first: 50) { totalCount edges { node { ${POST_FIELDS} } } } } }`,
      { id: threadId },
      a.token,
    );
    expect(page.errors).toBeUndefined();
    const nodes = page.data.thread.posts.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id)).not.toContain(bPost);
    const seen = nodes.find((n: any) => n.id === cReply);
    expect(seen).toMatchObject({ body: 'Answering you, friend', parentPost: null });
    const text = JSON.stringify(page);
    expect(text).not.toContain(b.displayName);
    expect(text).not.toContain(bBody);
    expect(text).not.toContain(bPost);

    // WebSocket: the live reply.
    const [event] = await live.waitFor(1);
    expect(event.errors).toBeUndefined();
    expect(event.data.postAdded).toMatchObject({ id: cReply, parentPost: null });
    const liveText = JSON.stringify(live.events);
    expect(liveText).not.toContain(b.displayName);
    expect(liveText).not.toContain(bBody);

    // Someone with no block still sees the parent: the rule hides only across the block.
    const page2 = await t.gql(
      `query($id: ID!) { thread(id: $id) { posts(first: 50) { edges { node { ${POST_FIELDS} } } } } }`,
      { id: threadId },
      c.token,
    );
    const cSees = page2.data.thread.posts.edges.map((e: any) => e.node).find((n: any) => n.id === cReply);
    expect(cSees.parentPost).toMatchObject({ id: bPost, body: bBody, author: { displayName: b.displayName } });
  });
});

describe('concern for a member in crisis never hides their post', () => {
  async function postBy(author: TestUser) {
    const { threadId } = await thread(coordinator, 'A place to talk');
    return { threadId, postId: await reply(author, threadId, 'I am not doing well tonight') };
  }

  async function authorNotices(author: TestUser, postId: string) {
    const r = await t.gql(NOTIFICATIONS, {}, author.token);
    return r.data.notifications.edges.map((e: any) => e.node).filter((n: any) => n.subjectId === postId);
  }

  async function statusFor(u: TestUser, threadId: string, postId: string) {
    const r = await t.gql(
      `query($id: ID!) { thread(id: $id) { posts(first: 50) { edges { node { id status body } } } } }`,
      { id: threadId },
      u.token,
    );
    return r.data.thread.posts.edges.map((e: any) => e.node).find((n: any) => n.id === postId);
  }

  it('three SELF_HARM_CONCERN reports: still VISIBLE to all, nothing said to the author, a HIGH care item live in the queue', async () => {
    const author = await t.user('MEMBER', 'Willow Author');
    const reader = await t.user('MEMBER', 'Quiet Reader');
    const reporters = await Promise.all([1, 2, 3].map((i) => t.user('MEMBER', `Caring Friend ${i}`)));
    const { threadId, postId } = await postBy(author);

    const { client } = t.ws(coordinator.token);
    const queue = subscribe(
      client,
      `subscription { moderationQueueUpdated { id priority causes status post { id status } } }`,
    );
    await sleep(200);
    const logBefore = await logCount();
    for (const r of reporters) {
      const made = await t.gql(
        REPORT,
        { i: { postId, reason: 'SELF_HARM_CONCERN', note: 'Worried about them' } },
        r.token,
      );
      expect(made.errors).toBeUndefined();
      expect(made.data.reportPost.report.reporter).toBeNull();
    }

    const [row] = await t.sql(`SELECT status FROM posts WHERE id = $1`, [postId]);
    expect(row.status).toBe('VISIBLE');
    for (const u of [author, reader, coordinator]) {
      expect(await statusFor(u, threadId, postId)).toMatchObject({
        status: 'VISIBLE',
        body: 'I am not doing well tonight',
      });
    }
    // No hiding, so nothing about hiding: no notice at all, and no AUTO_HIDE in the log.
    expect(await authorNotices(author, postId)).toEqual([]);
    expect(await logCount()).toBe(logBefore);

    // One HIGH care item, live for coordinators, with the reporters known to coordinators only.
    const events = await queue.waitFor(3);
    expect(events.map((e) => e.data.moderationQueueUpdated)).toEqual(
      [1, 2, 3].map(() =>
        expect.objectContaining({
          priority: 'HIGH',
          causes: ['SELF_HARM_REPORT'],
          status: 'OPEN',
          post: { id: postId, status: 'VISIBLE' },
        }),
      ),
    );
    const items = (await t.gql(QUEUE, {}, coordinator.token)).data.moderationQueue.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.post.id === postId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ priority: 'HIGH', causes: ['SELF_HARM_REPORT'], status: 'OPEN' });
    expect(items[0].reports.map((r: any) => r.reporter.id).sort()).toEqual(reporters.map((r) => r.id).sort());
    // The author learns nothing of who (or that anyone) reported.
    const authorView = JSON.stringify(await t.gql(NOTIFICATIONS, {}, author.token));
    for (const r of reporters) expect(authorView).not.toContain(r.displayName);
  });

  it('mixed reasons: two HARASSMENT and one SELF_HARM_CONCERN do not hide; a third HARASSMENT still does', async () => {
    const author = await t.user('MEMBER', 'Rowan Author');
    const [h1, h2, h3, care] = await Promise.all(
      ['Harsh One', 'Harsh Two', 'Harsh Three', 'Kind Soul'].map((n) => t.user('MEMBER', n)),
    );
    const { threadId, postId } = await postBy(author);
    expect((await t.gql(REPORT, { i: { postId, reason: 'HARASSMENT' } }, h1.token)).errors).toBeUndefined();
    expect((await t.gql(REPORT, { i: { postId, reason: 'SELF_HARM_CONCERN' } }, care.token)).errors).toBeUndefined();
    expect((await t.gql(REPORT, { i: { postId, reason: 'HARASSMENT' } }, h2.token)).errors).toBeUndefined();

    expect((await t.sql(`SELECT status FROM posts WHERE id = $1`, [postId]))[0].status).toBe('VISIBLE');
    expect(await statusFor(h3, threadId, postId)).toMatchObject({ status: 'VISIBLE' });
    expect(await authorNotices(author, postId)).toEqual([]);
    expect(await logEntries(postId)).toEqual([]);
    const [item] = await t.sql(
      `SELECT priority, causes::text[] AS causes FROM moderation_items WHERE post_id = $1 AND status = 'OPEN'`,
      [postId],
    );
    expect(item).toEqual({ priority: 'HIGH', causes: ['SELF_HARM_REPORT', 'REPORTED'] });

    // Other reasons keep their own threshold: three members reporting harassment hide it.
    expect((await t.gql(REPORT, { i: { postId, reason: 'HARASSMENT' } }, h3.token)).errors).toBeUndefined();
    expect((await t.sql(`SELECT status FROM posts WHERE id = $1`, [postId]))[0].status).toBe('HIDDEN');
    expect((await logEntries(postId)).map((e: any) => e.action)).toEqual(['AUTO_HIDE']);
  });
});

describe('the moderation log records every coordinator action', () => {
  const CREATE_CAT = `mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id name slug } } }`;
  const RENAME_CAT = `mutation($i: RenameCategoryInput!) { renameCategory(input: $i) { category { id name slug } } }`;

  it('createCategory and renameCategory, each in its own transaction', async () => {
    const made = await t.gql(CREATE_CAT, { i: { name: 'Sober Sports' } }, coordinator.token);
    expect(made.errors).toBeUndefined();
    const id = made.data.createCategory.category.id;
    const renamed = await t.gql(
      RENAME_CAT,
      { i: { categoryId: id, name: 'Sober Sport & Fitness' } },
      coordinator.token,
    );
    expect(renamed.data.renameCategory.category).toEqual({ id, name: 'Sober Sport & Fitness', slug: 'sober-sports' });
    const entries = await logEntries(id);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'CATEGORY_RENAME',
        targetType: 'CATEGORY',
        detail: 'from "Sober Sports"',
        actor: { id: coordinator.id },
      }),
      expect.objectContaining({
        action: 'CATEGORY_CREATE',
        targetType: 'CATEGORY',
        detail: '"Sober Sports" (sober-sports)',
        actor: { id: coordinator.id },
      }),
    ]);

    // A refused create or rename writes nothing, log included.
    const before = await logCount();
    const [{ n: categories }] = await t.sql(`SELECT count(*)::int AS n FROM categories`);
    expect(codes(await t.gql(CREATE_CAT, { i: { name: 'Sober sports!' } }, coordinator.token))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(CREATE_CAT, { i: { name: 'Bell \u0007 here' } }, coordinator.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        await t.gql(
          RENAME_CAT,
          { i: { categoryId: '00000000-0000-4000-8000-000000000000', name: 'X' } },
          coordinator.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const control = await t.gql(RENAME_CAT, { i: { categoryId: id, name: 'Escape \u001b[2J' } }, coordinator.token);
    expect(codes(control)).toEqual(['BAD_USER_INPUT']);
    expect(control.errors![0].extensions).toMatchObject({ field: 'name', reason: 'CONTROL_CHARACTERS' });
    expect(await logCount()).toBe(before);
    expect((await t.sql(`SELECT count(*)::int AS n FROM categories`))[0].n).toBe(categories);
    expect((await t.sql(`SELECT name FROM categories WHERE id = $1`, [id]))[0].name).toBe('Sober Sport & Fitness');
  });

  it('createInvitation, with its role and never the email; a refused invitation logs nothing', async () => {
    const email = `invitee.${Date.now()}@example.org`;
    const r = await t.gql(
      `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id email role } } }`,
      { i: { email } },
      coordinator.token,
    );
    expect(r.errors).toBeUndefined();
    const invitationId = r.data.createInvitation.invitation.id;
    const entries = await logEntries(invitationId);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'INVITE',
        targetType: 'INVITATION',
        detail: 'role MEMBER',
        actor: { id: coordinator.id },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(email);

    const before = await logCount();
    const member = await t.user('MEMBER');
    const afterSignUp = await logCount(); // the harness's own invitation for this member
    expect(afterSignUp).toBe(before + 1);
    const INVITE = `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id } } }`;
    expect(codes(await t.gql(INVITE, { i: { email: member.email } }, coordinator.token))).toEqual(['CONFLICT']);
    expect(
      codes(await t.gql(INVITE, { i: { email: 'x@example.org', role: 'COORDINATOR' } }, coordinator.token)),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(INVITE, { i: { email: 'y@example.org' } }, member.token))).toEqual(['FORBIDDEN']);
    expect(await logCount()).toBe(afterSignUp);
  });

  it('pinThread (PIN and UNPIN) and setSlowMode', async () => {
    const { threadId } = await thread(coordinator, 'Pinned notes');
    const PIN = `mutation($i: PinThreadInput!) { pinThread(input: $i) { thread { pinned } } }`;
    expect(
      (await t.gql(PIN, { i: { threadId, reason: 'House rules' } }, coordinator.token)).data.pinThread.thread.pinned,
    ).toBe(true);
    expect((await t.gql(PIN, { i: { threadId, pinned: false } }, coordinator.token)).data.pinThread.thread.pinned).toBe(
      false,
    );
    const SLOW = `mutation($i: SetSlowModeInput!) { setSlowMode(input: $i) { thread { slowModeSeconds } } }`;
    expect(
      (await t.gql(SLOW, { i: { threadId, seconds: 90, reason: 'Heated' } }, coordinator.token)).data.setSlowMode.thread
        .slowModeSeconds,
    ).toBe(90);
    const entries = await logEntries(threadId);
    expect(entries.map((e: any) => [e.action, e.targetType, e.reason, e.detail, e.actor.id])).toEqual([
      ['SLOW_MODE', 'THREAD', 'Heated', '90 seconds', coordinator.id],
      ['UNPIN', 'THREAD', '(no reason given)', null, coordinator.id],
      ['PIN', 'THREAD', 'House rules', null, coordinator.id],
    ]);
  });
});

describe('liftSuspension', () => {
  const until = () => new Date(Date.now() + 7 * 86400_000).toISOString();
  const suspensionOf = async (id: string) =>
    (await t.sql(`SELECT suspended_until, suspension_reason FROM users WHERE id = $1`, [id]))[0];

  it('ends a suspension at once: log-in works again, and the lift is in the log', async () => {
    const member = await t.user('MEMBER', 'Paused Member');
    const end = until();
    expect(
      codes(await t.gql(SUSPEND, { i: { userId: member.id, until: end, reason: 'Cooling off' } }, coordinator.token)),
    ).toEqual([]);
    expect(codes(await t.gql(LOG_IN, { i: { email: member.email, password: PASSWORD } }))).toEqual(['FORBIDDEN']);

    const lifted = await t.gql(LIFT, { i: { userId: member.id, reason: 'Talked it through' } }, coordinator.token);
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data.liftSuspension.user.id).toBe(member.id);
    const login = await t.gql(LOG_IN, { i: { email: member.email, password: PASSWORD } });
    expect(login.errors).toBeUndefined();
    expect((await t.gql(`{ viewer { id } }`, {}, login.data.logIn.token)).data.viewer.id).toBe(member.id);

    const entries = await logEntries(member.id);
    expect(entries.map((e: any) => e.action)).toEqual(['LIFT_SUSPENSION', 'SUSPEND']);
    expect(entries[0]).toMatchObject({
      targetType: 'USER',
      reason: 'Talked it through',
      detail: `was until ${end}`,
      actor: { id: coordinator.id },
    });
  });

  it('refuses, changing nothing: not suspended (CONFLICT), wrong rank or a member (FORBIDDEN), no reason, unknown person', async () => {
    const member = await t.user('MEMBER', 'Never Suspended');
    const before = await logCount();
    const notSuspended = await t.gql(LIFT, { i: { userId: member.id, reason: 'Just in case' } }, coordinator.token);
    expect(codes(notSuspended)).toEqual(['CONFLICT']);
    expect(notSuspended.errors![0].extensions!.reason).toBe('NOT_SUSPENDED');

    // A suspension that has already run out is not one to lift.
    await t.sql(
      `UPDATE users SET suspended_until = now() - interval '1 hour', suspension_reason = 'Old' WHERE id = $1`,
      [member.id],
    );
    expect(codes(await t.gql(LIFT, { i: { userId: member.id, reason: 'Again' } }, coordinator.token))).toEqual([
      'CONFLICT',
    ]);

    // The same ladder as suspendUser: a coordinator cannot lift a coordinator's suspension; an admin can.
    const admin = await t.admin();
    const other = await t.user('COORDINATOR', 'Other Coordinator');
    const end = until();
    expect(codes(await t.gql(SUSPEND, { i: { userId: other.id, until: end, reason: 'Review' } }, admin.token))).toEqual(
      [],
    );
    const suspendedMember = await t.user('MEMBER', 'Suspended Member');
    expect(
      codes(
        await t.gql(SUSPEND, { i: { userId: suspendedMember.id, until: end, reason: 'Review' } }, coordinator.token),
      ),
    ).toEqual([]);
    const logged = await logCount();
    const states = async () => [
      await suspensionOf(other.id),
      await suspensionOf(suspendedMember.id),
      await suspensionOf(member.id),
    ];
    const frozen = await states();

    expect(codes(await t.gql(LIFT, { i: { userId: other.id, reason: 'x' } }, coordinator.token))).toEqual([
      'FORBIDDEN',
    ]);
    const peer = await t.user('MEMBER', 'Peer');
    expect(codes(await t.gql(LIFT, { i: { userId: suspendedMember.id, reason: 'x' } }, peer.token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(LIFT, { i: { userId: suspendedMember.id, reason: '   ' } }, coordinator.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        await t.gql(LIFT, { i: { userId: '00000000-0000-4000-8000-000000000000', reason: 'x' } }, coordinator.token),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(LIFT, { i: { userId: suspendedMember.id, reason: 'x' } }))).toEqual(['UNAUTHENTICATED']);
    expect(await states()).toEqual(frozen);
    // Only the peer's own invitation was logged meanwhile.
    expect(await logCount()).toBe(logged + 1);

    expect(codes(await t.gql(LIFT, { i: { userId: other.id, reason: 'Cleared' } }, admin.token))).toEqual([]);
    expect((await suspensionOf(other.id)).suspended_until).toBeNull();
    expect(before).toBeLessThan(await logCount());
  });
});

describe('subscription filters decide with the viewer as they are now', () => {
  it('a coordinator demoted after subscribing to moderationQueueUpdated receives nothing more', async () => {
    const stays = await t.user('COORDINATOR', 'Staying Coordinator');
    const demoted = await t.user('COORDINATOR', 'Demoted Coordinator');
    const author = await t.user('MEMBER', 'Queue Author');
    const Q = `subscription { moderationQueueUpdated { id post { id } } }`;
    const control = subscribe(t.ws(stays.token).client, Q);
    const watched = subscribe(t.ws(demoted.token).client, Q);
    await sleep(200);
    await t.sql(`UPDATE users SET role = 'MEMBER' WHERE id = $1`, [demoted.id]);
    const { threadId } = await thread(coordinator, 'Queue thread');
    await reply(author, threadId, 'selling percs cheap, dm me'); // held: a NORMAL queue item
    await control.waitFor(1);
    await sleep(300);
    expect(watched.events).toEqual([]);
  });

  it('a coordinator demoted after subscribing to postAdded stops receiving posts of a thread only coordinators see', async () => {
    const stays = await t.user('COORDINATOR', 'Watching Coordinator');
    const demoted = await t.user('COORDINATOR', 'Former Coordinator');
    const newcomer = await t.user('MEMBER', 'Newcomer');
    const { threadId, postId } = await thread(newcomer, 'My first words');
    // The opening post waits for review: only its author and coordinators see the thread.
    await t.sql(`UPDATE posts SET status = 'PENDING_REVIEW' WHERE id = $1`, [postId]);
    const S = `subscription($id: ID!) { postAdded(threadId: $id) { id body } }`;
    const control = subscribe(t.ws(stays.token).client, S, { id: threadId });
    const watched = subscribe(t.ws(demoted.token).client, S, { id: threadId });
    await sleep(200);
    await t.sql(`UPDATE users SET role = 'MEMBER' WHERE id = $1`, [demoted.id]);
    const replyId = await reply(newcomer, threadId, 'Adding a little more');
    const [event] = await control.waitFor(1);
    expect(event.data.postAdded.id).toBe(replyId);
    await sleep(300);
    expect(watched.events).toEqual([]);
  });
});
