import { Field, ID, Int, ObjectType } from 'type-graphql';
import { InvitationView } from '../accounts/accounts.types';
import { Sobriety } from '../sobriety/sobriety.types';
import { AllyStatus } from './allies.enums';

@ObjectType({ description: 'Someone you invited as an ally, as you see them.' })
export class Ally {
  @Field(() => ID, { description: 'Opaque identifier; removeAlly takes it.' })
  id: string;

  @Field({ description: 'The address the invitation went to.' })
  email: string;

  @Field({ description: 'How you named them ("my sister"); shown to you alone.' })
  relationship: string;

  @Field(() => String, { nullable: true, description: 'Their display name once they joined; null before.' })
  displayName: string | null;

  @Field(() => AllyStatus, { description: 'Invited, or joined.' })
  status: AllyStatus;

  @Field({ description: 'When you invited them.' })
  invitedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When they joined; null before.' })
  joinedAt: Date | null;
}

@ObjectType({ description: 'What you share with your allies. Nothing until you say so.' })
export class AllySharingView {
  @Field({ description: 'Your sobriety date, days and milestones, and celebrations of new milestones as they come.' })
  milestones: boolean;

  @Field({ description: 'Your daily check-in streak (the number of days only, never a check-in).' })
  checkInStreak: boolean;
}

/** The member as their ally sees them: built by the allies module, never a User. */
export class AlliedMemberSource {
  memberId: string;
  allyId: string;
  displayName: string;
  timeZone: string;
  milestones: boolean;
  checkInStreak: boolean;
}

@ObjectType({ description: 'The member who invited you, with only what they share with allies.' })
export class AlliedMember {
  @Field({ description: 'Their display name.' })
  displayName: string;

  @Field(() => Sobriety, { nullable: true, description: 'Their sobriety, when they share milestones with allies.' })
  sobriety?: Sobriety | null;

  @Field(() => Int, { nullable: true, description: 'Their check-in streak in days, when they share it with allies.' })
  checkInStreak?: number | null;
}

@ObjectType({ description: 'Your tie to the member who invited you as their ally.' })
export class AllyOf {
  @Field(() => AlliedMember, { description: 'The member.' })
  member: AlliedMemberSource;

  @Field({ description: 'Since when you are their ally.' })
  since: Date;
}

@ObjectType({ description: 'Result of inviteAlly: the invitation, with its code to pass on.' })
export class InvitationPayload {
  @Field(() => InvitationView, { description: 'The invitation (role ALLY), with its single-use code.' })
  invitation: InvitationView;
}

@ObjectType({ description: 'Result of removeAlly.' })
export class RemoveAllyPayload {
  @Field(() => ID, { description: 'The ally removed.' })
  allyId: string;

  @Field({ description: 'True: the tie has ended, their sessions and sockets with it.' })
  removed: boolean;
}

@ObjectType({ description: 'Result of shareWithAllies.' })
export class ShareWithAlliesPayload {
  @Field(() => AllySharingView, { description: 'What you share with your allies now.' })
  sharing: AllySharingView;
}
