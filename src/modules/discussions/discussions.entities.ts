import { ModerationItem } from '../moderation/moderation-item.entity';
import { ModerationLogEntry } from '../moderation/moderation-log.entity';
import { PostReport } from '../moderation/report.entity';
import { Category } from './category.entity';
import { PostEdit } from './post-edit.entity';
import { PostSupport } from './post-support.entity';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

/** Entities of discussions and moderation, for src/entities.ts. */
export const DISCUSSION_ENTITIES = [Category, Thread, Post, PostEdit, PostSupport, PostReport, ModerationItem, ModerationLogEntry];
