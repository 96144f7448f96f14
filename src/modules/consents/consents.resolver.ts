import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Public, SignedIn } from '../../core/auth';
import { viewerOf, type Context } from '../../core/context';
import type { LoaderKey } from '../../core/loaders';
import { ConnectionArgs } from '../../core/pagination';
import { User } from '../accounts/user.entity';
import { loadExistingUser, type UserLoader } from '../accounts/user.loaders';
import { Consent } from './consent.entity';
import { ConsentStatus } from './consents.enums';
import { ConsentsArgs, GiveConsentInput, RevokeConsentInput } from './consents.inputs';
import type { ConsentLoaders } from './consents.loaders';
import { consentStatus } from './consents.policy';
import type { ConsentsService } from './consents.service';
import {
  AccessRecord,
  AccessRecordConnection,
  ConsentConnection,
  ConsentPayload,
  ConsentRecipient,
} from './consents.types';

/** Members are anonymised, never removed: a user a row points at always exists. */
@Resolver()
@SignedIn()
export class ConsentsResolver {
  constructor(private readonly service: ConsentsService) {}

  @Mutation(() => ConsentPayload, {
    description:
      'Share some of your data with your mentor, coordinators or one person: what, for what purpose, until when. Every read under it is recorded in your `accessLog`.',
  })
  async giveConsent(
    @Arg('input', () => GiveConsentInput) input: GiveConsentInput,
    @Ctx() ctx: Context,
  ): Promise<ConsentPayload> {
    return { consent: await this.service.giveConsent(viewerOf(ctx), input) };
  }

  @Mutation(() => ConsentPayload, {
    description:
      'Revoke a consent you gave. It takes effect at once, open subscriptions included; revoking it again changes nothing.',
  })
  async revokeConsent(
    @Arg('input', () => RevokeConsentInput) input: RevokeConsentInput,
    @Ctx() ctx: Context,
  ): Promise<ConsentPayload> {
    return { consent: await this.service.revokeConsent(viewerOf(ctx), input.consentId) };
  }
}

@Resolver(() => Consent)
@SignedIn()
export class ConsentResolver {
  constructor(
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<ConsentLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'The member who gave it: whose data it shares.' })
  member(@Root() c: Consent, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, c.memberId);
  }

  @FieldResolver(() => ConsentRecipient, { description: 'Who it shares with.' })
  async recipient(@Root() c: Consent, @Ctx() ctx: Context): Promise<ConsentRecipient> {
    const userId = await ctx.loaders.get(this.loaders).recipient.load(c);
    return Object.assign(new ConsentRecipient(), { kind: c.recipientKind, userId });
  }

  @FieldResolver(() => ConsentStatus, { description: 'Whether it is in effect now, expired or revoked.' })
  status(@Root() c: Consent): ConsentStatus {
    return consentStatus(c, new Date());
  }
}

@Resolver(() => ConsentRecipient)
@SignedIn()
export class ConsentRecipientResolver {
  constructor(private readonly users: LoaderKey<UserLoader>) {}

  @FieldResolver(() => User, {
    nullable: true,
    description:
      "The person it reaches now: the one named (USER), or the member's mentor in an ACTIVE match (MENTOR, null while there is none); null for COORDINATORS.",
  })
  user(@Root() r: ConsentRecipient, @Ctx() ctx: Context): Promise<User | null> | null {
    return r.userId ? ctx.loaders.get(this.users).load(r.userId) : null;
  }
}

@Resolver(() => AccessRecord)
@SignedIn()
export class AccessRecordResolver {
  constructor(
    private readonly users: LoaderKey<UserLoader>,
    private readonly loaders: LoaderKey<ConsentLoaders>,
  ) {}

  @FieldResolver(() => User, { description: 'Who read it; a member who has left shows as "Former member".' })
  accessor(@Root() a: AccessRecord, @Ctx() ctx: Context): User | Promise<User> {
    return loadExistingUser(ctx, this.users, a.accessorId);
  }

  @FieldResolver(() => Consent, {
    nullable: true,
    description: 'The consent it was read under; null for sobriety reads, which your sobriety visibility allows.',
  })
  consent(@Root() a: AccessRecord, @Ctx() ctx: Context): Promise<Consent | null> | null {
    return a.consentId ? ctx.loaders.get(this.loaders).consent.load(a.consentId) : null;
  }
}

/** Consent fields on User: only ever for the person themself. */
@Resolver(() => User)
@SignedIn()
export class ConsentsUserResolver {
  constructor(private readonly service: ConsentsService) {}

  @Public()
  @FieldResolver(() => ConsentConnection, {
    nullable: true,
    description: 'Consents you gave, newest first, revoked and expired ones too. Only for yourself.',
  })
  consents(@Root() user: User, @Args(() => ConsentsArgs) args: ConsentsArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.given(ctx.viewer, args);
  }

  @Public()
  @FieldResolver(() => ConsentConnection, {
    nullable: true,
    description:
      'What others share with you now: consents in effect that reach you (as the person named, their active mentor, or a coordinator), newest first. Only for yourself.',
  })
  consentsReceived(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.received(ctx.viewer, args);
  }

  @Public()
  @FieldResolver(() => AccessRecordConnection, {
    nullable: true,
    description:
      'Who read your data, newest first: each read of your sobriety by your mentor or a coordinator, and each read under a consent you gave. Only for yourself.',
  })
  accessLog(@Root() user: User, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    if (!ctx.viewer || ctx.viewer.id !== user.id) return null;
    return this.service.accessLog(ctx.viewer, args);
  }
}
