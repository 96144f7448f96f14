import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { AlliesToo } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { PrivacyService } from './privacy.service';
import { DeleteMyAccountInput, DeleteMyAccountPayload, MyDataExport } from './privacy.types';

/** Everyone's own data, allies' too: they may take it with them and leave. */
@Resolver()
@AlliesToo()
export class PrivacyResolver {
  constructor(private readonly service: PrivacyService) {}

  @Query(() => MyDataExport, { description: 'Download everything Onward holds about you.' })
  async exportMyData(@Ctx() ctx: Context): Promise<MyDataExport> {
    return { generatedAt: new Date(), data: await this.service.exportData(viewerOf(ctx)) };
  }

  @Mutation(() => DeleteMyAccountPayload, {
    description:
      'Delete your account: personal data and sobriety history are erased, your seats go to those waiting, matches end, and your posts stay as "Former member". Your email can join again later.',
  })
  async deleteMyAccount(
    @Arg('input', () => DeleteMyAccountInput) input: DeleteMyAccountInput,
    @Ctx() ctx: Context,
  ): Promise<DeleteMyAccountPayload> {
    await this.service.deleteAccount(viewerOf(ctx), input.password);
    return { deleted: true };
  }
}
