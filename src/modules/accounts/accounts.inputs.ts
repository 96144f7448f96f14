import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../../core/auth';

@InputType({ description: 'Invite someone to join the network.' })
export class CreateInvitationInput {
  @Field({ description: 'Where the invitation goes; the person signs up with this address.' })
  @MaxLength(254)
  email: string;

  @Field(() => Role, { defaultValue: Role.MEMBER, description: 'Only admins may invite coordinators or admins.' })
  role: Role = Role.MEMBER;
}

@InputType({ description: 'Join the network with an invitation code.' })
export class SignUpInput {
  @Field({ description: 'The code from the invitation.' })
  @Length(1, 200)
  invitationCode: string;

  @Field({ description: 'The invited email address (any case).' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'At least 10 characters, not a common password.' })
  password: string;

  @Field({ description: 'The name shown to others; it need not be a real name.' })
  @Length(1, 60)
  displayName: string;

  @Field({ description: 'IANA time zone, such as America/Chicago.' })
  @MaxLength(64)
  timeZone: string;
}

@InputType({ description: 'Sign in with email and password.' })
export class LogInInput {
  @Field({ description: 'Email address, any case.' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'Password.' })
  @MaxLength(256)
  password: string;
}

@InputType({ description: 'Suspend a member for a while.' })
export class SuspendUserInput {
  @Field(() => ID, { description: 'Who.' })
  userId: string;

  @Field(() => Date, { description: 'Until when; must be in the future.' })
  until: Date;

  @Field({ description: 'Why, kept in the record and shown to the member when they try to sign in.' })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: "End a member's suspension now." })
export class LiftSuspensionInput {
  @Field(() => ID, { description: 'Who.' })
  userId: string;

  @Field({ description: 'Why it ends early, kept in the moderation log.' })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: 'Stop seeing someone, and never be matched with them.' })
export class BlockUserInput {
  @Field(() => ID, { description: 'Who.' })
  userId: string;
}

@InputType({ description: 'See someone again after blocking them.' })
export class UnblockUserInput {
  @Field(() => ID, { description: 'Who.' })
  userId: string;
}

@InputType({ description: 'Change your own profile.' })
export class UpdateProfileInput {
  @Field({ nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 60)
  displayName?: string;

  @Field({ nullable: true, description: 'New IANA time zone.' })
  @IsOptional()
  @MaxLength(64)
  timeZone?: string;
}
