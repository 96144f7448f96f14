import fc from 'fast-check';
import { Role, type AuthUser } from '../src/core/auth';
import { sql, type Sql } from '../src/core/sql';
import {
  blockedEitherWay,
  canListPost,
  listablePostSql,
  notBlockedSql,
  visibleThreadSql,
  type Block,
} from '../src/modules/discussions/discussions.policy';
import { ReportReason } from '../src/modules/discussions/moderation.enums';
import { countsTowardHiding, countsTowardHidingSql } from '../src/modules/discussions/moderation.policy';
import { PostStatus } from '../src/modules/discussions/post-status.enum';
import { startTestApp, type TestApp } from './helpers/harness';

/**
 * Each visibility rule of the boards is written in TypeScript (for an object at hand) and in
 * SQL (for list queries). For random viewers, statuses and blocks, both must give the same answer
 * on real rows.
 */

type AuthorKind = 'member' | 'coordinator';
type ViewerKind = 'author' | 'member' | 'coordinator' | 'admin';

let t: TestApp;
const people = {} as Record<
  'memberAuthor' | 'coordinatorAuthor' | 'member' | 'coordinator' | 'admin' | 'bystander',
  AuthUser
>;
const opening = {} as Record<AuthorKind, { threadId: string; postId: string }>;

const asUser = (id: string, role: Role): AuthUser => ({
  id,
  role,
  isMentor: false,
  displayName: role,
  timeZone: 'America/Chicago',
});

async function run<T = any>(q: Sql): Promise<T[]> {
  const { text, values } = q.build();
  return t.sql<T>(text, values);
}

beforeAll(async () => {
  t = await startTestApp({});
  const admin = await t.admin();
  people.admin = asUser(admin.id, Role.ADMIN);
  people.memberAuthor = asUser((await t.user('MEMBER', 'Author')).id, Role.MEMBER);
  people.coordinatorAuthor = asUser((await t.user('COORDINATOR', 'Coordinating author')).id, Role.COORDINATOR);
  people.member = asUser((await t.user('MEMBER', 'Reader')).id, Role.MEMBER);
  people.coordinator = asUser((await t.user('COORDINATOR', 'Coordinator')).id, Role.COORDINATOR);
  people.bystander = asUser((await t.user('MEMBER', 'Bystander')).id, Role.MEMBER);
  const [general] = await t.sql(`SELECT id FROM categories WHERE slug = 'general'`);
  for (const kind of ['member', 'coordinator'] as const) {
    const author = kind === 'member' ? people.memberAuthor : people.coordinatorAuthor;
    const [thread] = await t.sql(
      `INSERT INTO threads (category_id, author_id, title) VALUES ($1, $2, 'Policy') RETURNING id`,
      [general.id, author.id],
    );
    const [post] = await t.sql(
      `INSERT INTO posts (thread_id, author_id, body, status, is_opening) VALUES ($1, $2, 'Opening', 'VISIBLE', true) RETURNING id`,
      [thread.id, author.id],
    );
    opening[kind] = { threadId: thread.id, postId: post.id };
  }
});
afterAll(() => t.stop());

const scenario = fc.record({
  author: fc.constantFrom<AuthorKind>('member', 'coordinator'),
  viewer: fc.constantFrom<ViewerKind>('author', 'member', 'coordinator', 'admin'),
  status: fc.constantFrom(...Object.values(PostStatus)),
  // Every directed pair among viewer, author and a bystander: blocks either way, and blocks that do not concern the two.
  blocks: fc.subarray([
    ['viewer', 'author'],
    ['author', 'viewer'],
    ['viewer', 'bystander'],
    ['bystander', 'viewer'],
    ['author', 'bystander'],
    ['bystander', 'author'],
  ] as const),
});

describe('discussions policy: TypeScript and SQL agree', () => {
  it('on listing a post, seeing its thread, and blocks, for every viewer, status and block', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const author = s.author === 'member' ? people.memberAuthor : people.coordinatorAuthor;
        const viewer = s.viewer === 'author' ? author : people[s.viewer];
        const who = { viewer: viewer.id, author: author.id, bystander: people.bystander.id };
        // Nobody blocks themself (the API refuses), so pairs that collapse onto one person are dropped.
        const blocks: Block[] = s.blocks
          .map(([a, b]) => ({ blockerId: who[a], blockedId: who[b] }))
          .filter((b) => b.blockerId !== b.blockedId);
        const { threadId, postId } = opening[s.author];

        await t.sql(`DELETE FROM user_blocks`);
        for (const b of blocks)
          await t.sql(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
            b.blockerId,
            b.blockedId,
          ]);
        await t.sql(`UPDATE posts SET status = $2 WHERE id = $1`, [postId, s.status]);

        const v = sql`${viewer.id}::uuid`;
        const [row] = await run<{ listed: boolean; listedInBatch: boolean; thread: boolean; notBlocked: boolean }>(
          sql`SELECT
                EXISTS (SELECT 1 FROM posts p WHERE p.id = ${postId} AND ${listablePostSql(viewer, v, 'p')}) AS listed,
                EXISTS (SELECT 1 FROM unnest(${[viewer.id]}::uuid[]) AS w(id), posts p WHERE p.id = ${postId} AND ${listablePostSql(viewer, sql`w.id`, 'p')}) AS "listedInBatch",
                EXISTS (SELECT 1 FROM threads t WHERE t.id = ${threadId} AND ${visibleThreadSql(viewer, v, 't')}) AS thread,
                ${notBlockedSql(v, sql`${author.id}::uuid`)} AS "notBlocked"`,
        );

        const listable = canListPost(viewer, { authorId: author.id, status: s.status }, blocks);
        expect(row).toEqual({
          listed: listable,
          listedInBatch: listable,
          // A thread is seen by whoever may list its opening post.
          thread: listable,
          notBlocked: !blockedEitherWay(viewer.id, author.id, blocks),
        });
      }),
      { numRuns: 400 },
    );
  });

  it('agree on the cases that matter most, spelled out', () => {
    const author = asUser('a', Role.MEMBER);
    const member = asUser('m', Role.MEMBER);
    const coordinator = asUser('c', Role.COORDINATOR);
    const pending = { authorId: 'a', status: PostStatus.PENDING_REVIEW };
    expect(canListPost(author, pending, [])).toBe(true);
    expect(canListPost(member, pending, [])).toBe(false);
    expect(canListPost(coordinator, pending, [])).toBe(true);
    expect(canListPost(member, { authorId: 'a', status: PostStatus.HIDDEN }, [])).toBe(true);
    expect(
      canListPost(member, { authorId: 'a', status: PostStatus.VISIBLE }, [{ blockerId: 'a', blockedId: 'm' }]),
    ).toBe(false);
    expect(
      canListPost(coordinator, { authorId: 'a', status: PostStatus.VISIBLE }, [{ blockerId: 'c', blockedId: 'a' }]),
    ).toBe(false);
  });
});

describe('moderation policy: TypeScript and SQL agree', () => {
  it.each(Object.values(ReportReason))('on whether a %s report counts toward hiding a post', async (reason) => {
    const [row] = await run<{ counts: boolean }>(
      sql`SELECT ${countsTowardHidingSql('r')} AS counts FROM (SELECT ${reason}::report_reason AS reason) r`,
    );
    expect(row.counts).toBe(countsTowardHiding({ reason }));
  });

  it('concern for an author in crisis never counts toward hiding; the other reasons do', () => {
    expect(countsTowardHiding({ reason: ReportReason.SELF_HARM_CONCERN })).toBe(false);
    expect(countsTowardHiding({ reason: ReportReason.HARASSMENT })).toBe(true);
    expect(countsTowardHiding({ reason: ReportReason.PRIVACY_BREACH })).toBe(true);
  });
});
