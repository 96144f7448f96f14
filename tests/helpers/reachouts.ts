import { REACH_OUTS } from '../../src/modules/reachouts/reachouts.ports';
import type { ReachOutsService } from '../../src/modules/reachouts/reachouts.service';
import type { App } from '../../src/app';
import { PASSWORD, type TestApp, type TestUser } from './harness';
import { approvedMentor, requestMentor, RESPOND } from './mentoring';

export const REACH_OUT_FIELDS = `id createdAt message status acknowledgedBy { id displayName } acknowledgedAt escalatedAt closedAt member { id displayName }`;
export const REACH_OUT = `mutation($i: ReachOutInput) { reachOut(input: $i) { reachOut { ${REACH_OUT_FIELDS} } resources { name phone text url } } }`;
export const SET_CIRCLE = `mutation($i: SetSupportCircleInput!) { setSupportCircle(input: $i) { supportCircle { id displayName } } }`;
export const ACKNOWLEDGE = `mutation($i: AcknowledgeReachOutInput!) { acknowledgeReachOut(input: $i) { reachOut { ${REACH_OUT_FIELDS} } } }`;
export const CLOSE = `mutation($i: CloseReachOutInput!) { closeReachOut(input: $i) { reachOut { ${REACH_OUT_FIELDS} } } }`;
export const UPDATED = `subscription { reachOutUpdated { ${REACH_OUT_FIELDS} } }`;
export const NOTIFIED = `subscription { notificationAdded { id kind message subjectId } }`;
export const MINE = `{ viewer { reachOuts(first: 20) { totalCount edges { node { ${REACH_OUT_FIELDS} } } } } }`;
export const RECEIVED = `{ viewer { reachOutsReceived(first: 20) { totalCount edges { node { ${REACH_OUT_FIELDS} } } } } }`;

/** Plenty of mutations from one address in these tests. */
export const REACH_OUT_ENV = {
  MUTATION_LIMIT_PER_USER: '1000000',
  MUTATION_LIMIT_PER_ADDRESS: '10000000',
  REACH_OUT_LIMIT_PER_HOUR: '1000',
};

export function reachOuts(app: App | TestApp): ReachOutsService {
  return ('app' in app ? app.app : app).composition.registry.get(REACH_OUTS);
}

export async function ok(t: Pick<TestApp, 'gql'>, query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** Signs up someone with this exact email (the on-call coordinator's, say). */
export async function userWithEmail(
  t: TestApp,
  email: string,
  role: 'MEMBER' | 'COORDINATOR',
  displayName: string,
): Promise<TestUser> {
  const admin = await t.admin();
  const inv = await ok(
    t,
    `mutation($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { code } } }`,
    { i: { email, role } },
    admin.token,
  );
  const r = await t.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { token viewer { id } } }`, {
    i: {
      invitationCode: inv.createInvitation.invitation.code,
      email,
      password: PASSWORD,
      displayName,
      timeZone: 'America/Chicago',
    },
  });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return { id: r.data.signUp.viewer.id, email, token: r.data.signUp.token, displayName };
}

/** A member with an active mentor. */
export async function menteeWithMentor(
  t: TestApp,
  coordinator: TestUser,
  names: { mentee: string; mentor: string },
): Promise<{ mentee: TestUser; mentor: TestUser; matchId: string }> {
  const mentor = await approvedMentor(t, coordinator, { focusAreas: ['ALCOHOL'] }, names.mentor);
  // Only this mentor takes mentees, so the request goes to them.
  await t.sql(`UPDATE mentor_profiles SET accepting_mentees = (user_id = $1)`, [mentor.id]);
  const mentee = await t.user('MEMBER', names.mentee);
  const request = await requestMentor(t, mentee);
  if (request.match?.mentor.id !== mentor.id) throw new Error('the request went to another mentor');
  await ok(t, RESPOND, { i: { matchId: request.match.id, accept: true } }, mentor.token);
  return { mentee, mentor, matchId: request.match.id };
}

export async function notificationsOf(t: TestApp, userId: string, kind?: string) {
  return t.sql<{ kind: string; message: string; actor_id: string | null; subject_id: string | null }>(
    `SELECT kind, message, actor_id, subject_id FROM notifications WHERE user_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY seq`,
    kind ? [userId, kind] : [userId],
  );
}
