import fc from 'fast-check';
import { ACTOR, renderMessage, renderMessageSql } from '../src/modules/notifications/notifications.policy';
import { rows, sql } from '../src/core/sql';
import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { PASSWORD, startTestApp, type TestApp } from './helpers/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('notification messages are rendered the same in TypeScript and in SQL', () => {
  it('agree on random messages and names, with and without an actor', async () => {
    const piece = fc.oneof(
      fc.constant(ACTOR),
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 6 }),
        fc.option(fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000'))),
        async (parts, name) => {
          const message = parts.join('');
          const [row] = await rows<{ text: string }>(
            t.app.ds,
            sql`SELECT ${renderMessageSql(sql`${message}::text`, sql`${name}::text`)} AS text`,
          );
          expect(row.text).toBe(renderMessage(message, name));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the data export shows a notification as the member reads it, with a deleted actor as a former member', async () => {
    const member = await t.user('MEMBER', 'Reader');
    const actor = await t.user('MEMBER', 'Leaving Friend');
    await t.app.services.notifications.notify({
      userId: member.id,
      kind: NotificationKind.CONGRATULATED,
      message: `${ACTOR} sent you congratulations.`,
      actorId: actor.id,
    });
    const before = await t.gql(`{ exportMyData { data } }`, {}, member.token);
    expect(before.data.exportMyData.data.notifications.map((n: { message: string }) => n.message)).toEqual([
      'Leaving Friend sent you congratulations.',
    ]);
    await t.gql(
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: PASSWORD } },
      actor.token,
    );
    const after = await t.gql(
      `{ exportMyData { data } notifications(first: 5) { edges { node { message } } } }`,
      {},
      member.token,
    );
    expect(after.data.exportMyData.data.notifications.map((n: { message: string }) => n.message)).toEqual([
      'Former member sent you congratulations.',
    ]);
    expect(after.data.notifications.edges[0].node.message).toBe('Former member sent you congratulations.');
    expect(JSON.stringify(after.data)).not.toContain(actor.id);
  });
});
