import { codes, startTestApp, subscribe, type TestApp, type TestUser } from './helpers/harness';

const POST = `id body status supportCount createdAt editedAt author { id } parentPost { id } thread { id }`;
const CREATE = `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id title category { slug } locked pinned slowModeSeconds author { id } } post { ${POST} } supportResources { name contact } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { ${POST} } supportResources { name contact } } }`;
const EDIT = `mutation($i: EditPostInput!) { editPost(input: $i) { post { ${POST} editHistory { previousBody } } supportResources { name } } }`;
const SUPPORT = `mutation($i: SupportPostInput!) { supportPost(input: $i) { supported post { id supportCount } } }`;
const UNSUPPORT = `mutation($i: SupportPostInput!) { unsupportPost(input: $i) { supported post { id supportCount } } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { id title posts(first: 50) { totalCount edges { node { id body status author { id } parentPost { id } } } } } }`;
const THREADS = `query($first: Int, $after: String, $categoryId: ID, $search: String) {
  threads(first: $first, after: $after, categoryId: $categoryId, search: $search) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title pinned } } } }`;

let t: TestApp;
let coordinator: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp({});
  // Most tests here are about seasoned members; the new-member hold has its own test.
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
  coordinator = await t.user('COORDINATOR', 'Casey');
  alice = await t.user('MEMBER', 'Alice');
  bob = await t.user('MEMBER', 'Bob');
});
afterAll(() => t.stop());

async function thread(user: TestUser, title = 'A thread', body = 'Opening words', categoryId?: string) {
  const r = await t.gql(CREATE, { i: { title, body, ...(categoryId ? { categoryId } : {}) } }, user.token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createThread;
}

async function reply(user: TestUser, threadId: string, body: string, parentPostId?: string) {
  return t.gql(REPLY, { i: { threadId, body, ...(parentPostId ? { parentPostId } : {}) } }, user.token);
}

async function counts() {
  const [row] =
    await t.sql(`SELECT (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM posts)::int AS posts,
    (SELECT count(*) FROM categories)::int AS categories, (SELECT count(*) FROM post_edits)::int AS edits,
    (SELECT coalesce(sum(support_count), 0))::int AS support FROM posts`);
  return row;
}

describe('categories', () => {
  it('are seeded; coordinators create and rename them; members cannot', async () => {
    const r = await t.gql(`{ categories { id name slug } }`, {}, alice.token);
    expect(r.data.categories.map((c: any) => c.name)).toEqual([
      'General',
      'Introductions',
      'Wins',
      'Hard days',
      'Family',
      'Relapse prevention',
    ]);
    expect(r.data.categories[3].slug).toBe('hard-days');
    const CREATE_CAT = `mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id name slug } } }`;
    const before = await counts();
    expect(codes(await t.gql(CREATE_CAT, { i: { name: 'Parenting' } }, alice.token))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
    const made = await t.gql(CREATE_CAT, { i: { name: 'Parenting in Recovery' } }, coordinator.token);
    expect(made.data.createCategory.category).toMatchObject({
      name: 'Parenting in Recovery',
      slug: 'parenting-in-recovery',
    });
    expect(codes(await t.gql(CREATE_CAT, { i: { name: 'Parenting in recovery!' } }, coordinator.token))).toEqual([
      'CONFLICT',
    ]);
    const renamed = await t.gql(
      `mutation($i: RenameCategoryInput!) { renameCategory(input: $i) { category { name slug } } }`,
      { i: { categoryId: made.data.createCategory.category.id, name: 'Parents' } },
      coordinator.token,
    );
    expect(renamed.data.renameCategory.category).toEqual({ name: 'Parents', slug: 'parenting-in-recovery' });
  });
});

describe('threads and posts', () => {
  it('createThread goes to General without a category, and to the chosen one with it', async () => {
    const a = await thread(alice, 'First week home', 'Made it through the first week.');
    expect(a.thread).toMatchObject({
      title: 'First week home',
      category: { slug: 'general' },
      locked: false,
      pinned: false,
      slowModeSeconds: 0,
      author: { id: alice.id },
    });
    expect(a.post).toMatchObject({
      status: 'VISIBLE',
      body: 'Made it through the first week.',
      parentPost: null,
      supportCount: 0,
    });
    expect(a.supportResources).toEqual([]);
    const [wins] = await t.sql(`SELECT id FROM categories WHERE slug = 'wins'`);
    expect((await thread(alice, 'Got the job', 'Starting Monday', wins.id)).thread.category.slug).toBe('wins');
  });

  it('bodies are plain text kept as typed: HTML is stored and returned as text', async () => {
    const body = '<script>alert("x")</script> & <b>bold</b>';
    const a = await thread(alice, '<i>Title</i>', body);
    expect(a.post.body).toBe(body);
    expect(a.thread.title).toBe('<i>Title</i>');
  });

  it.each([
    ['an empty body', { body: '' }, 'body'],
    ['a whitespace body', { body: '  \n\t ' }, 'body'],
    ['a body over 10,000 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ['a body with a NUL character', { body: 'a\u0000b' }, 'body'],
    ['an empty title', { title: ' ' }, 'title'],
  ])('createThread with %s → BAD_USER_INPUT on its field, nothing stored', async (_l, over, field) => {
    const before = await counts();
    const r = await t.gql(CREATE, { i: { title: 'T', body: 'B', ...over } }, alice.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('a body of exactly 10,000 characters is accepted; unknown categories are NOT_FOUND', async () => {
    expect((await thread(alice, 'Long', 'y'.repeat(10_000))).post.body).toHaveLength(10_000);
    const before = await counts();
    expect(codes(await t.gql(CREATE, { i: { title: 'T', body: 'B', categoryId: 'nope' } }, alice.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      codes(
        await t.gql(
          CREATE,
          { i: { title: 'T', body: 'B', categoryId: '00000000-0000-4000-8000-000000000000' } },
          alice.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
  });

  it('replies nest one level: a reply to a reply attaches to the top-level post', async () => {
    const a = await thread(alice, 'Nesting', 'Top');
    const r1 = (await reply(bob, a.thread.id, 'First reply', a.post.id)).data.replyToThread.post;
    expect(r1.parentPost.id).toBe(a.post.id);
    const r2 = (await reply(alice, a.thread.id, 'Reply to the reply', r1.id)).data.replyToThread.post;
    expect(r2.parentPost.id).toBe(a.post.id);
    const other = await thread(bob, 'Other', 'Elsewhere');
    const before = await counts();
    const wrong = await reply(bob, other.thread.id, 'Cross-thread', a.post.id);
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0].extensions!.field).toBe('parentPostId');
    expect(codes(await reply(bob, '00000000-0000-4000-8000-000000000000', 'x'))).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
    const page = (await t.gql(THREAD, { id: a.thread.id }, bob.token)).data.thread.posts;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => e.node.body)).toEqual(['Top', 'First reply', 'Reply to the reply']);
  });

  it('only the author edits; the history is kept and shown to coordinators only', async () => {
    const a = await thread(alice, 'Editing', 'Original text');
    const before = await counts();
    expect(codes(await t.gql(EDIT, { i: { postId: a.post.id, body: 'Hijacked' } }, bob.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(EDIT, { i: { postId: a.post.id, body: 'Hijacked' } }, coordinator.token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(EDIT, { i: { postId: a.post.id, body: '   ' } }, alice.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await counts()).toEqual(before);
    const e = await t.gql(EDIT, { i: { postId: a.post.id, body: 'Better text' } }, alice.token);
    expect(e.data.editPost.post).toMatchObject({ body: 'Better text', status: 'VISIBLE', editHistory: null });
    expect(e.data.editPost.post.editedAt).not.toBeNull();
    const Q = `query($id: ID!) { thread(id: $id) { posts { edges { node { body editHistory { previousBody editedAt } } } } } }`;
    const seen = (await t.gql(Q, { id: a.thread.id }, coordinator.token)).data.thread.posts.edges[0].node;
    expect(seen.body).toBe('Better text');
    expect(seen.editHistory.map((h: any) => h.previousBody)).toEqual(['Original text']);
  });

  it('support counts once per member, even when clicked at once', async () => {
    const a = await thread(alice, 'Support me', 'Ninety days!');
    const people = await Promise.all([1, 2, 3, 4].map((i) => t.user('MEMBER', `Fan ${i}`)));
    const all = await Promise.all(
      [...people, ...people].map((p) => t.gql(SUPPORT, { i: { postId: a.post.id } }, p.token)),
    );
    expect(all.every((r) => !r.errors)).toBe(true);
    const [row] = await t.sql(
      `SELECT support_count, (SELECT count(*)::int FROM post_supports WHERE post_id = $1) AS n FROM posts WHERE id = $1`,
      [a.post.id],
    );
    expect(row).toEqual({ support_count: 4, n: 4 });
    const un = await t.gql(UNSUPPORT, { i: { postId: a.post.id } }, people[0].token);
    expect(un.data.unsupportPost).toEqual({ supported: false, post: { id: a.post.id, supportCount: 3 } });
    expect(
      (await t.gql(UNSUPPORT, { i: { postId: a.post.id } }, people[0].token)).data.unsupportPost.post.supportCount,
    ).toBe(3);
    expect(codes(await t.gql(SUPPORT, { i: { postId: 'x' } }, alice.token))).toEqual(['NOT_FOUND']);
  });
});

describe('listing and search', () => {
  it('pinned threads first, then latest activity; pages do not repeat or skip', async () => {
    const [fam] = await t.sql(`SELECT id FROM categories WHERE slug = 'family'`);
    const made = [];
    for (const n of [1, 2, 3, 4, 5]) made.push((await thread(alice, `Family ${n}`, `Body ${n}`, fam.id)).thread.id);
    await reply(bob, made[0], 'Bumping the first one');
    const PIN = `mutation($i: PinThreadInput!) { pinThread(input: $i) { thread { id pinned } } }`;
    expect(codes(await t.gql(PIN, { i: { threadId: made[2] } }, alice.token))).toEqual(['FORBIDDEN']);
    expect(
      (await t.gql(PIN, { i: { threadId: made[2], reason: 'Useful' } }, coordinator.token)).data.pinThread.thread
        .pinned,
    ).toBe(true);
    const first = (await t.gql(THREADS, { first: 2, categoryId: fam.id }, bob.token)).data.threads;
    expect(first.totalCount).toBe(5);
    const second = (await t.gql(THREADS, { first: 2, categoryId: fam.id, after: first.pageInfo.endCursor }, bob.token))
      .data.threads;
    const third = (await t.gql(THREADS, { first: 2, categoryId: fam.id, after: second.pageInfo.endCursor }, bob.token))
      .data.threads;
    const titles = [...first.edges, ...second.edges, ...third.edges].map((e: any) => e.node.title);
    expect(titles).toEqual(['Family 3', 'Family 1', 'Family 5', 'Family 4', 'Family 2']);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(codes(await t.gql(THREADS, { after: 'garbage' }, bob.token))).toEqual(['BAD_USER_INPUT']);
  });

  it('full-text search is ranked and covers visible posts and titles only', async () => {
    const a = await thread(alice, 'Gardening helps', 'Tomatoes and basil in the yard');
    const b = await thread(bob, 'Cooking', 'I grew tomatoes. Tomatoes everywhere, tomatoes in every meal.');
    const hidden = await thread(alice, 'Quiet', 'Nothing here');
    const r = (await reply(bob, hidden.thread.id, 'secret zucchini recipe')).data.replyToThread.post;
    await t.gql(
      `mutation($i: ModeratePostInput!) { moderatePost(input: $i) { post { status } } }`,
      { i: { postId: r.id, action: 'HIDE', reason: 'Test' } },
      coordinator.token,
    );
    const found = (await t.gql(THREADS, { search: 'tomato' }, alice.token)).data.threads;
    expect(found.edges.map((e: any) => e.node.id)).toEqual([b.thread.id, a.thread.id]);
    expect(found.totalCount).toBe(2);
    const paged = (await t.gql(THREADS, { search: 'tomatoes', first: 1 }, alice.token)).data.threads;
    const next = (await t.gql(THREADS, { search: 'tomatoes', first: 1, after: paged.pageInfo.endCursor }, alice.token))
      .data.threads;
    expect([...paged.edges, ...next.edges].map((e: any) => e.node.id)).toEqual([b.thread.id, a.thread.id]);
    expect(
      (await t.gql(THREADS, { search: 'gardening' }, alice.token)).data.threads.edges.map((e: any) => e.node.id),
    ).toEqual([a.thread.id]);
    expect((await t.gql(THREADS, { search: 'zucchini' }, coordinator.token)).data.threads.edges).toEqual([]);
    const plan = await t.sql(
      `EXPLAIN SELECT id FROM posts WHERE search_vector @@ websearch_to_tsquery('english', 'tomato')`,
    );
    expect(JSON.stringify(plan)).toMatch(/ix_posts_search|Seq Scan/); // the GIN index exists; tiny tables may still scan
    const [idx] = await t.sql(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_posts_search'`);
    expect(idx.indexdef).toMatch(/USING gin/);
  });
});

describe('screening on write', () => {
  it('crisis language keeps the post visible, names crisis lines and the on-call coordinator, and alerts coordinators at once', async () => {
    const ws = t.ws(coordinator.token);
    const queue = subscribe(
      ws.client,
      `subscription { moderationQueueUpdated { id priority causes status post { id status } } }`,
    );
    const memberWs = t.ws(bob.token);
    const denied = subscribe(memberWs.client, `subscription { moderationQueueUpdated { id } }`);
    await new Promise((r) => setTimeout(r, 200));
    const a = await thread(alice, 'Rough night', 'Honestly I want to end it all');
    expect(a.post.status).toBe('VISIBLE');
    const names = a.supportResources.map((s: any) => s.name);
    expect(names).toEqual(['988 Suicide & Crisis Lifeline', 'SAMHSA National Helpline', 'On-call program coordinator']);
    expect(a.supportResources[1].contact).toBe('1-800-662-4357');
    const [event] = await queue.waitFor(1);
    expect(event.data.moderationQueueUpdated).toMatchObject({
      priority: 'HIGH',
      causes: ['CRISIS_LANGUAGE'],
      status: 'OPEN',
      post: { id: a.post.id, status: 'VISIBLE' },
    });
    const r = await reply(alice, a.thread.id, 'k1ll mys3lf tonight');
    expect(r.data.replyToThread.supportResources).toHaveLength(3);
    expect(r.data.replyToThread.post.status).toBe('VISIBLE');
    await queue.waitFor(2);
    await new Promise((res) => setTimeout(res, 100));
    expect(denied.events.some((e) => e.data?.moderationQueueUpdated)).toBe(false);
    expect(denied.events.length ? codes(denied.events[0] as any) : ['FORBIDDEN']).toEqual(['FORBIDDEN']);
    expect(
      (await reply(bob, a.thread.id, 'Here for you, call me anytime')).data.replyToThread.supportResources,
    ).toEqual([]);
  });

  it('contact details and offers of substances wait for review; the privacy item is HIGH', async () => {
    const a = await thread(alice, 'Carpool', 'Who drives Tuesday?');
    const phone = (await reply(bob, a.thread.id, 'Text my cell 312-555-0188')).data.replyToThread.post;
    const selling = (await reply(bob, a.thread.id, 'selling percs cheap, dm me')).data.replyToThread.post;
    expect(phone.status).toBe('PENDING_REVIEW');
    expect(selling.status).toBe('PENDING_REVIEW');
    const items = await t.sql(
      `SELECT post_id, priority, causes::text[] AS causes FROM moderation_items WHERE post_id = ANY($1) ORDER BY sort_rank`,
      [[phone.id, selling.id]],
    );
    expect(items).toEqual([
      { post_id: phone.id, priority: 'HIGH', causes: ['PRIVACY_BREACH'] },
      { post_id: selling.id, priority: 'NORMAL', causes: ['SUBSTANCE_PROMOTION'] },
    ]);
    // Others do not see them; the author does.
    const ids = (u: TestUser) =>
      t.gql(THREAD, { id: a.thread.id }, u.token).then((r) => r.data.thread.posts.edges.map((e: any) => e.node.id));
    expect(await ids(alice)).toEqual([a.post.id]);
    expect(await ids(bob)).toEqual([a.post.id, phone.id, selling.id]);
  });

  it("a new member's first posts wait for review (count configurable)", async () => {
    const rules = t.app.services.discussions.settings.rules;
    rules.newMemberHeldPosts = 2;
    try {
      const newbie = await t.user('MEMBER', 'Newbie');
      const a = await thread(newbie, 'Hello', 'I am new here');
      expect(a.post.status).toBe('PENDING_REVIEW');
      expect((await reply(newbie, a.thread.id, 'Second post')).data.replyToThread.post.status).toBe('PENDING_REVIEW');
      expect((await reply(newbie, a.thread.id, 'Third post')).data.replyToThread.post.status).toBe('VISIBLE');
      // The thread itself is not listed to others while its opening post waits.
      expect((await t.gql(THREAD, { id: a.thread.id }, bob.token)).data.thread).toBeNull();
      expect((await t.gql(THREAD, { id: a.thread.id }, coordinator.token)).data.thread.id).toBe(a.thread.id);
      const [item] = await t.sql(`SELECT causes::text[] AS causes FROM moderation_items WHERE post_id = $1`, [
        a.post.id,
      ]);
      expect(item.causes).toEqual(['NEW_MEMBER']);
      // Coordinators are never held.
      const coord2 = await t.user('COORDINATOR');
      expect((await thread(coord2, 'Welcome', 'Hi all')).post.status).toBe('VISIBLE');
    } finally {
      rules.newMemberHeldPosts = 0;
    }
  });
});

describe('live posts', () => {
  it('postAdded delivers only visible posts, and nothing across a block', async () => {
    const carol = await t.user('MEMBER', 'Carol');
    const dan = await t.user('MEMBER', 'Dan');
    const a = await thread(alice, 'Live', 'Start');
    await t.gql(
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: dan.id } },
      carol.token,
    );
    const ws = t.ws(carol.token);
    const sub = subscribe(
      ws.client,
      `subscription($id: ID!) { postAdded(threadId: $id) { id body status author { id } } }`,
      { id: a.thread.id },
    );
    await new Promise((r) => setTimeout(r, 200));
    await reply(dan, a.thread.id, 'From someone Carol blocked');
    await reply(bob, a.thread.id, 'My number is 312-555-0199'); // held for review
    const ok = (await reply(bob, a.thread.id, 'A visible reply')).data.replyToThread.post;
    const events = await sub.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.map((e) => e.data.postAdded)).toEqual([
      { id: ok.id, body: 'A visible reply', status: 'VISIBLE', author: { id: bob.id } },
    ]);
    // Carol does not see Dan's post in the thread either, nor Dan hers.
    const list = (u: TestUser) =>
      t
        .gql(THREAD, { id: a.thread.id }, u.token)
        .then((r) => r.data.thread.posts.edges.map((e: any) => e.node.author.id));
    expect(await list(carol)).not.toContain(dan.id);
    expect(await list(alice)).toContain(dan.id);
  });
});

describe('thread page cost', () => {
  it('a page of 50 posts with authors, parents and support counts runs a constant number of SQL statements', async () => {
    const authors = await Promise.all([1, 2, 3, 4, 5].map((i) => t.user('MEMBER', `Writer ${i}`)));
    const small = await thread(alice, 'Small', 'Opening');
    const big = await thread(alice, 'Big', 'Opening');
    for (let i = 0; i < 9; i++)
      await reply(authors[i % 5], small.thread.id, `reply ${i}`, i % 2 ? small.post.id : undefined);
    for (let i = 0; i < 49; i++)
      await reply(authors[i % 5], big.thread.id, `reply ${i}`, i % 2 ? big.post.id : undefined);
    const PAGE = `query($id: ID!) { thread(id: $id) { id title author { displayName } category { name }
      posts(first: 50) { edges { node { id body supportCount author { id displayName } parentPost { id } } } } } }`;
    const logger = t.app.ds.logger;
    const original = logger.logQuery.bind(logger);
    let statements = 0;
    logger.logQuery = (...args: Parameters<typeof original>) => {
      statements++;
      return original(...args);
    };
    try {
      const measure = async (id: string) => {
        statements = 0;
        const r = await t.gql(PAGE, { id }, bob.token);
        expect(r.errors).toBeUndefined();
        return { statements, posts: r.data.thread.posts.edges.length };
      };
      const s = await measure(small.thread.id);
      const b = await measure(big.thread.id);
      expect(s.posts).toBe(10);
      expect(b.posts).toBe(50);
      expect(b.statements).toBe(s.statements);
      expect(b.statements).toBeLessThanOrEqual(6);
    } finally {
      logger.logQuery = original;
    }
  });
});
