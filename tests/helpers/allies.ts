import { randomBytes } from 'node:crypto';
import { PASSWORD, type TestApp, type TestUser } from './harness';

export const INVITE_ALLY = `mutation($i: InviteAllyInput!) { inviteAlly(input: $i) { invitation { id code email role expiresAt } } }`;
export const REMOVE_ALLY = `mutation($i: RemoveAllyInput!) { removeAlly(input: $i) { allyId removed } }`;
export const SHARE = `mutation($i: ShareWithAlliesInput!) { shareWithAllies(input: $i) { sharing { milestones checkInStreak } } }`;
export const MY_ALLIES = `{ viewer { allies { id email relationship displayName status invitedAt joinedAt } } }`;
export const ALLY_OF = `{ viewer { role allyOf { since member { displayName sobriety { date days milestones { label } } checkInStreak } } } }`;

/** An ally of `member`, invited and signed up through the API. */
export async function ally(t: TestApp, member: TestUser, name = 'Ally'): Promise<TestUser & { tieId: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '')}.${randomBytes(3).toString('hex')}@family.test`;
  const inv = await t.gql(INVITE_ALLY, { i: { email, relationship: 'my sister' } }, member.token);
  if (!inv.data) throw new Error(`inviteAlly failed: ${JSON.stringify(inv.errors)}`);
  const r = await t.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { token viewer { id role } } }`, {
    i: {
      invitationCode: inv.data.inviteAlly.invitation.code,
      email,
      password: PASSWORD,
      displayName: name,
      timeZone: 'America/Chicago',
    },
  });
  if (!r.data) throw new Error(`signUp failed: ${JSON.stringify(r.errors)}`);
  const [tie] = await t.sql(`SELECT id FROM ally_ties WHERE ally_id = $1`, [r.data.signUp.viewer.id]);
  return { id: r.data.signUp.viewer.id, email, token: r.data.signUp.token, displayName: name, tieId: tie.id };
}
