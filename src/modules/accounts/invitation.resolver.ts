import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Coordinators } from '../../core/auth';
import type { Context } from '../../core/context';
import { CreateInvitationInput } from './accounts.inputs';
import { CreateInvitationPayload } from './accounts.types';

@Resolver()
@Coordinators()
export class InvitationResolver {
  @Mutation(() => CreateInvitationPayload, {
    description: 'Invite someone by email. The code is single-use, expires, and is shown only here.',
  })
  async createInvitation(
    @Arg('input', () => CreateInvitationInput) input: CreateInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<CreateInvitationPayload> {
    return { invitation: await ctx.services.accounts.createInvitation(ctx.viewer!, input) };
  }
}
