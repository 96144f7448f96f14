import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { codes, startTestApp, type TestApp } from './helpers/harness';

const LIST = `query($first: Int, $after: String, $unread: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unread) {
    totalCount edges { cursor node { id kind message readAt } } pageInfo { hasNextPage endCursor }
  }
}`;
const MARK = `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { unreadCount notifications { id readAt } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function give(userId: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await t.app.services.notifications.notify({
        userId,
        kind: NotificationKind.CONGRATULATED,
        message: `Message ${i}`,
      }),
    );
  }
  return out;
}

describe('notifications', () => {
  it('pages newest first with stable cursors and a total count', async () => {
    const u = await t.user('MEMBER');
    await give(u.id, 7);
    const p1 = await t.gql(LIST, { first: 3 }, u.token);
    expect(p1.data.notifications.totalCount).toBe(7);
    expect(p1.data.notifications.edges.map((e: any) => e.node.message)).toEqual([
      'Message 6',
      'Message 5',
      'Message 4',
    ]);
    expect(p1.data.notifications.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(LIST, { first: 3, after: p1.data.notifications.pageInfo.endCursor }, u.token);
    expect(p2.data.notifications.edges.map((e: any) => e.node.message)).toEqual([
      'Message 3',
      'Message 2',
      'Message 1',
    ]);
    const p3 = await t.gql(LIST, { first: 3, after: p2.data.notifications.pageInfo.endCursor }, u.token);
    expect(p3.data.notifications.edges.map((e: any) => e.node.message)).toEqual(['Message 0']);
    expect(p3.data.notifications.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: p3.data.notifications.edges[0].cursor,
    });
  });

  it("marks only your own notifications read; anyone else's id fails the whole call and changes nothing", async () => {
    const a = await t.user('MEMBER');
    const b = await t.user('MEMBER');
    const [a1, a2] = await give(a.id, 2);
    const [b1] = await give(b.id, 1);
    const denied = await t.gql(MARK, { i: { ids: [a1.id, b1.id] } }, a.token);
    expect(codes(denied)).toEqual(['NOT_FOUND']);
    expect(denied.errors![0].message).not.toContain(b1.id);
    const unread = await t.sql(`SELECT count(*)::int AS n FROM notifications WHERE read_at IS NULL AND id = ANY($1)`, [
      [a1.id, b1.id],
    ]);
    expect(unread[0].n).toBe(2);

    const ok = await t.gql(MARK, { i: { ids: [a1.id] } }, a.token);
    expect(ok.data.markNotificationsRead.unreadCount).toBe(1);
    expect(ok.data.markNotificationsRead.notifications[0].readAt).toEqual(expect.any(String));
    const onlyUnread = await t.gql(LIST, { unread: true }, a.token);
    expect(onlyUnread.data.notifications.edges.map((e: any) => e.node.id)).toEqual([a2.id]);
    // b sees only b's.
    const bList = await t.gql(LIST, {}, b.token);
    expect(bList.data.notifications.edges.map((e: any) => e.node.id)).toEqual([b1.id]);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ after: 'garbage' }, 'after'],
  ])('rejects %j with BAD_USER_INPUT on %s', async (vars, field) => {
    const u = await t.user('MEMBER');
    const r = await t.gql(LIST, vars, u.token);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
  });

  it('is for signed-in members only', async () => {
    expect(codes(await t.gql(LIST))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(MARK, { i: { ids: ['00000000-0000-4000-8000-000000000000'] } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
