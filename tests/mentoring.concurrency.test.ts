import { codes, startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { users } from './helpers/meetings';
import { MENTORING_ENV, REQUEST, RESPOND, approvedMentor, requestMentor } from './helpers/mentoring';

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp(MENTORING_ENV);
  coordinator = await t.user('COORDINATOR');
});
afterAll(() => t.stop());

it("holds a mentor's capacity when 10 proposals are accepted at once: 3 ACTIVE, the rest offered elsewhere or waiting", async () => {
  const full = await approvedMentor(t, coordinator, { capacity: 3, focusAreas: ['CANNABIS'] });
  const mentees = await users(t, 10);
  const requests = await Promise.all(mentees.map((m) => requestMentor(t, m, { focusAreas: ['CANNABIS'] })));
  expect(requests.every((r) => r.match?.mentor.id === full.id)).toBe(true);
  // Another mentor arrives, with two places.
  const other = await approvedMentor(t, coordinator, { capacity: 2, focusAreas: ['TRAUMA'] });

  const answers = await Promise.all(
    requests.map((r) => t.gql(RESPOND, { i: { matchId: r.match.id, accept: true } }, full.token)),
  );
  const ok = answers.filter((a) => !a.errors);
  expect(ok).toHaveLength(3);
  expect(answers.filter((a) => a.errors).map((a) => codes(a)[0])).toEqual(Array(7).fill('CONFLICT'));

  const active = await t.sql(
    `SELECT count(*)::int AS n FROM mentor_matches WHERE mentor_id = $1 AND status = 'ACTIVE'`,
    [full.id],
  );
  expect(active).toEqual([{ n: 3 }]);
  const rows = await t.sql(
    `SELECT r.id, r.status, (SELECT array_agg(m.mentor_id::text || ':' || m.status) FROM mentor_matches m WHERE m.request_id = r.id AND m.status IN ('PROPOSED', 'ACTIVE')) AS live
       FROM mentor_requests r WHERE r.id = ANY($1)`,
    [requests.map((r) => r.id)],
  );
  const matched = rows.filter((r: any) => r.status === 'MATCHED');
  const rest = rows.filter((r: any) => r.status !== 'MATCHED');
  expect(matched).toHaveLength(3);
  for (const r of matched) expect(r.live).toEqual([`${full.id}:ACTIVE`]);
  expect(rest).toHaveLength(7);
  for (const r of rest) {
    if (r.status === 'WAITING') expect(r.live).toBeNull();
    else expect(r).toMatchObject({ status: 'PROPOSED', live: [`${other.id}:PROPOSED`] });
  }
  // The full mentor keeps no open proposal.
  expect(
    await t.sql(`SELECT count(*)::int AS n FROM mentor_matches WHERE mentor_id = $1 AND status = 'PROPOSED'`, [
      full.id,
    ]),
  ).toEqual([{ n: 0 }]);
});

it('re-offers an expired proposal exactly once when two expiry runs race', async () => {
  const first = await approvedMentor(t, coordinator, { capacity: 10, focusAreas: ['GAMBLING', 'HOUSING', 'LEGAL'] });
  const next = await approvedMentor(t, coordinator, { capacity: 10, focusAreas: ['GAMBLING'] });
  const mentees = await users(t, 6);
  const requests = [];
  for (const m of mentees) requests.push(await requestMentor(t, m, { focusAreas: ['GAMBLING', 'HOUSING', 'LEGAL'] }));
  expect(requests.every((r) => r.match.mentor.id === first.id)).toBe(true);
  const ids = requests.map((r) => r.id);
  await t.sql(`UPDATE mentor_matches SET respond_by = now() - interval '1 minute' WHERE request_id = ANY($1)`, [ids]);

  const now = new Date();
  const other = await t.another(MENTORING_ENV);
  const [a, b] = await Promise.all([
    t.app.services.mentoring.expireProposals(now),
    other.app.services.mentoring.expireProposals(now),
  ]);
  expect(a.expired + b.expired).toBe(6);

  const rows = await t.sql(`SELECT request_id, mentor_id, status FROM mentor_matches WHERE request_id = ANY($1)`, [
    ids,
  ]);
  for (const id of ids) {
    const mine = rows.filter((r: any) => r.request_id === id);
    expect(mine.filter((r: any) => r.status === 'EXPIRED')).toEqual([
      { request_id: id, mentor_id: first.id, status: 'EXPIRED' },
    ]);
    expect(mine.filter((r: any) => r.status === 'PROPOSED')).toEqual([
      { request_id: id, mentor_id: next.id, status: 'PROPOSED' },
    ]);
  }
  const notes = await t.sql(
    `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'MATCH_PROPOSED'`,
    [next.id],
  );
  expect(notes).toEqual([{ n: 6 }]);
});

it('keeps one open request per member under concurrent requests', async () => {
  const [mentee] = await users(t, 1);
  const results = await Promise.all(
    [1, 2, 3, 4].map(() => t.gql(REQUEST, { i: { focusAreas: ['ALCOHOL'], languages: ['en'] } }, mentee.token)),
  );
  expect(results.filter((r) => !r.errors)).toHaveLength(1);
  expect(results.filter((r) => r.errors).map((r) => codes(r)[0])).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
  expect(await t.sql(`SELECT count(*)::int AS n FROM mentor_requests WHERE mentee_id = $1`, [mentee.id])).toEqual([
    { n: 1 },
  ]);
});
