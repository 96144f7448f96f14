import type { TestApp, TestUser } from './harness';

export const MEETING_FIELDS = `id title description startsAt endsAt timeZone format capacity types status goingCount waitlistCount seatsLeft
  location conferenceUrl listed viewerRsvp { id status waitlistPosition } series { id recurrence timeZone }`;
export const CREATE = `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { ${MEETING_FIELDS} } } }`;
export const UPDATE = `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { meeting { ${MEETING_FIELDS} } } }`;
export const CANCEL = `mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { meeting { id status cancelReason } } }`;
export const RSVP = `mutation($i: RsvpInput!) { rsvp(input: $i) { rsvp { id status waitlistPosition meeting { id goingCount waitlistCount seatsLeft } } } }`;
export const CANCEL_RSVP = `mutation($i: CancelRsvpInput!) { cancelRsvp(input: $i) { rsvp { id status waitlistPosition } } }`;
export const GET = `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} attendees(first: 50) { totalCount edges { node { id displayName } } } } }`;

/** Users through the API, a few at a time (the machine has two cores). */
export async function users(
  t: TestApp,
  n: number,
  role: 'MEMBER' | 'COORDINATOR' = 'MEMBER',
  parallel = 8,
): Promise<TestUser[]> {
  await t.admin();
  const out: TestUser[] = [];
  for (let i = 0; i < n; i += parallel) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => t.user(role)))));
  }
  return out;
}

/** A member approved as mentor. Mentor approval has no API in this module; it is a flag on the user. */
export async function mentor(t: TestApp, name?: string): Promise<TestUser> {
  const u = await t.user('MEMBER', name);
  await t.sql(`UPDATE users SET is_mentor = true WHERE id = $1`, [u.id]);
  return u;
}

export function inHours(h: number): string {
  return new Date(Date.now() + h * 3600_000).toISOString();
}

export function meetingInput(over: Record<string, unknown> = {}) {
  return {
    title: 'Tuesday alumni meeting',
    description: 'Open sharing.',
    startsAt: inHours(48),
    durationMinutes: 60,
    timeZone: 'America/Chicago',
    format: 'HYBRID',
    location: 'Room 4, 12 Main St',
    conferenceUrl: 'https://meet.example.org/abc',
    capacity: 10,
    types: ['O', 'D'],
    ...over,
  };
}

export async function createMeeting(t: TestApp, token: string, over: Record<string, unknown> = {}) {
  const r = await t.gql(CREATE, { i: meetingInput(over) }, token);
  if (!r.data?.createMeeting) throw new Error(`createMeeting failed: ${JSON.stringify(r.errors)}`);
  return r.data.createMeeting.meeting;
}

/** Counts the SQL statements the app's DataSource sends while `work` runs. */
export async function countQueries<T>(
  t: TestApp,
  work: () => Promise<T>,
): Promise<{ result: T; count: number; queries: string[] }> {
  const logger = t.app.ds.logger;
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query: string, ...rest: any[]) => {
    queries.push(query);
    return original(query, ...(rest as []));
  };
  try {
    const result = await work();
    return { result, count: queries.length, queries };
  } finally {
    logger.logQuery = original;
  }
}

/** These tests make hundreds of mutations from one address in a minute. */
export const MEETING_ENV = {
  MUTATION_LIMIT_PER_USER: '1000000',
  MUTATION_LIMIT_PER_ADDRESS: '10000000',
  EXPLORER: 'off',
};
