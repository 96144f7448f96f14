import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { LocalDateScalar } from '../../core/scalars';
import { Congratulation } from './congratulation.entity';
import { Milestone } from './milestone.entity';
import { SobrietyAccess } from './sobriety-access.entity';
import { SobrietyJourney } from './sobriety-journey.entity';
import { SobrietyAccessReason, Visibility } from './sobriety.enums';

@ObjectType({ description: 'A milestone still ahead.' })
export class UpcomingMilestone {
  @Field({ description: 'Such as "90 days" or "2 years".' })
  label: string;

  @Field(() => LocalDateScalar, { description: "The date it will be reached, in the member's time zone." })
  date: string;
}

/**
 * A member's current sobriety as one viewer may see it. Built only after the policy
 * allowed the read; `audit` says whether reading its fields must be recorded.
 */
@ObjectType({ description: "A member's current sobriety journey, as the viewer may see it." })
export class Sobriety {
  journey: SobrietyJourney;
  memberId: string;
  /** The member's calendar date now. */
  today: string;
  isSelf: boolean;
  audit: { viewerId: string; reason: SobrietyAccessReason } | null;

  @Field(() => LocalDateScalar, { description: 'The sobriety date.' })
  date: string;

  @Field(() => Int, { description: "Whole days since the sobriety date, on the member's calendar." })
  days: number;

  @Field(() => Visibility, { description: 'Who may see it.' })
  visibility: Visibility;

  @Field(() => [Milestone], { description: 'Milestones reached on this journey, oldest first.' })
  milestones: Milestone[];

  @Field(() => UpcomingMilestone, { description: 'The next milestone ahead.' })
  nextMilestone: UpcomingMilestone;

  @Field(() => [SobrietyJourney], {
    nullable: true,
    description: 'Every journey, newest first, past ones included. Only for the member.',
  })
  journeys: SobrietyJourney[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Whether milestones are celebrated in others' feeds. Only for the member.",
  })
  announceMilestones: boolean | null;
}

@ObjectType({ description: 'Result of setSobrietyDate.' })
export class SobrietyPayload {
  @Field(() => Sobriety, { description: 'Your sobriety, as you see it.' })
  sobriety: Sobriety;
}

@ObjectType({ description: 'Result of setMilestoneAnnouncements.' })
export class SetMilestoneAnnouncementsPayload {
  @Field({ description: "Whether your milestones are now celebrated in others' feeds." })
  enabled: boolean;
}

@ObjectType({ description: 'Result of congratulate.' })
export class CongratulatePayload {
  @Field(() => Congratulation, { description: 'The congratulations sent.' })
  congratulation: Congratulation;
}

export const MilestoneConnection = Connection(Milestone);
export const SobrietyAccessConnection = Connection(SobrietyAccess);
