import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import { User } from '../accounts/user.entity';
import { CreateAttendanceProofInput, RevokeAttendanceProofInput } from './proofs.inputs';
import type { ProofsService } from './proofs.service';
import { AttendanceProof, AttendanceProofPayload } from './proofs.types';

@Resolver()
@SignedIn()
export class ProofsResolver {
  constructor(private readonly proofs: ProofsService) {}

  @Mutation(() => AttendanceProofPayload, {
    description:
      'Make a link for a third party (a court, an employer) that shows your display name and the dates and titles of the meetings you were checked in to in the range, and nothing else. It expires (at most 180 days), you can revoke it, and every opening is shown to you.',
  })
  async createAttendanceProof(
    @Arg('input', () => CreateAttendanceProofInput) input: CreateAttendanceProofInput,
    @Ctx() ctx: Context,
  ): Promise<AttendanceProofPayload> {
    return { proof: await this.proofs.create(viewerOf(ctx), input) };
  }

  @Mutation(() => AttendanceProofPayload, {
    description: 'Stop a proof link working, at once: whoever opens it then learns only that it was revoked.',
  })
  async revokeAttendanceProof(
    @Arg('input', () => RevokeAttendanceProofInput) input: RevokeAttendanceProofInput,
    @Ctx() ctx: Context,
  ): Promise<AttendanceProofPayload> {
    return { proof: await this.proofs.revoke(viewerOf(ctx), input.proofId) };
  }
}

/** Proof links on User: only your own. */
@Resolver(() => User)
@SignedIn()
export class ProofsUserResolver {
  constructor(private readonly proofs: ProofsService) {}

  @FieldResolver(() => [AttendanceProof], {
    nullable: true,
    description: 'Your proof links, newest first (the latest 100), with every opening; null on anyone else.',
  })
  attendanceProofs(@Root() user: User, @Ctx() ctx: Context): Promise<AttendanceProof[]> | null {
    if (ctx.viewer?.id !== user.id) return null;
    return this.proofs.proofsOf(user.id);
  }
}
