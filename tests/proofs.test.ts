import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { createMeeting, MEETING_ENV } from './helpers/meetings';

/**
 * The text of a PDF, read by pdf-parse in a plain Node process: pdf.js loads its worker by a
 * dynamic import, which jest's module sandbox does not allow.
 */
async function pdfText(pdf: Buffer): Promise<string> {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text);
      await parser.destroy();
    });`;
  const child = promisify(execFile)(process.execPath, ['-e', script], { cwd: __dirname });
  child.child.stdin?.end(pdf);
  return (await child).stdout;
}

const CREATE = `mutation($i: CreateAttendanceProofInput!) { createAttendanceProof(input: $i) { proof { id url expiresAt from to label revokedAt } } }`;
const REVOKE = `mutation($i: RevokeAttendanceProofInput!) { revokeAttendanceProof(input: $i) { proof { id revokedAt url } } }`;
const MINE = `{ viewer { attendanceProofs { id from to label expiresAt revokedAt url checks { at shown } } } }`;
const CHECK_IN = `mutation($i: CheckInInput!) { checkIn(input: $i) { attendance { id } } }`;

async function ok(t: TestApp, query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describe('proof of attendance', () => {
  let t: TestApp;
  let member: TestUser;
  let other: TestUser;
  let host: TestUser;
  const origin = () => t.url.replace(/\/graphql$/, '');

  /** A meeting on a given local date (Chicago) that `who` was checked in to. */
  async function attended(title: string, localDate: string, who: TestUser[], place = 'Room 4, 12 Main St') {
    const meeting = await createMeeting(t, host.token, { title, location: place });
    await t.sql(
      `UPDATE meetings SET starts_at = ($2::date + time '19:00') AT TIME ZONE 'America/Chicago',
              ends_at = ($2::date + time '20:00') AT TIME ZONE 'America/Chicago' WHERE id = $1`,
      [meeting.id, localDate],
    );
    for (const u of who) await ok(t, CHECK_IN, { i: { meetingId: meeting.id, userId: u.id } }, host.token);
    return meeting;
  }

  function tokenOf(url: string): string {
    return url.split('/proofs/')[1];
  }

  beforeAll(async () => {
    t = await startTestApp({ ...MEETING_ENV, PUBLIC_URL: 'https://onward.example', PROOF_LIMIT_PER_ADDRESS: '40' });
    host = await t.user('COORDINATOR', 'Host Coordinator');
    member = await t.user('MEMBER', 'Proven Member');
    other = await t.user('MEMBER', 'Other Attendee');
    await t.sql(`UPDATE users SET time_zone = 'America/Chicago' WHERE id = $1`, [member.id]);
    await attended('Tuesday alumni meeting', '2026-03-03', [member, other]);
    // The 31st in Chicago is already 1 April in UTC: the meeting's own calendar decides.
    await attended('Late night share', '2026-03-31', [member]);
    await attended('Before the range', '2026-02-27', [member]);
    await attended('Not attended by the member', '2026-03-10', [other]);
    // An RSVP without a check-in proves nothing.
    const rsvpOnly = await attended('Only an RSVP', '2026-03-12', []);
    await t.sql(`INSERT INTO meeting_rsvps (meeting_id, user_id, status) VALUES ($1, $2, 'GOING')`, [
      rsvpOnly.id,
      member.id,
    ]);
  });
  afterAll(() => t.stop());

  it('shows the display name and the dates and titles of meetings checked in to, nothing else (JSON)', async () => {
    const { proof } = (
      await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31', label: 'For my employer' } }, member.token)
    ).createAttendanceProof;
    expect(proof.url).toMatch(/^https:\/\/onward\.example\/proofs\/[A-Za-z0-9_-]+$/);
    expect(proof.label).toBe('For my employer');
    const res = await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.json();
    expect(body).toEqual({
      memberName: 'Proven Member',
      from: '2026-03-01',
      to: '2026-03-31',
      meetings: [
        { date: '2026-03-03', title: 'Tuesday alumni meeting' },
        { date: '2026-03-31', title: 'Late night share' },
      ],
      verifyUrl: proof.url,
    });
    const text = JSON.stringify(body);
    for (const leak of ['Other Attendee', 'Room 4', 'For my employer', member.email, member.id, 'sobriety']) {
      expect(text).not.toContain(leak);
    }
  });

  it('prints the same content and the verification URL in a PDF when asked for one', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } }, member.token))
      .createAttendanceProof;
    const res = await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`, { headers: { accept: 'application/pdf' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Member: Proven Member');
    expect(flat).toContain('2026-03-01 to 2026-03-31');
    expect(flat).toContain('2026-03-03 Tuesday alumni meeting');
    expect(flat).toContain('2026-03-31 Late night share');
    expect(flat).toContain(proof.url);
    for (const leak of ['Other Attendee', 'Room 4', 'Before the range', 'Only an RSVP', 'Not attended', member.email]) {
      expect(flat).not.toContain(leak);
    }
  });

  it('shows no meeting the member was not checked in to, and an empty range as empty', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-05', to: '2026-03-20' } }, member.token))
      .createAttendanceProof;
    const body = await (await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`)).json();
    expect(body.meetings).toEqual([]);
  });

  it('uses tokens of at least 128 bits and stores only their hash', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-01-01', to: '2026-01-31' } }, member.token))
      .createAttendanceProof;
    const token = tokenOf(proof.url);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const [row] = await t.sql(`SELECT * FROM attendance_proofs WHERE id = $1`, [proof.id]);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // The URL is shown once: the member's list cannot show it again.
    const mine = (await ok(t, MINE, {}, member.token)).viewer.attendanceProofs;
    expect(mine.find((p: { id: string }) => p.id === proof.id).url).toBeNull();
  });

  it('records every opening and shows it to the member alone', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-02' } }, member.token))
      .createAttendanceProof;
    for (let i = 0; i < 3; i++) await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`);
    const mine = (await ok(t, MINE, {}, member.token)).viewer.attendanceProofs;
    const seen = mine.find((p: { id: string }) => p.id === proof.id);
    expect(seen.checks).toHaveLength(3);
    expect(seen.checks.every((c: { shown: boolean }) => c.shown)).toBe(true);
    const theirs = await t.gql(
      `query($id: ID!) { user(id: $id) { attendanceProofs { id } } }`,
      { id: member.id },
      other.token,
    );
    expect(theirs.data.user.attendanceProofs).toBeNull();
  });

  it('a revoked link says so plainly (410) without saying whose it was; the opening is recorded', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } }, member.token))
      .createAttendanceProof;
    const revoked = (await ok(t, REVOKE, { i: { proofId: proof.id } }, member.token)).revokeAttendanceProof.proof;
    expect(revoked.revokedAt).not.toBeNull();
    const res = await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`);
    expect(res.status).toBe(410);
    const body = await res.json();
    expect(body.error).toBe('REVOKED');
    const text = JSON.stringify(body);
    for (const leak of ['Proven Member', 'Tuesday', '2026-03']) expect(text).not.toContain(leak);
    const pdf = await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`, { headers: { accept: 'application/pdf' } });
    expect(pdf.status).toBe(410);
    const mine = (await ok(t, MINE, {}, member.token)).viewer.attendanceProofs;
    expect(mine.find((p: { id: string }) => p.id === proof.id).checks.map((c: { shown: boolean }) => c.shown)).toEqual([
      false,
      false,
    ]);
    // Only its maker can revoke it.
    const { proof: another } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } }, member.token))
      .createAttendanceProof;
    const theirs = await t.gql(REVOKE, { i: { proofId: another.id } }, other.token);
    expect(theirs.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await fetch(`${origin()}/proofs/${tokenOf(another.url)}`)).status).toBe(200);
  });

  it('an expired link says so (410); an unknown token is 404', async () => {
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } }, member.token))
      .createAttendanceProof;
    await t.sql(`UPDATE attendance_proofs SET expires_at = now() - interval '1 second' WHERE id = $1`, [proof.id]);
    const res = await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`);
    expect(res.status).toBe(410);
    const body = await res.json();
    expect(body.error).toBe('EXPIRED');
    expect(JSON.stringify(body)).not.toContain('Proven Member');
    const unknown = await fetch(`${origin()}/proofs/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${origin()}/proofs/short`)).status).toBe(404);
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const [{ n: before }] = await t.sql(`SELECT count(*)::int AS n FROM attendance_proofs`);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: '2026-03-31', to: '2026-03-01' }, 'to'],
      [{ from: '2020-01-01', to: '2026-03-01' }, 'to'],
      [
        { from: '2026-03-01', to: '2026-03-31', expiresAt: new Date(Date.now() + 181 * 86400_000).toISOString() },
        'expiresAt',
      ],
      [{ from: '2026-03-01', to: '2026-03-31', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
      [{ from: '2026-03-01', to: '2026-03-31', label: 'x'.repeat(101) }, 'label'],
    ];
    for (const [i, field] of cases) {
      const r = await t.gql(CREATE, { i }, member.token);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const [{ n: after }] = await t.sql(`SELECT count(*)::int AS n FROM attendance_proofs`);
    expect(after).toBe(before);
    // At most 180 days, and that much is allowed.
    const longest = await ok(
      t,
      CREATE,
      { i: { from: '2026-03-01', to: '2026-03-31', expiresAt: new Date(Date.now() + 179 * 86400_000).toISOString() } },
      member.token,
    );
    expect(new Date(longest.createAttendanceProof.proof.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const anonymous = await t.gql(CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the letter of one meeting points to proof links for third parties', async () => {
    const [m] = await t.sql(`SELECT id FROM meetings WHERE title = 'Tuesday alumni meeting'`);
    const r = await ok(
      t,
      `query($id: ID!) { attendanceLetter(meetingId: $id) { forThirdParties } }`,
      { id: m.id },
      member.token,
    );
    expect(r.attendanceLetter.forThirdParties).toContain('createAttendanceProof');
  });

  it('exports the links with their openings, and deletes them with the account', async () => {
    const exported = await ok(t, `{ exportMyData { data } }`, {}, member.token);
    const proofs = exported.exportMyData.data.attendanceProofs as Array<Record<string, unknown>>;
    expect(proofs.length).toBeGreaterThan(0);
    expect(proofs.some((p) => (p.checks as unknown[]).length > 0)).toBe(true);
    expect(JSON.stringify(proofs)).not.toContain('token_hash');
    const { proof } = (await ok(t, CREATE, { i: { from: '2026-03-01', to: '2026-03-31' } }, member.token))
      .createAttendanceProof;
    await ok(
      t,
      `mutation($i: DeleteMyAccountInput!) { deleteMyAccount(input: $i) { deleted } }`,
      { i: { password: 'correct horse battery' } },
      member.token,
    );
    expect((await fetch(`${origin()}/proofs/${tokenOf(proof.url)}`)).status).toBe(404);
    expect(await t.sql(`SELECT id FROM attendance_proofs WHERE member_id = $1`, [member.id])).toEqual([]);
  });
});

describe('the public proof endpoint', () => {
  let t: TestApp;
  afterAll(() => t.stop());

  it('is rate-limited per address', async () => {
    t = await startTestApp({ ...MEETING_ENV, PROOF_LIMIT_PER_ADDRESS: '5', PROOF_LIMIT_WINDOW_SECONDS: '60' });
    const origin = t.url.replace(/\/graphql$/, '');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${origin}/proofs/${'y'.repeat(43)}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const limited = await fetch(`${origin}/proofs/${'y'.repeat(43)}`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
