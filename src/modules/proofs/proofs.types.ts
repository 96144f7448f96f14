import { Field, ID, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../core/scalars';

@ObjectType({ description: 'One opening of a proof link. Nothing of whoever opened it is kept.' })
export class AttendanceProofCheck {
  @Field({ description: 'When the link was opened.' })
  at: Date;

  @Field({ description: 'False when it was opened after it was revoked or expired, and showed nothing.' })
  shown: boolean;
}

@ObjectType({
  description:
    'A link that shows anyone holding it your display name and the dates and titles of the meetings you were checked in to in a range of dates, and nothing else.',
})
export class AttendanceProof {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id: string;

  @Field(() => LocalDateScalar, { description: 'First day of the range.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the range, included.' })
  to: string;

  @Field(() => String, { nullable: true, description: 'Your own name for the link; never shown to whoever opens it.' })
  label: string | null;

  @Field({ description: 'When the link stops working.' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When you revoked it; null while it stands.' })
  revokedAt: Date | null;

  @Field({ description: 'When you made it.' })
  createdAt: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'The link to hand over. Shown only in the result of createAttendanceProof: only a hash of it is kept, so it cannot be shown again.',
  })
  url: string | null;

  @Field(() => [AttendanceProofCheck], { description: 'Every opening of the link, newest first (the latest 100).' })
  checks: AttendanceProofCheck[];
}

@ObjectType({ description: 'Result of createAttendanceProof and revokeAttendanceProof.' })
export class AttendanceProofPayload {
  @Field(() => AttendanceProof, { description: 'The proof link.' })
  proof: AttendanceProof;
}
