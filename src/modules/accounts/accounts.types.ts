import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth';
import { User } from './user.entity';

@ObjectType({ description: 'A new session: send the token as `Authorization: Bearer <token>`.' })
export class AuthPayload {
  @Field({ description: 'Bearer token for this session. Keep it secret.' })
  token: string;

  @Field(() => User, { description: 'The signed-in person.' })
  viewer: User;
}

@ObjectType({ description: 'An invitation as its creator sees it, once.' })
export class InvitationView {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id: string;

  @Field({ description: 'The single-use code to pass on; it is not shown again.' })
  code: string;

  @Field({ description: 'Who may use it.' })
  email: string;

  @Field(() => Role, { description: 'The role the new account gets.' })
  role: Role;

  @Field({ description: 'When the code stops working.' })
  expiresAt: Date;
}

@ObjectType({ description: 'Result of createInvitation.' })
export class CreateInvitationPayload {
  @Field(() => InvitationView, { description: 'The invitation, with its code.' })
  invitation: InvitationView;
}

@ObjectType({ description: 'Result of suspendUser.' })
export class SuspendUserPayload {
  @Field(() => User, { description: 'The suspended member.' })
  user: User;

  @Field({ description: 'When the suspension ends.' })
  until: Date;
}

@ObjectType({ description: 'Result of liftSuspension.' })
export class LiftSuspensionPayload {
  @Field(() => User, { description: 'The member, no longer suspended: they can sign in again.' })
  user: User;
}

@ObjectType({ description: 'Result of blockUser and unblockUser.' })
export class BlockUserPayload {
  @Field(() => ID, { description: 'The person blocked or unblocked.' })
  userId: string;

  @Field({ description: 'True while the block stands.' })
  blocked: boolean;
}

@ObjectType({ description: 'Result of updateProfile.' })
export class UpdateProfilePayload {
  @Field(() => User, { description: 'The updated profile.' })
  user: User;
}
