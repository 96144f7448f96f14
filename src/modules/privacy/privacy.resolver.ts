import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import { DeleteMyAccountInput, DeleteMyAccountPayload, MyDataExport } from './privacy.types';

@Resolver()
@SignedIn()
export class PrivacyResolver {
  @Query(() => MyDataExport, { description: 'Download everything Onward holds about you.' })
  async exportMyData(@Ctx() ctx: Context): Promise<MyDataExport> {
    return { generatedAt: new Date(), data: await ctx.services.privacy.exportData(ctx.viewer!) };
  }

  @Mutation(() => DeleteMyAccountPayload, {
    description:
      'Delete your account: personal data and sobriety history are erased, your seats go to those waiting, matches end, and your posts stay as "Former member". Your email can join again later.',
  })
  async deleteMyAccount(@Arg('input', () => DeleteMyAccountInput) input: DeleteMyAccountInput, @Ctx() ctx: Context): Promise<DeleteMyAccountPayload> {
    await ctx.services.privacy.deleteAccount(ctx.viewer!, input.password);
    return { deleted: true };
  }
}
