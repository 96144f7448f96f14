import fc from 'fast-check';
import { Role, type AuthUser } from '../src/core/auth';
import { rows, sql } from '../src/core/sql';
import { ConsentRecipientKind, ConsentScope } from '../src/modules/consents/consents.enums';
import {
  coveringConsent,
  covers,
  coversSql,
  mayRead,
  recipientsSql,
  type ConsentTerms,
} from '../src/modules/consents/consents.policy';
import { startTestApp, type TestApp } from './helpers/harness';

/**
 * The one consent check is written in TypeScript (one member at hand) and in SQL (lists and
 * batches). For random consents, viewers, mentors, blocks and scopes, both must pick the same
 * consents on real rows.
 */

type Person = 'member' | 'plain' | 'mentor' | 'coordinator' | 'admin';

let t: TestApp;
const people = {} as Record<Person, AuthUser>;
const as = (id: string, role: Role): AuthUser => ({ id, role, isMentor: false, displayName: role, timeZone: 'UTC' });

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.admin();
  people.member = as((await t.user('MEMBER', 'Member')).id, Role.MEMBER);
  people.plain = as((await t.user('MEMBER', 'Plain')).id, Role.MEMBER);
  people.mentor = as((await t.user('MEMBER', 'Mentor')).id, Role.MEMBER);
  people.coordinator = as((await t.user('COORDINATOR', 'Coordinator')).id, Role.COORDINATOR);
  people.admin = as(admin.id, Role.ADMIN);
});
afterAll(() => t.stop());

const PEOPLE: Person[] = ['member', 'plain', 'mentor', 'coordinator', 'admin'];
const SCOPES = Object.values(ConsentScope);

const consent = fc.record({
  kind: fc.constantFrom(...Object.values(ConsentRecipientKind)),
  recipient: fc.constantFrom<Person>(...PEOPLE),
  scopes: fc.subarray(SCOPES, { minLength: 1 }),
  expired: fc.boolean(),
  revoked: fc.boolean(),
});

const scenario = fc.record({
  viewer: fc.constantFrom<Person>(...PEOPLE),
  activeMentor: fc.constantFrom<Person | null>(null, 'mentor', 'plain'),
  blocks: fc.subarray(['viewerBlocksMember', 'memberBlocksViewer'] as const),
  consents: fc.array(consent, { maxLength: 4 }),
  scope: fc.constantFrom<ConsentScope | null>(null, ...SCOPES),
});

describe('the consent check: TypeScript and SQL agree', () => {
  it('on which consents reach a viewer, for every kind, scope, expiry, revocation, mentor and block', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const now = new Date();
        const member = people.member;
        const viewer = people[s.viewer];
        await t.sql(`DELETE FROM consents`);
        await t.sql(`DELETE FROM user_blocks`);
        const blocked = s.blocks.length > 0 && viewer.id !== member.id;
        for (const b of s.blocks) {
          if (viewer.id === member.id) continue;
          const [from, to] = b === 'viewerBlocksMember' ? [viewer.id, member.id] : [member.id, viewer.id];
          await t.sql(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)`, [from, to]);
        }
        const terms: ConsentTerms[] = [];
        for (const [i, c] of s.consents.entries()) {
          const recipientUserId = c.kind === ConsentRecipientKind.USER ? people[c.recipient].id : null;
          const givenAt = new Date(now.getTime() - 86_400_000 + i * 1000);
          const expiresAt = new Date(now.getTime() + (c.expired ? -3600_000 : 3600_000));
          const revokedAt = c.revoked ? new Date(now.getTime() - 60_000) : null;
          const [row] = await t.sql(
            `INSERT INTO consents (member_id, recipient_kind, recipient_user_id, scopes, purpose, given_at, expires_at, revoked_at)
             VALUES ($1, $2, $3, $4::consent_scope[], 'Policy', $5, $6, $7) RETURNING id`,
            [member.id, c.kind, recipientUserId, c.scopes, givenAt, expiresAt, revokedAt],
          );
          terms.unshift({
            id: row.id,
            memberId: member.id,
            recipientKind: c.kind,
            recipientUserId,
            scopes: c.scopes,
            expiresAt,
            revokedAt,
          });
        }
        const activeMentorId = s.activeMentor ? people[s.activeMentor].id : null;
        const standing = { blocked, activeMentorId };
        const mentees = activeMentorId === viewer.id ? [member.id] : [];

        const inSql = await rows<{ id: string }>(
          t.app.ds,
          sql`SELECT c.id FROM consents c WHERE c.member_id = ${member.id}::uuid AND ${coversSql(viewer, s.scope, now, mentees)}`,
        );
        const inTs = terms.filter((c) => covers(viewer, c, s.scope, standing, now));
        expect(inSql.map((r) => r.id).sort()).toEqual(inTs.map((c) => c.id).sort());
        if (s.scope !== null) {
          const one = coveringConsent(viewer, member.id, s.scope, terms, standing, now);
          expect(one?.id ?? null).toBe(inTs[0]?.id ?? null);
          expect(mayRead(viewer, member.id, s.scope, terms, standing, now)).toBe(
            viewer.id === member.id || inTs.length > 0,
          );
          // Turned around (who a member's consents reach, for notices): the same consents reach the viewer.
          const matches = sql`SELECT ${member.id}::uuid AS mentee_id, ${activeMentorId}::uuid AS mentor_id
                               WHERE ${activeMentorId}::uuid IS NOT NULL`;
          const reached = await rows<{ consent_id: string; recipient_kind: string }>(
            t.app.ds,
            sql`SELECT x.consent_id, x.recipient_kind FROM (${recipientsSql(s.scope, now, sql`SELECT ${member.id}::uuid`, matches)}) x
                 WHERE x.recipient_id = ${viewer.id}::uuid`,
          );
          expect(reached.map((r) => r.consent_id).sort()).toEqual(inTs.map((c) => c.id).sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agree on the cases that matter most, spelled out', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const base: ConsentTerms = {
      id: 'c',
      memberId: 'm',
      recipientKind: ConsentRecipientKind.MENTOR,
      recipientUserId: null,
      scopes: [ConsentScope.CHECK_INS],
      expiresAt: new Date('2026-06-01T00:00:00Z'),
      revokedAt: null,
    };
    const mentor = as('x', Role.MEMBER);
    const coordinator = as('k', Role.COORDINATOR);
    const standing = { blocked: false, activeMentorId: 'x' };
    expect(covers(mentor, base, ConsentScope.CHECK_INS, standing, now)).toBe(true);
    expect(covers(mentor, base, ConsentScope.CHECK_IN_NOTES, standing, now)).toBe(false);
    // A former mentor: the match ended, so the member has another mentor or none.
    expect(covers(mentor, base, ConsentScope.CHECK_INS, { blocked: false, activeMentorId: null }, now)).toBe(false);
    expect(covers(mentor, base, ConsentScope.CHECK_INS, { ...standing, blocked: true }, now)).toBe(false);
    expect(covers(mentor, { ...base, revokedAt: now }, ConsentScope.CHECK_INS, standing, now)).toBe(false);
    // Expiry is exclusive: at the instant it ends, it has ended.
    expect(covers(mentor, { ...base, expiresAt: now }, ConsentScope.CHECK_INS, standing, now)).toBe(false);
    expect(covers(coordinator, base, ConsentScope.CHECK_INS, standing, now)).toBe(false);
    const toCoordinators = { ...base, recipientKind: ConsentRecipientKind.COORDINATORS };
    expect(covers(coordinator, toCoordinators, ConsentScope.CHECK_INS, standing, now)).toBe(true);
    expect(covers(as('a', Role.ADMIN), toCoordinators, ConsentScope.CHECK_INS, standing, now)).toBe(true);
    expect(covers(mentor, toCoordinators, ConsentScope.CHECK_INS, standing, now)).toBe(false);
    expect(mayRead(as('m', Role.MEMBER), 'm', ConsentScope.CHECK_IN_NOTES, [], standing, now)).toBe(true);
    expect(mayRead(null, 'm', ConsentScope.CHECK_INS, [base], standing, now)).toBe(false);
  });
});
