import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { MentorMatch } from './mentor-match.entity';
import { MentorProfile } from './mentor-profile.entity';
import { MentorRequest } from './mentor-request.entity';
import { ScorePart, UnmatchedReason } from './mentoring.enums';

@ObjectType({ description: 'A focus area a mentor can offer and a mentee can ask for.' })
export class FocusAreaOption {
  @Field({ description: 'The code to send.' })
  code: string;

  @Field({ description: 'The name to show.' })
  label: string;
}

@ObjectType({ description: 'One named part of a match score.' })
export class ScoreReasonView {
  @Field(() => ScorePart, { description: 'Which part.' })
  part: ScorePart;

  @Field(() => Int, { description: 'Points it adds.' })
  points: number;

  @Field({ description: 'Why, in words.' })
  detail: string;
}

@ObjectType({ description: 'A mentor who could be proposed for a request, with the reasons for their score.' })
export class MentorCandidate {
  @Field(() => User, { description: 'The mentor.' })
  mentor: User;

  @Field(() => Int, { description: 'The sum of the points of `reasons`.' })
  score: number;

  @Field(() => [ScoreReasonView], { description: 'The parts of the score.' })
  reasons: ScoreReasonView[];
}

@ObjectType({ description: 'Result of upsertMentorProfile.' })
export class MentorProfilePayload {
  @Field(() => MentorProfile, { description: 'The profile.' })
  profile: MentorProfile;
}

@ObjectType({ description: 'Result of approveMentor.' })
export class ApproveMentorPayload {
  @Field(() => User, { description: 'The member, now a mentor.' })
  user: User;

  @Field(() => MentorProfile, { description: 'Their profile.' })
  profile: MentorProfile;
}

@ObjectType({ description: 'Result of requestMentor.' })
export class MentorRequestPayload {
  @Field(() => MentorRequest, { description: 'The request, with the proposed match when a mentor was found.' })
  request: MentorRequest;
}

@ObjectType({ description: 'Result of proposeMatch, respondToMatch and endMatch.' })
export class MatchPayload {
  @Field(() => MentorMatch, { description: 'The match.' })
  match: MentorMatch;
}

@ObjectType({ description: 'A request a matching round could not place, and why.' })
export class UnmatchedRequest {
  @Field(() => MentorRequest, { description: 'The request, still waiting.' })
  request: MentorRequest;

  @Field(() => UnmatchedReason, { description: 'Why.' })
  reason: UnmatchedReason;
}

@ObjectType({ description: 'Result of runMatchingRound.' })
export class MatchingRoundPayload {
  @Field(() => [MentorMatch], { description: 'The matches proposed by this round.' })
  proposed: MentorMatch[];

  @Field(() => [UnmatchedRequest], { description: 'Waiting requests it could not place.' })
  unmatched: UnmatchedRequest[];
}

@ObjectType({ description: 'A mentor and their current load, for coordinators.' })
export class MentorLoad {
  @Field(() => User, { description: 'The mentor.' })
  mentor: User;

  @Field(() => MentorProfile, { nullable: true, description: 'Their profile; null when they have none.' })
  profile: MentorProfile | null;

  @Field(() => Int, { description: 'Active matches.' })
  activeCount: number;

  @Field(() => Int, { description: 'Proposals waiting for their answer.' })
  proposedCount: number;

  @Field(() => Int, { description: 'Active matches flagged for coordinator review.' })
  reviewCount: number;
}

export const MentorMatchConnection = Connection(MentorMatch);
export const MentorRequestConnection = Connection(MentorRequest);
export const MentorLoadConnection = Connection(MentorLoad);
