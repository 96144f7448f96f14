import { addDays, todayIn } from '../../src/modules/sobriety/milestones';
import type { TestApp, TestUser } from './harness';

export const MATCH = `id status proposedAt respondBy mentor { id } mentee { id } request { id status note focusAreas }`;
export const UPSERT = `mutation($i: UpsertMentorProfileInput!) { upsertMentorProfile(input: $i) { profile { bio focusAreas languages capacity acceptingMentees availability { weekday startTime endTime } gender approvedAt } } }`;
export const APPROVE = `mutation($i: ApproveMentorInput!) { approveMentor(input: $i) { user { id isMentor } profile { approvedAt } } }`;
export const REQUEST = `mutation($i: RequestMentorInput!) { requestMentor(input: $i) { request { id status match { ${MATCH} } } } }`;
export const RESPOND = `mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { match { ${MATCH} } } }`;
export const END = `mutation($i: EndMatchInput!) { endMatch(input: $i) { match { ${MATCH} } } }`;
export const SET_DATE = `mutation($i: SetSobrietyDateInput!) { setSobrietyDate(input: $i) { sobriety { date } } }`;

/** Plenty of mutations from one address in these tests. */
export const MENTORING_ENV = { MUTATION_LIMIT_PER_USER: '1000000', MUTATION_LIMIT_PER_ADDRESS: '10000000' };

export function profileInput(over: Record<string, unknown> = {}) {
  return {
    bio: 'Eight years in recovery, happy to walk alongside you.',
    focusAreas: ['ALCOHOL', 'FAMILY'],
    languages: ['en'],
    capacity: 3,
    acceptingMentees: true,
    availability: [{ weekday: 2, startTime: '18:00', endTime: '21:00' }],
    ...over,
  };
}

export async function setSoberDays(t: TestApp, u: TestUser, days: number, visibility = 'PRIVATE'): Promise<void> {
  const date = addDays(todayIn('America/Chicago', new Date()), -days);
  const r = await t.gql(SET_DATE, { i: { date, visibility } }, u.token);
  if (r.errors) throw new Error(`setSobrietyDate failed: ${JSON.stringify(r.errors)}`);
}

/** A member with a profile, sober for two years (shared with `visibility`), approved by `coordinator`. */
export async function approvedMentor(
  t: TestApp,
  coordinator: TestUser,
  over: Record<string, unknown> = {},
  name?: string,
  visibility = 'PRIVATE',
): Promise<TestUser> {
  const u = await t.user('MEMBER', name);
  await setSoberDays(t, u, 800, visibility);
  const p = await t.gql(UPSERT, { i: profileInput(over) }, u.token);
  if (p.errors) throw new Error(`upsertMentorProfile failed: ${JSON.stringify(p.errors)}`);
  const a = await t.gql(APPROVE, { i: { userId: u.id } }, coordinator.token);
  if (a.errors) throw new Error(`approveMentor failed: ${JSON.stringify(a.errors)}`);
  return u;
}

export async function requestMentor(t: TestApp, mentee: TestUser, over: Record<string, unknown> = {}) {
  const r = await t.gql(
    REQUEST,
    { i: { focusAreas: ['ALCOHOL'], languages: ['en'], note: 'Looking for someone who gets it.', ...over } },
    mentee.token,
  );
  if (r.errors) throw new Error(`requestMentor failed: ${JSON.stringify(r.errors)}`);
  return r.data.requestMentor.request;
}
