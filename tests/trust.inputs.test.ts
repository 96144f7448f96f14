import { getNamedType, isNonNullType, isObjectType, type GraphQLField } from 'graphql';
import { createInProcessPubSub } from '../src/core/pubsub';
import { buildOnwardSchema } from '../src/schema';
import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV, mentor } from './helpers/meetings';

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp(MEETING_ENV);
  coordinator = await t.user('COORDINATOR');
});
afterAll(() => t.stop());

const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('cursors are checked before they reach SQL', () => {
  it('a well-formed cursor with values of the wrong kind is BAD_USER_INPUT on every list, never an internal error', async () => {
    const host = await mentor(t, 'Cursor Host');
    const meeting = await createMeeting(t, host.token);
    const thread = await t.gql(
      `mutation { createThread(input: { title: "Cursors", body: "Checking cursors." }) { thread { id } } }`,
      {},
      coordinator.token,
    );
    const threadId = thread.data.createThread.thread.id as string;
    const reach: Record<string, (inner: string) => string> = {
      Query: (inner) => inner,
      Meeting: (inner) => `meeting(id: "${meeting.id}") { ${inner} }`,
      Thread: (inner) => `thread(id: "${threadId}") { ${inner} }`,
      User: (inner) => `viewer { ${inner} }`,
    };
    const schema = buildOnwardSchema(createInProcessPubSub());
    const lists: Array<{ parent: string; field: GraphQLField<unknown, unknown> }> = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields()))
        if (field.args.some((a) => a.name === 'after')) lists.push({ parent: type.name, field });
    }
    expect(lists.length).toBeGreaterThanOrEqual(14);
    const forged = [
      forge(['not a time', 'not an id']),
      forge([1.5, 'x', 'y']),
      forge(['2026-01-01T00:00:00Z', 'zzzzzzzz-0000-0000-0000-000000000000']),
      forge([true]),
      forge([]),
    ];
    for (const { parent, field } of lists) {
      const path = reach[parent];
      if (!path) throw new Error(`no way to reach ${parent}.${field.name} in this test: add one`);
      const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      expect(required.map((a) => `${parent}.${field.name}(${a.name})`)).toEqual([]);
      const returns = getNamedType(field.type);
      const inner = isObjectType(returns) && returns.getFields().edges ? '{ edges { cursor } }' : '';
      for (const cursor of forged) {
        const r = await t.gql(
          `query($c: String) { ${path(`${field.name}(first: 5, after: $c) ${inner}`)} }`,
          { c: cursor },
          coordinator.token,
        );
        expect({ list: `${parent}.${field.name}`, codes: codes(r) }).toEqual({
          list: `${parent}.${field.name}`,
          codes: ['BAD_USER_INPUT'],
        });
      }
    }
  });
});

describe('one normaliser for free text', () => {
  const NUL = 'a\u0000b';
  it('refuses control characters in every kind of text with BAD_USER_INPUT and the field, and changes nothing', async () => {
    const host = await mentor(t, 'Text Host');
    const meeting = await createMeeting(t, host.token);
    const member = await t.user('MEMBER', 'Plain Name');
    const post = await t.gql(
      `mutation { createThread(input: { title: "Hello", body: "A first post." }) { thread { id } post { id } } }`,
      {},
      coordinator.token,
    );
    const { thread, post: first } = post.data.createThread;
    const cases: Array<{ query: string; vars: Record<string, unknown>; token?: string; field: string }> = [
      {
        query: `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { user { id } } }`,
        vars: { i: { displayName: NUL } },
        token: member.token,
        field: 'displayName',
      },
      {
        query: `mutation($i: UpsertMentorProfileInput!) { upsertMentorProfile(input: $i) { profile { bio } } }`,
        vars: { i: { bio: `I ${NUL}`, focusAreas: [], languages: ['en'], capacity: 2, acceptingMentees: true } },
        token: member.token,
        field: 'bio',
      },
      {
        query: `mutation($i: ReportPostInput!) { reportPost(input: $i) { report { id } } }`,
        vars: { i: { postId: first.id, reason: 'OTHER', note: NUL } },
        token: member.token,
        field: 'note',
      },
      {
        query: `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { meeting { id } } }`,
        vars: { i: { meetingId: meeting.id, title: NUL } },
        token: host.token,
        field: 'title',
      },
      {
        query: `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { meeting { id } } }`,
        vars: { i: { meetingId: meeting.id, location: NUL } },
        token: host.token,
        field: 'location',
      },
      {
        query: `mutation($i: LockThreadInput!) { lockThread(input: $i) { __typename } }`,
        vars: { i: { threadId: thread.id, locked: true, reason: NUL } },
        token: coordinator.token,
        field: 'reason',
      },
      {
        query: `mutation($i: LogInInput!) { logIn(input: $i) { token } }`,
        vars: { i: { email: `x${NUL}@example.org`, password: 'whatever-long' } },
        field: 'email',
      },
      {
        query: `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { meeting { id } } }`,
        vars: { i: { meetingId: meeting.id, description: 'bare\rcarriage return' } },
        token: host.token,
        field: 'description',
      },
    ];
    for (const c of cases) {
      const r = await t.gql(c.query, c.vars, c.token);
      expect({ field: c.field, codes: codes(r), got: r.errors?.[0]?.extensions?.field }).toEqual({
        field: c.field,
        codes: ['BAD_USER_INPUT'],
        got: c.field,
      });
    }
    const after = await t.gql(
      `query($id: ID!) { meeting(id: $id) { title location description } viewer { displayName } }`,
      { id: meeting.id },
      host.token,
    );
    expect(after.data.meeting).toMatchObject({
      title: meeting.title,
      location: meeting.location,
      description: meeting.description,
    });
    const locked = await t.gql(`query($id: ID!) { thread(id: $id) { locked } }`, { id: thread.id }, coordinator.token);
    expect(locked.data.thread.locked).toBe(false);
  });

  it('keeps line breaks, turning CRLF into LF', async () => {
    const host = await mentor(t, 'Line Host');
    const meeting = await createMeeting(t, host.token, { description: 'First line\r\nSecond line\n\tindented' });
    expect(meeting.description).toBe('First line\nSecond line\n\tindented');
  });
});

describe('errors do not map the schema', () => {
  it('a bad enum value in variables names no valid value', async () => {
    const member = await t.user('MEMBER');
    const r = await t.gql(
      `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`,
      { i: { date: '2024-01-01', visibility: 'PRIVAT' } },
      member.token,
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0].message).not.toMatch(/Did you mean|PRIVATE|NETWORK/);
  });
});
