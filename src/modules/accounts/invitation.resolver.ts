import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Coordinators } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { AccountsService } from './accounts.service';
import { CreateInvitationInput } from './accounts.inputs';
import { CreateInvitationPayload } from './accounts.types';

@Resolver()
@Coordinators()
export class InvitationResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Mutation(() => CreateInvitationPayload, {
    description: 'Invite someone by email. The code is single-use, expires, and is shown only here.',
  })
  async createInvitation(
    @Arg('input', () => CreateInvitationInput) input: CreateInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<CreateInvitationPayload> {
    return { invitation: await this.accounts.createInvitation(viewerOf(ctx), input) };
  }
}
