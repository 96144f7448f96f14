import { ADMIN_EMAIL, ADMIN_PASSWORD, codes, PASSWORD, startTestApp, type TestApp } from './helpers/harness';

const INVITE = `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id code email role expiresAt } } }`;
const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { token viewer { id email role displayName timeZone isMentor } } }`;
const LOG_IN = `mutation($i: LogInInput!) { logIn(input: $i) { token viewer { id email role } } }`;
const VIEWER = `{ viewer { id email role displayName } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '4' });
});
afterAll(() => t.stop());

async function counts() {
  const [row] = await t.sql(
    `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM invitations)::int AS invitations,
            (SELECT count(*) FROM invitations WHERE used_at IS NOT NULL)::int AS used, (SELECT count(*) FROM sessions)::int AS sessions`,
  );
  return row;
}

async function invite(email: string, role = 'MEMBER', token?: string) {
  const admin = await t.admin();
  return t.gql(INVITE, { i: { email, role } }, token ?? admin.token);
}

function signUpInput(code: string, email: string, over: Record<string, unknown> = {}) {
  return {
    i: {
      invitationCode: code,
      email,
      password: PASSWORD,
      displayName: 'Sam R.',
      timeZone: 'America/New_York',
      ...over,
    },
  };
}

describe('invitation → signUp → logIn → viewer → logOut over HTTP', () => {
  it('walks the whole path, with emails compared without case', async () => {
    const inv = await invite('Sam.Rivera@Example.org');
    expect(inv.errors).toBeUndefined();
    const invitation = inv.data.createInvitation.invitation;
    expect(invitation).toMatchObject({ email: 'sam.rivera@example.org', role: 'MEMBER' });
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const up = await t.gql(SIGN_UP, signUpInput(invitation.code, 'SAM.rivera@example.ORG'));
    expect(up.errors).toBeUndefined();
    expect(up.data.signUp.viewer).toMatchObject({
      email: 'sam.rivera@example.org',
      role: 'MEMBER',
      isMentor: false,
      timeZone: 'America/New_York',
    });

    const login = await t.gql(LOG_IN, { i: { email: 'Sam.Rivera@EXAMPLE.org', password: PASSWORD } });
    expect(login.errors).toBeUndefined();
    const token = login.data.logIn.token;
    const me = await t.gql(VIEWER, {}, token);
    expect(me.data.viewer).toMatchObject({ id: up.data.signUp.viewer.id, email: 'sam.rivera@example.org' });

    // Anonymous viewer is null, not an error.
    expect((await t.gql(VIEWER)).data.viewer).toBeNull();

    const out = await t.gql(`mutation { logOut }`, {}, token);
    expect(out.data.logOut).toBe(true);
    const after = await t.gql(VIEWER, {}, token);
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    expect(after.status).toBe(401);
    // The sign-up session is still valid: log-out ends one session only.
    expect((await t.gql(VIEWER, {}, up.data.signUp.token)).data.viewer.id).toBe(up.data.signUp.viewer.id);
  });

  it('stores the password as argon2id and the token only as a hash', async () => {
    const u = await t.user('MEMBER');
    const [row] = await t.sql(`SELECT password_hash FROM users WHERE id = $1`, [u.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await t.sql(`SELECT token_hash FROM sessions WHERE user_id = $1`, [u.id]);
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(s.token_hash).not.toContain(u.token);
  });
});

describe('bad input gets its code and changes nothing', () => {
  it('wrong password and unknown email: the same UNAUTHENTICATED message', async () => {
    const u = await t.user('MEMBER');
    const before = await counts();
    const wrong = await t.gql(LOG_IN, { i: { email: u.email, password: 'not the password' } });
    const unknown = await t.gql(LOG_IN, { i: { email: 'nobody@onward.test', password: 'not the password' } });
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(wrong.errors![0].message).not.toContain(u.email);
    expect(await counts()).toEqual(before);
  });

  it('a used code and an expired code are refused', async () => {
    const inv = (await invite('once@example.org')).data.createInvitation.invitation;
    expect((await t.gql(SIGN_UP, signUpInput(inv.code, 'once@example.org'))).errors).toBeUndefined();
    const before = await counts();
    const again = await t.gql(SIGN_UP, signUpInput(inv.code, 'once@example.org'));
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0].extensions).toMatchObject({ field: 'invitationCode', reason: 'USED' });

    const old = (await invite('late@example.org')).data.createInvitation.invitation;
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [old.id]);
    const late = await t.gql(SIGN_UP, signUpInput(old.code, 'late@example.org'));
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    expect(late.errors![0].extensions).toMatchObject({ field: 'invitationCode', reason: 'EXPIRED' });

    const bogus = await t.gql(SIGN_UP, signUpInput('no-such-code', 'late@example.org'));
    expect(bogus.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invitationCode' });
    expect(await counts()).toEqual({ ...before, invitations: before.invitations + 1 });
  });

  it.each([
    ['a weak password', { password: 'password123' }, 'password'],
    ['a short password', { password: 'short' }, 'password'],
    ['a password holding the display name', { displayName: 'Jordan', password: 'weakling-jordan-99' }, 'password'],
    ['a malformed email', { email: 'jordan-at-example' }, 'email'],
    ['another email than invited', { email: 'someone.else@example.org' }, 'email'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an empty display name', { displayName: '' }, 'displayName'],
  ])('signUp with %s → BAD_USER_INPUT on its field', async (_label, over, field) => {
    const inv = (await invite(`jordan.${field}.${Math.random().toString(36).slice(2, 7)}@example.org`)).data
      .createInvitation.invitation;
    const before = await counts();
    const r = await t.gql(SIGN_UP, signUpInput(inv.code, inv.email, over));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('a duplicate email in any case is a CONFLICT, at invitation and at sign-up', async () => {
    const u = await t.user('MEMBER', 'Dupe');
    const r = await invite(u.email.toUpperCase());
    expect(codes(r)).toEqual(['CONFLICT']);

    // Two invitations made before either was used: the second sign-up conflicts.
    const a = (await invite('twice@example.org')).data.createInvitation.invitation;
    const b = (await invite('TWICE@example.org')).data.createInvitation.invitation;
    expect((await t.gql(SIGN_UP, signUpInput(a.code, 'twice@example.org'))).errors).toBeUndefined();
    const before = await counts();
    const second = await t.gql(SIGN_UP, signUpInput(b.code, 'Twice@Example.org'));
    expect(codes(second)).toEqual(['CONFLICT']);
    expect(await counts()).toEqual(before);
  });

  it('members cannot invite; coordinators cannot invite coordinators; admins can', async () => {
    const member = await t.user('MEMBER');
    const coordinator = await t.user('COORDINATOR');
    const before = await counts();
    expect(codes(await invite('x1@example.org', 'MEMBER', member.token))).toEqual(['FORBIDDEN']);
    expect(codes(await invite('x2@example.org', 'COORDINATOR', coordinator.token))).toEqual(['FORBIDDEN']);
    expect(codes(await invite('x3@example.org', 'ADMIN', coordinator.token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(INVITE, { i: { email: 'x4@example.org' } }))).toEqual(['UNAUTHENTICATED']);
    expect(await counts()).toEqual(before);
    expect((await invite('x5@example.org', 'MEMBER', coordinator.token)).errors).toBeUndefined();
    expect((await invite('x6@example.org', 'COORDINATOR')).errors).toBeUndefined();
  });

  it('one invitation code, ten sign-ups at once: exactly one account', async () => {
    const inv = (await invite('race@example.org')).data.createInvitation.invitation;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.gql(SIGN_UP, signUpInput(inv.code, 'race@example.org'))),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    for (const r of results.filter((r) => r.errors)) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(codes(r)[0]);
    const rows = await t.sql(`SELECT count(*)::int AS n FROM users WHERE email = 'race@example.org'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('suspension and rate limits', () => {
  it("suspension ends the member's sessions and refuses log-in until it ends", async () => {
    const coordinator = await t.user('COORDINATOR');
    const member = await t.user('MEMBER');
    const until = new Date(Date.now() + 7 * 86400_000).toISOString();
    const SUSPEND = `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { user { id } until } }`;

    // A member cannot suspend; nobody suspends someone of their own rank.
    expect(codes(await t.gql(SUSPEND, { i: { userId: coordinator.id, until, reason: 'x' } }, member.token))).toEqual([
      'FORBIDDEN',
    ]);
    const other = await t.user('COORDINATOR');
    expect(codes(await t.gql(SUSPEND, { i: { userId: other.id, until, reason: 'x' } }, coordinator.token))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(
        await t.gql(
          SUSPEND,
          { i: { userId: member.id, until: '2001-01-01T00:00:00Z', reason: 'x' } },
          coordinator.token,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await t.gql(
          SUSPEND,
          { i: { userId: '00000000-0000-4000-8000-000000000000', until, reason: 'x' } },
          coordinator.token,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect((await t.gql(VIEWER, {}, member.token)).data.viewer.id).toBe(member.id);

    const r = await t.gql(
      SUSPEND,
      { i: { userId: member.id, until, reason: 'Harassment in a thread' } },
      coordinator.token,
    );
    expect(r.errors).toBeUndefined();
    // The suspension is in the moderation log, with who, why and until when.
    const log = await t.gql(
      `{ moderationLog(first: 5) { edges { node { action targetType targetId reason detail actor { id } } } } }`,
      {},
      coordinator.token,
    );
    expect(log.data.moderationLog.edges[0].node).toEqual({
      action: 'SUSPEND',
      targetType: 'USER',
      targetId: member.id,
      reason: 'Harassment in a thread',
      detail: `until ${until}`,
      actor: { id: coordinator.id },
    });
    expect(codes(await t.gql(VIEWER, {}, member.token))).toEqual(['UNAUTHENTICATED']);
    const login = await t.gql(LOG_IN, { i: { email: member.email, password: PASSWORD } });
    expect(codes(login)).toEqual(['FORBIDDEN']);
    expect(login.errors![0].extensions!.suspendedUntil).toBe(until);
  });

  it('repeated failures on one account are RATE_LIMITED with retryAfter, even with the right password', async () => {
    const u = await t.user('MEMBER');
    for (let i = 0; i < 4; i++) {
      expect(codes(await t.gql(LOG_IN, { i: { email: u.email, password: 'wrong guess ' + i } }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
    const limited = await t.gql(LOG_IN, { i: { email: u.email, password: PASSWORD } });
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await t.gql(LOG_IN, { i: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).errors).toBeUndefined();
  });
});

describe('users, emails and blocks', () => {
  it('email is visible to the person and to coordinators only', async () => {
    const a = await t.user('MEMBER');
    const b = await t.user('MEMBER');
    const c = await t.user('COORDINATOR');
    const Q = `query($id: ID!) { user(id: $id) { id displayName email role } }`;
    expect((await t.gql(Q, { id: a.id }, a.token)).data.user.email).toBe(a.email);
    expect((await t.gql(Q, { id: a.id }, b.token)).data.user.email).toBeNull();
    expect((await t.gql(Q, { id: a.id }, c.token)).data.user.email).toBe(a.email);
    expect(codes(await t.gql(Q, { id: a.id }))).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(Q, { id: 'not-an-id' }, b.token)).data.user).toBeNull();
  });

  it('a block hides each from the other, and cannot target oneself', async () => {
    const a = await t.user('MEMBER');
    const b = await t.user('MEMBER');
    const Q = `query($id: ID!) { user(id: $id) { id } }`;
    const BLOCK = `mutation($i: BlockUserInput!) { blockUser(input: $i) { userId blocked } }`;
    expect(codes(await t.gql(BLOCK, { i: { userId: a.id } }, a.token))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(BLOCK, { i: { userId: '00000000-0000-4000-8000-000000000000' } }, a.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect((await t.gql(BLOCK, { i: { userId: b.id } }, a.token)).data.blockUser).toEqual({
      userId: b.id,
      blocked: true,
    });
    // Blocking twice is harmless.
    expect((await t.gql(BLOCK, { i: { userId: b.id } }, a.token)).errors).toBeUndefined();
    expect((await t.gql(Q, { id: b.id }, a.token)).data.user).toBeNull();
    expect((await t.gql(Q, { id: a.id }, b.token)).data.user).toBeNull();
    const UNBLOCK = `mutation($i: UnblockUserInput!) { unblockUser(input: $i) { blocked } }`;
    expect((await t.gql(UNBLOCK, { i: { userId: b.id } }, a.token)).data.unblockUser.blocked).toBe(false);
    expect((await t.gql(Q, { id: a.id }, b.token)).data.user.id).toBe(a.id);
  });
});

describe('error hygiene', () => {
  it('does not echo a submitted value back in a variable error, and names the field', async () => {
    const r = await t.gql(
      `mutation($i: SuspendUserInput!) { suspendUser(input: $i) { until } }`,
      {
        i: { userId: 'x', until: 'my-secret-1987-04-02', reason: 'r' },
      },
      (await t.admin()).token,
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).not.toContain('1987');
    expect(r.errors![0].extensions!.field).toBe('until');
  });
});
