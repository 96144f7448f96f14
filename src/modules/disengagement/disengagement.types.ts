import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { ConsentRecipientKind } from '../consents/consents.ports';

@ObjectType('DisengagementAlert', {
  description:
    'Your opt-in alert for going quiet: when on, the people you chose are told once per quiet spell (your name and the number of days, nothing else), and you are told it was sent.',
})
export class DisengagementAlertView {
  @Field({ description: 'Whether the alert is on.' })
  enabled: boolean;

  @Field(() => Int, {
    description: 'Days without a check-in, RSVP, attendance or sign-in after which the notice goes out (3 to 30).',
  })
  afterDays: number;

  @Field(() => [ConsentRecipientKind], {
    description:
      'Who is told; each needs a consent in effect with DISENGAGEMENT that reaches them when the notice goes out.',
  })
  notify: ConsentRecipientKind[];

  @Field(() => Date, { nullable: true, description: 'When the last notice went out; null if none has.' })
  lastSentAt: Date | null;
}

@ObjectType({ description: 'Result of setDisengagementAlert.' })
export class SetDisengagementAlertPayload {
  @Field(() => DisengagementAlertView, { description: 'Your alert as it now stands.' })
  disengagementAlert: DisengagementAlertView;
}

/** One member in the coordinators' view, with the consent that lets the coordinator see them. */
@ObjectType({
  description:
    'A member who consented to coordinators knowing when they need attention, and who has a reach-out still open or has gone quiet.',
})
export class MemberNeedingAttention {
  memberId: string;
  consentId: string;
  /** 0: a reach-out open or escalated; 1: quiet. Orders the list with `at`. */
  rank: number;
  at: Date;

  @Field(() => User, { nullable: true, description: 'The member (null if their account is gone since).' })
  member?: User | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the oldest of their reach-outs still open or escalated was sent; null if none is.',
  })
  openReachOutSince: Date | null;

  @Field({ description: 'Whether one of their open reach-outs escalated to every coordinator.' })
  reachOutEscalated: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'Their last check-in, RSVP, attendance or sign-in, when they have gone quiet; null otherwise.',
  })
  quietSince: Date | null;

  @Field(() => Int, { nullable: true, description: 'Whole days since then; null when they have not gone quiet.' })
  quietDays: number | null;
}

export const MemberNeedingAttentionConnection = Connection(MemberNeedingAttention);
