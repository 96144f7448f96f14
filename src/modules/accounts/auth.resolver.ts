import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { AlliesToo, Public, SignedIn } from '../../core/auth';
import type { Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import type { AccountsService } from './accounts.service';
import type { UserLoader } from './user.loaders';
import { LogInInput, SignUpInput } from './accounts.inputs';
import { AuthPayload } from './accounts.types';
import { toAuthUser } from './accounts.service';
import { User } from './user.entity';

/** The rest of this response is read by the person who just proved who they are. */
function signIn(ctx: Context, user: User, sessionId: string): void {
  ctx.viewer = toAuthUser(user);
  ctx.sessionId = sessionId;
}

@Resolver()
@SignedIn()
export class AuthResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: LoaderKey<UserLoader>,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Create an account with an invitation code; signs in at once.' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { token, user, sessionId } = await this.accounts.signUp(input);
    signIn(ctx, user, sessionId);
    return { token, viewer: user };
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Sign in. Repeated failures are slowed down per account and per address.',
  })
  async logIn(@Arg('input', () => LogInInput) input: LogInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { token, user, sessionId } = await this.accounts.logIn(input, ctx.ip);
    signIn(ctx, user, sessionId);
    return { token, viewer: user };
  }

  @AlliesToo()
  @Mutation(() => Boolean, {
    description: 'End this session: its token stops working everywhere, open sockets included.',
  })
  async logOut(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.sessionId && ctx.viewer ? this.accounts.logOut(ctx.sessionId, ctx.viewer.id) : false;
  }

  @Public()
  @Query(() => User, { nullable: true, description: 'The signed-in person, or null when anonymous.' })
  async viewer(@Ctx() ctx: Context): Promise<User | null> {
    return ctx.viewer ? this.accounts.viewerRecord(ctx.viewer.id, (id) => ctx.loaders.get(this.users).load(id)) : null;
  }
}
