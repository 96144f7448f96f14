import { Role } from '../../core/auth';
import type { SeedContext } from '../../seed';
import { toAuthUser } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { ModerationAction, ReportReason } from '../moderation/moderation.enums';
import { Category } from './category.entity';
import { PostStatus } from './post-status.enum';
import { Thread } from './thread.entity';

interface SeedThread {
  category: string;
  author: (u: SeedContext['users']) => User;
  title: string;
  body: string;
  replies: Array<{ author: (u: SeedContext['users']) => User; body: string; toPrevious?: boolean }>;
}

const THREADS: SeedThread[] = [
  {
    category: 'introductions',
    author: (u) => u.members[0],
    title: 'Hi, I just finished the IOP',
    body: 'Graduated last Friday. Nervous about keeping the structure going on my own. Glad this group exists.',
    replies: [
      { author: (u) => u.mentors[0], body: 'Welcome! The first weeks after IOP are the hardest. Come to the Tuesday alumni meeting.' },
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
    replies: [{ author: (u) => u.members[1], body: 'Skipping meals and isolating. When I notice, I go to a meeting that day.' }],
  },
  {
    category: 'general',
    author: (u) => u.members[0],
    title: 'Best cheap workout ideas?',
    body: 'Looking for things to fill evenings that do not cost much.',
    replies: [{ author: (u) => u.members[2], body: 'Buy my old kettlebell, text me at 312-555-0134.' }],
  },
];

/** Threads with replies in each seeded category, and a reported post waiting in the queue. */
export async function seedDiscussions(ctx: SeedContext): Promise<void> {
  const { services, ds, users } = ctx;
  if (users.members.length < 4 || users.mentors.length < 2) return;
  if (await ds.getRepository(Thread).exists({ where: { title: THREADS[0].title } })) return; // seeded before
  const coordinator = toAuthUser(users.coordinator);
  const categories = new Map((await ds.getRepository(Category).find()).map((c) => [c.slug, c.id]));
  // Demo posts are approved as a coordinator would, except the one sharing a phone number.
  const approve = async (postId: string, status: PostStatus, body: string) => {
    if (status === PostStatus.PENDING_REVIEW && !/\d{3}-\d{4}/.test(body)) {
      await services.moderation.moderatePost(coordinator, { postId, action: ModerationAction.APPROVE, reason: 'Welcome to the community.' });
    }
  };
  let reported: { postId: string } | null = null;
  for (const spec of THREADS) {
    const author = spec.author(users);
    const created = await services.discussions.createThread(toAuthUser(author), {
      categoryId: categories.get(spec.category) ?? null,
      title: spec.title,
      body: spec.body,
    });
    await approve(created.post.id, created.post.status, spec.body);
    let previous = created.post.id;
    for (const r of spec.replies) {
      const { post } = await services.discussions.replyToThread(toAuthUser(r.author(users)), {
        threadId: created.thread.id,
        body: r.body,
        parentPostId: r.toPrevious ? previous : null,
      });
      await approve(post.id, post.status, r.body);
      previous = post.id;
    }
    if (spec.category === 'family') reported = { postId: previous };
  }
  if (reported) {
    const reporter = users.members.find((m) => m.role === Role.MEMBER && m.id !== users.members[0].id)!;
    await services.moderation.reportPost(toAuthUser(reporter), {
      postId: reported.postId,
      reason: ReportReason.TRIGGERING_CONTENT,
      note: 'Might be hard to read for some of us.',
    });
  }
  await services.moderation.pinThread(coordinator, {
    threadId: (await ds.getRepository(Thread).findOneByOrFail({ title: 'Your warning signs list' })).id,
    pinned: true,
    reason: 'Monthly prompt',
  });
}
