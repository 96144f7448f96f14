import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import type { SeedContext, SeedPeople, SeedPerson } from '../../core/module';
import { Category } from './category.entity';
import type { DiscussionsService } from './discussions.service';
import { ModerationAction, ReportReason } from './moderation.enums';
import type { ModerationService } from './moderation.service';
import { PostStatus } from './post-status.enum';
import { Thread } from './thread.entity';

interface SeedThread {
  category: string;
  author: (u: SeedPeople) => SeedPerson;
  title: string;
  body: string;
  replies: Array<{ author: (u: SeedPeople) => SeedPerson; body: string; toPrevious?: boolean }>;
}

const THREADS: SeedThread[] = [
  {
    category: 'introductions',
    author: (u) => u.members[0],
    title: 'Hi, I just finished the IOP',
    body: 'Graduated last Friday. Nervous about keeping the structure going on my own. Glad this group exists.',
    replies: [
      {
        author: (u) => u.mentors[0],
        body: 'Welcome! The first weeks after IOP are the hardest. Come to the Tuesday alumni meeting.',
      },
      { author: (u) => u.members[0], body: 'Thank you, I will be there.', toPrevious: true },
    ],
  },
  {
    category: 'wins',
    author: (u) => u.members[1],
    title: '90 days today',
    body: 'Ninety days. I cooked dinner for my family tonight and actually tasted it.',
    replies: [
      { author: (u) => u.members[2], body: 'That is huge. Proud of you.' },
      { author: (u) => u.mentors[1], body: 'Ninety days is a real foundation. What helped most?' },
    ],
  },
  {
    category: 'hard-days',
    author: (u) => u.members[2],
    title: 'Cravings after work',
    body: 'The drive home past my old bar is rough. Anyone found a way through that hour?',
    replies: [
      { author: (u) => u.members[3], body: 'I changed my route and call someone from group on the way. It helps.' },
      { author: (u) => u.mentors[0], body: 'Play the tape forward. And text me any time that hour gets loud.' },
    ],
  },
  {
    category: 'family',
    author: (u) => u.members[3],
    title: 'Rebuilding trust with my kids',
    body: 'My daughter still checks on me a lot. I understand why, but it hurts.',
    replies: [{ author: (u) => u.members[0], body: 'Same here. Consistency over time is what worked for us.' }],
  },
  {
    category: 'relapse-prevention',
    author: (u) => u.coordinator,
    title: 'Your warning signs list',
    body: 'Share one early warning sign you watch for, and what you do when you notice it.',
    replies: [
      { author: (u) => u.members[1], body: 'Skipping meals and isolating. When I notice, I go to a meeting that day.' },
    ],
  },
  {
    category: 'general',
    author: (u) => u.members[0],
    title: 'Best cheap workout ideas?',
    body: 'Looking for things to fill evenings that do not cost much.',
    replies: [{ author: (u) => u.members[2], body: 'Buy my old kettlebell, text me at 312-555-0134.' }],
  },
];

/** A seed person acts as themself: they carry every field of a signed-in user. */
const as = (p: SeedPerson): AuthUser => ({
  id: p.id,
  role: p.role,
  isMentor: p.isMentor,
  displayName: p.displayName,
  timeZone: p.timeZone,
});

export interface DiscussionSeedDeps {
  ds: DataSource;
  discussions: DiscussionsService;
  moderation: ModerationService;
}

/** Threads with replies in each seeded category, and a reported post waiting in the queue. */
export async function seedDiscussions(
  { ds, discussions, moderation }: DiscussionSeedDeps,
  { users }: SeedContext,
): Promise<void> {
  if (users.members.length < 4 || users.mentors.length < 2) return;
  if (await ds.getRepository(Thread).exists({ where: { title: THREADS[0].title } })) return; // seeded before
  const coordinator = as(users.coordinator);
  const categories = new Map((await ds.getRepository(Category).find()).map((c) => [c.slug, c.id]));
  // Demo posts are approved as a coordinator would, except the one sharing a phone number.
  const approve = async (postId: string, status: PostStatus, body: string) => {
    if (status === PostStatus.PENDING_REVIEW && !/\d{3}-\d{4}/.test(body)) {
      await moderation.moderatePost(coordinator, {
        postId,
        action: ModerationAction.APPROVE,
        reason: 'Welcome to the community.',
      });
    }
  };
  let reported: { postId: string } | null = null;
  for (const spec of THREADS) {
    const created = await discussions.posting.createThread(as(spec.author(users)), {
      categoryId: categories.get(spec.category) ?? null,
      title: spec.title,
      body: spec.body,
    });
    await approve(created.post.id, created.post.status, spec.body);
    let previous = created.post.id;
    for (const r of spec.replies) {
      const { post } = await discussions.posting.replyToThread(as(r.author(users)), {
        threadId: created.thread.id,
        body: r.body,
        parentPostId: r.toPrevious ? previous : null,
      });
      await approve(post.id, post.status, r.body);
      previous = post.id;
    }
    if (spec.category === 'family') reported = { postId: previous };
  }
  const reporter = users.members.find((m) => m.id !== users.members[0].id);
  if (reported && reporter) {
    await moderation.reportPost(as(reporter), {
      postId: reported.postId,
      reason: ReportReason.TRIGGERING_CONTENT,
      note: 'Might be hard to read for some of us.',
    });
  }
  const pinned = await ds.getRepository(Thread).findOneByOrFail({ title: 'Your warning signs list' });
  await moderation.pinThread(coordinator, { threadId: pinned.id, pinned: true, reason: 'Monthly prompt' });
}
