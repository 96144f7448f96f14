import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './core/auth';
import type { PubSub } from './core/pubsub';
import { DateTimeScalar } from './core/scalars';
import { AuthResolver } from './modules/accounts/auth.resolver';
import { InvitationResolver } from './modules/accounts/invitation.resolver';
import { UserResolver } from './modules/accounts/user.resolver';
import { NotificationResolver } from './modules/notifications/notification.resolver';
import { DiscussionResolver, PostResolver, ThreadResolver } from './modules/discussions/discussions.resolver';
import { ModerationItemResolver, ModerationLogEntryResolver, ModerationResolver, PostReportResolver } from './modules/moderation/moderation.resolver';
import { MEETING_RESOLVERS } from './modules/meetings/meetings.resolvers';
import { MENTORING_RESOLVERS } from './modules/mentoring/mentoring.resolvers';
import {
  CongratulationResolver,
  MilestoneResolver,
  SobrietyAccessResolver,
  SobrietyFieldsResolver,
  SobrietyJourneyResolver,
  SobrietyResolver,
  SobrietyUserResolver,
} from './modules/sobriety/sobriety.resolver';
import { PrivacyResolver } from './modules/privacy/privacy.resolver';

/** Every resolver class of the API. A test checks that each operation declares its access rule. */
export const resolvers: NonEmptyArray<Function> = [AuthResolver, UserResolver, InvitationResolver, NotificationResolver, SobrietyResolver, SobrietyFieldsResolver, SobrietyJourneyResolver, MilestoneResolver, CongratulationResolver, SobrietyAccessResolver, SobrietyUserResolver, ...MEETING_RESOLVERS, DiscussionResolver, ThreadResolver, PostResolver, ModerationResolver, ModerationItemResolver, PostReportResolver, ModerationLogEntryResolver, ...MENTORING_RESOLVERS, PrivacyResolver];

/** Each root operation and the rule that guards it: `PUBLIC`, `SIGNED_IN`, or role rules. */
export function operationRules(): Record<string, string> {
  const storage = getMetadataStorage();
  const rules: Record<string, string> = {};
  const add = (kind: string, handlers: Array<{ schemaName: string; roles?: unknown[] }>) => {
    for (const h of handlers) {
      rules[`${kind}.${h.schemaName}`] = h.roles === undefined ? 'UNDECLARED' : h.roles.length === 0 ? 'SIGNED_IN' : h.roles.join('|');
    }
  };
  add('Query', storage.queries);
  add('Mutation', storage.mutations);
  add('Subscription', storage.subscriptions);
  return rules;
}

export function buildOnwardSchema(pubSub: PubSub): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers,
    pubSub,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  const undeclared = Object.entries(operationRules()).filter(([, rule]) => rule === 'UNDECLARED');
  if (undeclared.length) {
    throw new Error(`operations without an access rule: ${undeclared.map(([op]) => op).join(', ')}`);
  }
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted, so that diffs stay readable. */
export function printOnwardSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
