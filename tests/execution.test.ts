import { createMeeting, RSVP } from './helpers/meetings';
import { startTestApp, subscribe, type GqlResponse, type TestApp, type TestUser } from './helpers/harness';

// Over HTTP, read queries run compiled (graphql-jit); over the WebSocket every operation runs
// through graphql-js. The same read by the same person must answer the same on both.
let t: TestApp;
let coordinator: TestUser;
let a: TestUser;
let b: TestUser;
let c: TestUser;
let threadId: string;
let replies: string[];

const CREATE_THREAD = `mutation($i: CreateThreadInput!) { createThread(input: $i) { thread { id } post { id } } }`;
const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id } } }`;
const REPORT = `mutation($i: ReportPostInput!) { reportPost(input: $i) { report { id } } }`;
const SUPPORT = `mutation($i: SupportPostInput!) { supportPost(input: $i) { supported } }`;
const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`;
const SOBRIETY = `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { days } } }`;

async function ok(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function executions(executor: 'compiled' | 'graphql-js'): Promise<number> {
  const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
  const m = new RegExp(`^onward_graphql_executions_total\\{executor="${executor}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** What a client compares: data, and each error's message, path and code. */
function answer(r: { data?: unknown; errors?: GqlResponse['errors'] }) {
  return {
    data: r.data ?? null,
    errors: r.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
  };
}

async function overWebSocket(query: string, variables: Record<string, unknown>, token: string) {
  const { client } = t.ws(token);
  const s = subscribe(client, query, variables);
  await s.waitFor(1);
  await client.dispose();
  return s.events[0];
}

beforeAll(async () => {
  t = await startTestApp();
  t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
  coordinator = await t.user('COORDINATOR', 'Coordinator');
  [a, b, c] = await Promise.all([t.user('MEMBER', 'Ann'), t.user('MEMBER', 'Ben'), t.user('MEMBER', 'Cy')]);

  for (let i = 0; i < 3; i++) {
    const m = await createMeeting(t, coordinator.token, { title: `Meeting ${i}`, capacity: i === 0 ? 1 : 10 });
    for (const u of [a, b]) await ok(RSVP, { i: { meetingId: m.id } }, u.token);
  }
  const created = await ok(CREATE_THREAD, { i: { title: 'Evening group', body: 'Glad to be here.' } }, a.token);
  threadId = created.createThread.thread.id;
  replies = [];
  for (const [u, body] of [
    [b, 'Me too.'],
    [c, 'Day ten today.'],
    [a, 'Keep going.'],
  ] as const) {
    replies.push((await ok(REPLY, { i: { threadId, body } }, u.token)).replyToThread.post.id);
  }
  await ok(SUPPORT, { i: { postId: replies[1] } }, a.token);
  await ok(REPORT, { i: { postId: replies[1], reason: 'SPAM', note: 'Off-topic' } }, b.token);
  await ok(REPORT, { i: { postId: replies[0], reason: 'HARASSMENT' } }, c.token);
  await ok(BLOCK, { i: { userId: c.id } }, b.token);
  await ok(SOBRIETY, { i: { date: '2026-01-15', visibility: 'NETWORK' } }, a.token);
});
afterAll(() => t.stop());

describe('read queries compiled over HTTP answer as graphql-js does over the WebSocket', () => {
  const MEETINGS = `query Meetings { meetings(first: 50) { totalCount edges { cursor node { id title startsAt endsAt capacity goingCount seatsLeft
    viewerRsvp { id status waitlistPosition } attendees(first: 3) { totalCount edges { node { id displayName } } } } }
    pageInfo { hasNextPage endCursor } } }`;
  const THREAD = `query ThreadPage($id: ID!) { thread(id: $id) { id title locked posts(first: 50) { totalCount edges { node { id body createdAt
    supportCount editedAt status parentPost { id body } author { id displayName } editHistory { previousBody } } } pageInfo { hasNextPage endCursor } } } }`;
  const QUEUE = `query Queue { moderationQueue(first: 50) { edges { node { id priority causes createdAt
    post { id body status } reports { id reason note createdAt reporter { id } } } } pageInfo { hasNextPage endCursor } } }`;
  const VIEWER = `query Viewer { viewer { id displayName role sobriety { date days nextMilestone { label date } } } }`;
  const SHAPES = `query Shapes($id: ID!, $withPosts: Boolean!, $first: Int = 2) {
    t: thread(id: $id) { __typename ...T posts(first: $first) @include(if: $withPosts) { edges { cursor node { id } } } }
    missing: thread(id: "00000000-0000-4000-8000-000000000000") { id }
    me: viewer { ... on User { id } }
  }
  fragment T on Thread { id title }`;

  const cases: Array<[string, string, () => Record<string, unknown>, () => TestUser]> = [
    ['the meetings list, for a member going', MEETINGS, () => ({}), () => a],
    ['the meetings list, for a member going nowhere', MEETINGS, () => ({}), () => c],
    ['a thread page, for its author', THREAD, () => ({ id: threadId }), () => a],
    ['a thread page, for someone blocked by a replier', THREAD, () => ({ id: threadId }), () => c],
    ['a thread page, for a coordinator (history shown)', THREAD, () => ({ id: threadId }), () => coordinator],
    ['the moderation queue, for a coordinator', QUEUE, () => ({}), () => coordinator],
    ['the moderation queue, refused to a member', QUEUE, () => ({}), () => a],
    ['the viewer with sobriety', VIEWER, () => ({}), () => a],
    ['aliases, fragments, a default and @include', SHAPES, () => ({ id: threadId, withPosts: true }), () => a],
    ['the same, posts left out', SHAPES, () => ({ id: threadId, withPosts: false, first: 1 }), () => b],
    ['an id that is no id', `query($id: ID!) { thread(id: $id) { id } }`, () => ({ id: 'nope' }), () => a],
    [
      'an omitted variable (run by graphql-js on both)',
      `query($after: String) { meetings(first: 1, after: $after) { edges { node { id } } } }`,
      () => ({}),
      () => a,
    ],
  ];

  it.each(cases)('%s', async (_name, query, variables, who) => {
    const overHttp = await t.gql(query, variables(), who().token);
    const overWs = await overWebSocket(query, variables(), who().token);
    expect(answer(overHttp)).toEqual(answer(overWs));
    // Not vacuous: every case reads something or is refused with a code.
    expect(overHttp.data ?? overHttp.errors).toBeTruthy();
  });

  it('runs read queries compiled, and mutations, input objects and omitted variables through graphql-js', async () => {
    const before = { compiled: await executions('compiled'), js: await executions('graphql-js') };
    await ok(`query($id: ID!) { thread(id: $id) { id } }`, { id: threadId }, a.token);
    await ok(`{ viewer { id } }`, {}, a.token);
    const afterReads = { compiled: await executions('compiled'), js: await executions('graphql-js') };
    expect(afterReads).toEqual({ compiled: before.compiled + 2, js: before.js });

    await ok(SUPPORT, { i: { postId: replies[2] } }, c.token);
    await ok(`query($after: String) { meetings(first: 1, after: $after) { totalCount } }`, {}, a.token);
    expect({ compiled: await executions('compiled'), js: await executions('graphql-js') }).toEqual({
      compiled: afterReads.compiled,
      js: afterReads.js + 2,
    });
  });

  it('refuses bad variables of a compiled query with graphql-js’s own error, naming no value', async () => {
    const query = `query($first: Int!) { meetings(first: $first) { totalCount } }`;
    const r = await t.gql(query, { first: 'ten' }, a.token);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).not.toContain('ten');
    expect(answer(r)).toEqual(answer(await overWebSocket(query, { first: 'ten' }, a.token)));
  });
});
