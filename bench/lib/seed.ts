import { Role, type AuthUser } from '../../src/core/auth';
import type { DataSource } from 'typeorm';
import { toAuthUser } from '../../src/modules/accounts/accounts.service';
import { User } from '../../src/modules/accounts/user.entity';
import { PostStatus } from '../../src/modules/discussions/post-status.enum';
import { MeetingFormat } from '../../src/modules/meetings/meetings.enums';
import { ModerationAction, ReportReason } from '../../src/modules/discussions/moderation.enums';
import { addDays, todayIn } from '../../src/modules/sobriety/milestones';
import { Visibility } from '../../src/modules/sobriety/sobriety.enums';
import type { Services } from '../../src/services';
import { inParallel, log, rng } from './util';

export const BENCH_PASSWORD = 'bench-password-2026';
const ZONES = ['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles', 'Europe/Berlin'];
const SENTENCES = [
  'Ninety days today and I actually slept through the night.',
  'The drive home past my old spot is still the hardest part of the day.',
  'Went to the Tuesday alumni meeting, it helped more than I expected.',
  'My sponsor says to play the tape forward. Doing that a lot this week.',
  'Cooked dinner for my family and we talked for an hour. Small win.',
  'Does anyone have tips for the first holiday season sober?',
  'I am grateful for this group. Reading these posts keeps me going.',
  'Started running again. Three miles this morning, slow but steady.',
  'Work stress is high. Calling someone from group before I go home.',
  'Six months. Still not easy, but easier than it was.',
];

export interface SeedCounts {
  members: number;
  mentors: number;
  meetings: number;
  rsvps: number;
  threads: number;
  posts: number;
}

export function countsFor(scale: number): SeedCounts {
  const n = (x: number, min: number) => Math.max(min, Math.round(x * scale));
  return {
    members: n(5000, 60),
    mentors: n(200, 5),
    meetings: n(300, 60),
    rsvps: n(30000, 300),
    threads: n(2000, 20),
    posts: n(50000, 500),
  };
}

export interface BenchUser {
  id: string;
  token: string;
  auth: AuthUser;
}

export interface Seeded {
  admin: BenchUser;
  coordinators: BenchUser[];
  mentors: BenchUser[];
  members: BenchUser[];
  hotThreadId: string;
  threadIds: string[];
  meetingIds: string[];
  timings: Array<{ step: string; count: number; ms: number }>;
  totalMs: number;
  counts: SeedCounts;
}

/** Seeds a program through the services, the way members and coordinators would build it. */
export async function seedProgram(
  services: Services,
  ds: DataSource,
  counts: SeedCounts,
  concurrency = 12,
): Promise<Seeded> {
  const random = rng(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const timings: Seeded['timings'] = [];
  const started = Date.now();
  const step = async <T>(name: string, count: number, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const out = await work();
    const ms = Date.now() - t0;
    timings.push({ step: name, count, ms });
    log(`seed: ${name}: ${count} in ${(ms / 1000).toFixed(1)} s (${Math.round((count / ms) * 1000)}/s)`);
    return out;
  };

  const adminRow = await ds.getRepository(User).findOneByOrFail({ role: Role.ADMIN });
  const adminAuth = toAuthUser(adminRow);
  const admin: BenchUser = {
    id: adminRow.id,
    auth: adminAuth,
    token: (await services.accounts.logIn({ email: adminRow.email, password: BENCH_PASSWORD }, '127.0.0.1')).token,
  };

  const signUp = async (role: Role, i: number): Promise<BenchUser> => {
    const email = `${role.toLowerCase()}${i}@bench.onward.example`;
    const inv = await services.accounts.createInvitation(adminAuth, { email, role });
    const r = await services.accounts.signUp({
      invitationCode: inv.code,
      email,
      password: BENCH_PASSWORD,
      displayName: `${role === Role.MEMBER ? 'Member' : 'Coordinator'} ${i}`,
      timeZone: ZONES[i % ZONES.length],
    });
    return { id: r.user.id, token: r.token, auth: toAuthUser(r.user) };
  };
  const coordinators = await step('coordinators (invite + signUp)', 3, () =>
    inParallel([0, 1, 2], 3, (_, i) => signUp(Role.COORDINATOR, i)),
  );
  const people = await step('members incl. mentors (invite + signUp)', counts.members, () =>
    inParallel(
      Array.from({ length: counts.members }, (_, i) => i),
      concurrency,
      (i) => signUp(Role.MEMBER, i),
    ),
  );
  // Mentor approval has no API yet (as in src/seed.ts): it is a flag on the user.
  const mentors = people.slice(0, counts.mentors);
  await ds
    .getRepository(User)
    .createQueryBuilder()
    .update()
    .set({ isMentor: true })
    .whereInIds(mentors.map((m) => m.id))
    .execute();
  for (const m of mentors) m.auth = { ...m.auth, isMentor: true };
  const members = people.slice(counts.mentors);
  const coordinator = coordinators[0].auth;

  const now = new Date();
  await step('sobriety dates (setSobrietyDate)', Math.round(people.length * 0.8), () =>
    inParallel(people.slice(0, Math.round(people.length * 0.8)), concurrency, async (u) => {
      const today = todayIn(u.auth.timeZone, now);
      const visibility = pick([
        Visibility.NETWORK,
        Visibility.NETWORK,
        Visibility.COORDINATORS,
        Visibility.PRIVATE,
        Visibility.MENTOR,
      ]);
      await services.sobriety.setSobrietyDate(
        u.auth,
        { date: addDays(today, -Math.floor(random() * 2000) - 1), visibility, announce: random() < 0.7 },
        now,
      );
    }),
  );

  const meetingIds = await step('meetings (createMeeting by mentors)', counts.meetings, () =>
    inParallel(
      Array.from({ length: counts.meetings }, (_, i) => i),
      concurrency,
      async (i) => {
        const host = mentors[i % mentors.length].auth;
        const startsAt = new Date(now.getTime() + 3600_000 + Math.floor(random() * 60 * 24) * 3600_000);
        const m = await services.meetings.createMeeting(host, {
          title: `${pick(['Alumni check-in', 'Step study', 'Evening share', 'Morning reflection', 'Family group'])} #${i}`,
          description: 'Open sharing for program alumni.',
          startsAt,
          durationMinutes: pick([60, 60, 90]),
          timeZone: host.timeZone,
          format: pick([MeetingFormat.HYBRID, MeetingFormat.IN_PERSON, MeetingFormat.ONLINE]),
          location: 'Community room, 210 W Lake St',
          conferenceUrl: 'https://meet.onward.example/room',
          capacity: i % 3 === 0 ? null : 40 + Math.floor(random() * 160),
          types: pick([
            ['O', 'D'],
            ['C', 'ST'],
            ['O', 'SP'],
          ]),
        });
        return m.id;
      },
    ),
  );

  // Each member RSVPs to distinct meetings until the total is reached; full meetings waitlist them.
  const rsvps: Array<[AuthUser, string]> = [];
  const perMember = Math.ceil(counts.rsvps / people.length);
  for (let k = 0; k < perMember && rsvps.length < counts.rsvps; k++) {
    for (let u = 0; u < people.length && rsvps.length < counts.rsvps; u++) {
      rsvps.push([people[u].auth, meetingIds[(u * 7 + k * 31 + Math.floor(random() * 5)) % meetingIds.length]]);
    }
  }
  const seen = new Set<string>();
  const unique = rsvps.filter(([u, m]) => !seen.has(u.id + m) && !!seen.add(u.id + m));
  await step('RSVPs (rsvp)', unique.length, () =>
    inParallel(unique, concurrency, ([u, m]) => services.meetings.rsvp(u, m)),
  );

  // Threads: a member's first post waits for review (NEW_MEMBER); coordinators approve them.
  const held: string[] = [];
  const threadIds = await step('threads (createThread)', counts.threads, () =>
    inParallel(
      Array.from({ length: counts.threads }, (_, i) => i),
      concurrency,
      async (i) => {
        const author = i === 0 ? mentors[0].auth : pick(people).auth;
        const r = await services.discussions.posting.createThread(author, {
          title: `${pick(['Checking in', 'Question', 'A win', 'Hard day', 'Advice please'])} ${i}`,
          body: pick(SENTENCES),
        });
        if (r.post.status === PostStatus.PENDING_REVIEW) held.push(r.post.id);
        return r.thread.id;
      },
    ),
  );
  const approve = (postIds: string[]) =>
    inParallel(postIds, concurrency, (postId) =>
      services.moderation.moderatePost(coordinator, {
        postId,
        action: ModerationAction.APPROVE,
        reason: 'Welcome to the community.',
      }),
    );
  await step('approvals of opening posts (moderatePost)', held.length, () => approve(held.splice(0)));

  // Replies: the first thread is busy (for the thread page and fan-out); the rest share the rest.
  const replies = counts.posts - counts.threads;
  const hotShare = Math.max(120, Math.round(replies * 0.02));
  const heldReplies: string[] = [];
  await step('replies (replyToThread, screening on)', replies, () =>
    inParallel(
      Array.from({ length: replies }, (_, i) => i),
      concurrency,
      async (i) => {
        const threadId = i < hotShare ? threadIds[0] : pick(threadIds);
        let body = pick(SENTENCES);
        if (i % 97 === 0) body += ' Text me at 312-555-0134 if you want to talk.';
        const r = await services.discussions.posting.replyToThread(pick(people).auth, { threadId, body });
        if (r.post.status === PostStatus.PENDING_REVIEW) heldReplies.push(r.post.id);
      },
    ),
  );
  // Most held replies are approved; some stay in the queue, as on a real day.
  const keepOpen = Math.max(60, Math.round(heldReplies.length * 0.05));
  await step('approvals of replies (moderatePost)', Math.max(0, heldReplies.length - keepOpen), () =>
    approve(heldReplies.slice(keepOpen)),
  );

  // Reports on visible posts, one or two members each (below the auto-hide threshold).
  const visible: Array<{ id: string; author_id: string }> = await ds.query(
    `SELECT id, author_id FROM posts WHERE status = 'VISIBLE' ORDER BY created_at DESC LIMIT $1`,
    [Math.max(60, Math.round(counts.posts * 0.004))],
  );
  const reports: Array<[AuthUser, string]> = [];
  for (const p of visible) {
    const n = 1 + Math.floor(random() * 2);
    for (let k = 0; k < n; k++) {
      const reporter = pick(members);
      if (reporter.id !== p.author_id && !reports.some(([u, id]) => u.id === reporter.id && id === p.id))
        reports.push([reporter.auth, p.id]);
    }
  }
  await step('reports (reportPost)', reports.length, () =>
    inParallel(reports, concurrency, ([u, postId]) =>
      services.moderation.reportPost(u, {
        postId,
        reason: pick([ReportReason.TRIGGERING_CONTENT, ReportReason.SPAM, ReportReason.HARASSMENT]),
        note: 'Please take a look.',
      }),
    ),
  );

  const hotPosts: Array<{ id: string }> = await ds.query(
    `SELECT id FROM posts WHERE thread_id = $1 AND status = 'VISIBLE' ORDER BY created_at LIMIT 60`,
    [threadIds[0]],
  );
  const supports: Array<[AuthUser, string]> = [];
  for (const p of hotPosts)
    for (let k = 0; k < 1 + Math.floor(random() * 8); k++)
      supports.push([people[Math.floor(random() * people.length)].auth, p.id]);
  await step('support marks (supportPost)', supports.length, () =>
    inParallel(supports, concurrency, ([u, id]) => services.discussions.posting.setSupport(u, id, true)),
  );

  await ds.query('ANALYZE');
  return {
    admin,
    coordinators,
    mentors,
    members,
    hotThreadId: threadIds[0],
    threadIds,
    meetingIds,
    timings,
    totalMs: Date.now() - started,
    counts,
  };
}
