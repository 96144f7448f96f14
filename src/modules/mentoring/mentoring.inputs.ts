import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../core/pagination';
import { MAX_AVAILABILITY_SLOTS, MAX_BIO_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH } from './mentoring.constants';
import { MatchStatus, MentorRequestStatus } from './mentoring.enums';

@InputType({ description: 'A weekly window of availability, in your time zone.' })
export class AvailabilitySlotInput {
  @Field(() => Int, { description: 'ISO weekday: 1 is Monday, 7 is Sunday.' })
  weekday: number;

  @Field({ description: 'Start, HH:mm.' })
  startTime: string;

  @Field({ description: 'End, HH:mm, after the start; 24:00 for midnight.' })
  endTime: string;
}

@InputType({ description: 'Create or change your mentor profile. A coordinator approves it before you are matched.' })
export class UpsertMentorProfileInput {
  @Field({ description: 'A few words about yourself, up to 2000 characters.' })
  @MaxLength(MAX_BIO_LENGTH)
  bio: string;

  @Field(() => [String], { description: 'Focus area codes (see `mentorFocusAreas`), at least one.' })
  @ArrayMaxSize(30)
  focusAreas: string[];

  @Field(() => [String], { description: 'ISO 639-1 codes of the languages you mentor in, at least one.' })
  @ArrayMaxSize(20)
  languages: string[];

  @Field(() => Int, { description: 'How many mentees at once, 1 to 10.' })
  capacity: number;

  @Field({
    description:
      'False to take no new mentees for now (the same pause as `setAcceptingMentees`): proposals waiting for your answer go to other mentors.',
  })
  acceptingMentees: boolean;

  @Field(() => [AvailabilitySlotInput], {
    nullable: true,
    description: 'Weekly availability in your time zone; none when left out.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_AVAILABILITY_SLOTS)
  availability?: AvailabilitySlotInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Gender code (WOMAN, MAN, NON_BINARY, SELF_DESCRIBED); shown only to coordinators. Leave out to not say.',
  })
  @IsOptional()
  gender?: string | null;
}

@InputType({ description: 'Pause or resume taking new mentees.' })
export class SetAcceptingMenteesInput {
  @Field({
    description:
      'False to pause: no new proposals, and those waiting for your answer go to other mentors; your active matches go on. True to take new mentees again.',
  })
  acceptingMentees: boolean;
}

@InputType({ description: 'Approve a member as a peer mentor.' })
export class ApproveMentorInput {
  @Field(() => ID, { description: 'The member.' })
  userId: string;
}

@InputType({ description: 'Ask for a peer mentor.' })
export class RequestMentorInput {
  @Field(() => [String], { description: 'Focus area codes you would like help with.' })
  @ArrayMaxSize(30)
  focusAreas: string[];

  @Field(() => [String], { description: 'ISO 639-1 codes of languages you speak.' })
  @ArrayMaxSize(20)
  languages: string[];

  @Field({ defaultValue: '', description: 'What you would like a mentor to know; your mentor sees it.' })
  @MaxLength(MAX_NOTE_LENGTH)
  note: string = '';

  @Field({ defaultValue: false, description: 'Only mentors of your gender; then give `gender`.' })
  sameGenderOnly: boolean = false;

  @Field({ defaultValue: false, description: 'Only mentors who speak one of `languages`.' })
  requireLanguage: boolean = false;

  @Field(() => String, {
    nullable: true,
    description: 'Your gender code, used only to honour `sameGenderOnly`; never shown to mentors.',
  })
  @IsOptional()
  gender?: string | null;

  @Field(() => [AvailabilitySlotInput], {
    nullable: true,
    description: 'When you are free each week, in your time zone; left out or empty means waking hours.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_AVAILABILITY_SLOTS)
  availability?: AvailabilitySlotInput[] | null;
}

@InputType({ description: 'Propose a mentor for a waiting request.' })
export class ProposeMatchInput {
  @Field(() => ID, { description: 'The request.' })
  requestId: string;

  @Field(() => ID, { description: 'The mentor.' })
  mentorId: string;
}

@InputType({ description: 'Answer a proposal made to you as a mentor.' })
export class RespondToMatchInput {
  @Field(() => ID, { description: 'The proposed match.' })
  matchId: string;

  @Field({ description: 'True to accept, false to decline.' })
  accept: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why you decline; kept for coordinators, never shown to the mentee.',
  })
  @IsOptional()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string | null;
}

@InputType({ description: 'End an active match.' })
export class EndMatchInput {
  @Field(() => ID, { description: 'The match.' })
  matchId: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, for coordinators; the other side is told kindly, without it.',
  })
  @IsOptional()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string | null;
}

@ArgsType()
export class MentorMatchesArgs extends ConnectionArgs {
  @Field(() => MatchStatus, { nullable: true, description: 'Only matches in this status.' })
  status?: MatchStatus | null;
}

@ArgsType()
export class MentorRequestsArgs extends ConnectionArgs {
  @Field(() => MentorRequestStatus, {
    nullable: true,
    defaultValue: MentorRequestStatus.WAITING,
    description: 'Only requests in this status (default WAITING).',
  })
  status?: MentorRequestStatus | null = MentorRequestStatus.WAITING;
}
