import { registerEnumType } from 'type-graphql';

export enum PostStatus {
  VISIBLE = 'VISIBLE',
  PENDING_REVIEW = 'PENDING_REVIEW',
  HIDDEN = 'HIDDEN',
  REMOVED = 'REMOVED',
}

registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'Where a post stands in moderation.',
  valuesConfig: {
    VISIBLE: { description: 'Shown to every member.' },
    PENDING_REVIEW: { description: 'Waiting for a coordinator; seen only by its author and coordinators.' },
    HIDDEN: { description: 'Hidden pending review; its body is seen only by its author and coordinators.' },
    REMOVED: { description: 'Removed by a coordinator; its body is seen only by its author and coordinators.' },
  },
});
