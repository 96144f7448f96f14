import { getNamedType } from 'graphql';
import { ally } from './helpers/allies';
import { startTestApp, type TestApp, type TestUser } from './helpers/harness';
import { CANCEL_RSVP, createMeeting, MEETING_ENV, mentor, RSVP } from './helpers/meetings';
import { objectType, present, selection, unruled } from './helpers/walk';

/**
 * The field walk of what members share: every field of Meeting and Post (and what they
 * hold one level down) has a rule, checked for each kind of viewer. A new field without a
 * rule fails the first test of each block.
 */

async function ok(t: TestApp, query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describe('the field walk of a meeting', () => {
  type Viewer = 'host' | 'coordinator' | 'going' | 'waitlisted' | 'cancelled' | 'stranger' | 'ally';
  type Rule = 'anyone' | 'inside' | 'ownRsvp';
  /** `inside`: the host, coordinators and members who are going (place, link, who attends). */
  const RULES: Record<string, Record<string, Rule>> = {
    Meeting: {
      id: 'anyone',
      title: 'anyone',
      description: 'anyone',
      startsAt: 'anyone',
      endsAt: 'anyone',
      durationMinutes: 'anyone',
      timeZone: 'anyone',
      format: 'anyone',
      capacity: 'anyone',
      types: 'anyone',
      status: 'anyone',
      listed: 'anyone',
      audience: 'anyone',
      goingCount: 'anyone',
      waitlistCount: 'anyone',
      seatsLeft: 'anyone',
      host: 'anyone',
      series: 'anyone',
      cancelReason: 'anyone',
      location: 'inside',
      conferenceUrl: 'inside',
      attendees: 'inside',
      viewerRsvp: 'ownRsvp',
    },
  };
  const WALKED = new Set(Object.keys(RULES));
  // The meeting is for alumni (the default audience): to an ally it does not exist.
  const VIEWERS: Viewer[] = ['host', 'coordinator', 'going', 'waitlisted', 'cancelled', 'stranger', 'ally'];
  // Fields that are empty by nature in this meeting (no series, not cancelled, no seats left).
  const EMPTY_HERE = new Set(['series', 'cancelReason', 'seatsLeft']);

  let t: TestApp;
  let meetingId: string;
  const viewers = {} as Record<Viewer, TestUser>;
  beforeAll(async () => {
    t = await startTestApp(MEETING_ENV);
    const host = await mentor(t, 'Host');
    const meeting = await createMeeting(t, host.token, { capacity: 1 });
    meetingId = meeting.id;
    const [going, waitlisted, cancelled, stranger, coordinator] = await Promise.all([
      t.user('MEMBER', 'Going'),
      t.user('MEMBER', 'Waiting'),
      t.user('MEMBER', 'Cancelled'),
      t.user('MEMBER', 'Stranger'),
      t.user('COORDINATOR', 'Coordinator'),
    ]);
    await ok(t, RSVP, { i: { meetingId } }, going.token);
    await ok(t, RSVP, { i: { meetingId } }, waitlisted.token);
    await ok(t, RSVP, { i: { meetingId } }, cancelled.token);
    await ok(t, CANCEL_RSVP, { i: { meetingId } }, cancelled.token);
    Object.assign(viewers, { host, coordinator, going, waitlisted, cancelled, stranger, ally: await ally(t, going) });
  });
  afterAll(() => t.stop());

  it('has a rule for every field', () => {
    expect(unruled(RULES)).toEqual([]);
  });

  it.each(VIEWERS)('%s sees exactly what the rules allow', async (viewer) => {
    const data = await ok(
      t,
      `query($id: ID!) { meeting(id: $id) ${selection(objectType('Meeting'), 1, WALKED)} }`,
      { id: meetingId },
      viewers[viewer].token,
    );
    const meeting = data.meeting as Record<string, unknown> | null;
    expect(meeting === null).toBe(viewer === 'ally');
    const inside = ['host', 'coordinator', 'going'].includes(viewer);
    const hasRsvp = ['going', 'waitlisted', 'cancelled'].includes(viewer);
    const wrong: string[] = [];
    for (const [field, rule] of Object.entries(RULES.Meeting)) {
      if (EMPTY_HERE.has(field)) continue;
      const expected =
        viewer !== 'ally' && (rule === 'anyone' || (rule === 'inside' && inside) || (rule === 'ownRsvp' && hasRsvp));
      if (present(meeting?.[field]) !== expected) wrong.push(`Meeting.${field}: ${expected ? 'hidden' : 'seen'}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the field walk of a post', () => {
  type Viewer = 'author' | 'coordinator' | 'stranger' | 'blockedByAuthor' | 'blockerOfAuthor';
  type Status = 'VISIBLE' | 'HIDDEN' | 'REMOVED' | 'PENDING_REVIEW';
  type Rule = 'listed' | 'body' | 'coordinators';
  /**
   * `listed`: whoever may list the post (not across a block; a waiting post only to its
   * author and coordinators). `body`: a hidden, removed or waiting post's text only to its
   * author and coordinators. `coordinators`: edit history.
   */
  const RULES: Record<string, Record<string, Rule>> = {
    Post: {
      id: 'listed',
      author: 'listed',
      thread: 'listed',
      status: 'listed',
      createdAt: 'listed',
      supportCount: 'listed',
      editedAt: 'listed',
      parentPost: 'listed',
      body: 'body',
      editHistory: 'coordinators',
    },
  };
  const WALKED = new Set(Object.keys(RULES));
  const VIEWERS: Viewer[] = ['author', 'coordinator', 'stranger', 'blockedByAuthor', 'blockerOfAuthor'];
  const STATUSES: Status[] = ['VISIBLE', 'HIDDEN', 'REMOVED', 'PENDING_REVIEW'];

  let t: TestApp;
  let threadId: string;
  const posts = {} as Record<Status, string>;
  const viewers = {} as Record<Viewer, TestUser>;
  beforeAll(async () => {
    t = await startTestApp(MEETING_ENV);
    t.app.services.discussions.settings.rules.newMemberHeldPosts = 0;
    const [author, coordinator, stranger, blockedByAuthor, blockerOfAuthor, opener] = await Promise.all([
      t.user('MEMBER', 'Author'),
      t.user('COORDINATOR', 'Coordinator'),
      t.user('MEMBER', 'Stranger'),
      t.user('MEMBER', 'Blocked'),
      t.user('MEMBER', 'Blocker'),
      t.user('MEMBER', 'Opener'),
    ]);
    Object.assign(viewers, { author, coordinator, stranger, blockedByAuthor, blockerOfAuthor });
    const thread = await ok(
      t,
      `mutation { createThread(input: { title: "Walk", body: "The thread for the walk." }) { thread { id } post { id } } }`,
      {},
      opener.token,
    );
    threadId = thread.createThread.thread.id;
    const parentPostId = thread.createThread.post.id as string;
    const REPLY = `mutation($i: ReplyToThreadInput!) { replyToThread(input: $i) { post { id } } }`;
    for (const status of STATUSES) {
      const r = await ok(
        t,
        REPLY,
        { i: { threadId, parentPostId, body: `A reply that ends up ${status.toLowerCase()}.` } },
        author.token,
      );
      posts[status] = r.replyToThread.post.id;
      await ok(
        t,
        `mutation($i: EditPostInput!) { editPost(input: $i) { post { id } } }`,
        { i: { postId: posts[status], body: `Edited: ends up ${status.toLowerCase()}.` } },
        author.token,
      );
      await ok(
        t,
        `mutation($i: SupportPostInput!) { supportPost(input: $i) { supported } }`,
        { i: { postId: posts[status] } },
        stranger.token,
      );
      if (status === 'HIDDEN' || status === 'REMOVED') {
        const action = status === 'HIDDEN' ? 'HIDE' : 'REMOVE';
        await ok(
          t,
          `mutation($i: ModeratePostInput!) { moderatePost(input: $i) { post { id } } }`,
          { i: { postId: posts[status], action, reason: 'Walk' } },
          coordinator.token,
        );
      }
      if (status === 'PENDING_REVIEW')
        await t.sql(`UPDATE posts SET status = 'PENDING_REVIEW' WHERE id = $1`, [posts[status]]);
    }
    await ok(
      t,
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: blockedByAuthor.id } },
      author.token,
    );
    await ok(
      t,
      `mutation($i: BlockUserInput!) { blockUser(input: $i) { blocked } }`,
      { i: { userId: author.id } },
      blockerOfAuthor.token,
    );
  });
  afterAll(() => t.stop());

  it('has a rule for every field', () => {
    expect(unruled(RULES)).toEqual([]);
  });

  function sees(rule: Rule, viewer: Viewer, status: Status): boolean {
    if (viewer === 'blockedByAuthor' || viewer === 'blockerOfAuthor') return false;
    const privileged = viewer === 'author' || viewer === 'coordinator';
    if (rule === 'coordinators') return viewer === 'coordinator';
    if (rule === 'listed') return status !== 'PENDING_REVIEW' || privileged;
    return status === 'VISIBLE' || privileged;
  }

  it.each(VIEWERS)(
    '%s sees exactly what the rules allow, in the thread and through replies to each post',
    async (viewer) => {
      const post = selection(objectType('Post'), 1, WALKED);
      const data = await ok(
        t,
        `query($id: ID!) { thread(id: $id) { posts(first: 50) { edges { node ${post} } } } }`,
        { id: threadId },
        viewers[viewer].token,
      );
      const listed = new Map<string, Record<string, unknown>>(
        (data.thread.posts.edges as Array<{ node: Record<string, unknown> }>).map((e) => [e.node.id as string, e.node]),
      );
      const wrong: string[] = [];
      for (const status of STATUSES) {
        const node = listed.get(posts[status]);
        for (const [field, rule] of Object.entries(RULES.Post)) {
          const named = getNamedType(objectType('Post').getFields()[field].type).name;
          const value = node?.[field];
          const seen = named === 'Boolean' || named === 'Int' ? value !== undefined && value !== null : present(value);
          if (seen !== sees(rule, viewer, status)) wrong.push(`${status} Post.${field}: ${seen ? 'seen' : 'hidden'}`);
        }
      }
      expect(wrong).toEqual([]);
      // Nothing of a post the viewer may not read leaks through another path (the parent of a reply, say).
      const text = JSON.stringify(data);
      for (const status of STATUSES)
        if (!sees('body', viewer, status)) expect(text).not.toContain(`ends up ${status.toLowerCase()}`);
    },
  );
});
