import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './core/auth';
import type { PubSub } from './core/pubsub';
import { DateTimeScalar } from './core/scalars';
import { freshenFor, type Context } from './core/context';
import { normaliseText } from './core/input';
import { validateArgument } from './core/validation';
import { RESOLVERS } from './modules';

/** Each root operation and the rule that guards it: `PUBLIC`, `SIGNED_IN`, or role rules. */
export function operationRules(): Record<string, string> {
  const storage = getMetadataStorage();
  const rules: Record<string, string> = {};
  const add = (kind: string, handlers: Array<{ schemaName: string; roles?: unknown[] }>) => {
    for (const h of handlers) {
      rules[`${kind}.${h.schemaName}`] =
        h.roles === undefined ? 'UNDECLARED' : h.roles.length === 0 ? 'SIGNED_IN' : h.roles.join('|');
    }
  };
  add('Query', storage.queries);
  add('Mutation', storage.mutations);
  add('Subscription', storage.subscriptions);
  return rules;
}

export function buildOnwardSchema(pubSub: PubSub, resolvers: readonly Function[] = RESOLVERS): GraphQLSchema {
  resolvePlainFieldsDirectly();
  const schema = buildSchemaSync({
    resolvers: resolvers as NonEmptyArray<Function>,
    // Resolver instances come from the composition the request belongs to.
    container: ({ context }: { context: Context }) => context.resolvers,
    pubSub,
    authChecker,
    authMode: 'error',
    validateFn: (value) => validateArgument(value),
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  freshenSubscriptionEvents(schema);
  normaliseRootArguments(schema);
  const undeclared = Object.entries(operationRules()).filter(([, rule]) => rule === 'UNDECLARED');
  if (undeclared.length) {
    throw new Error(`operations without an access rule: ${undeclared.map(([op]) => op).join(', ')}`);
  }
  return schema;
}

/**
 * A field with no access rule and no middleware is a property read: let graphql-js read it
 * as it does by default, instead of through type-graphql's per-field wrapper (hundreds per list page).
 * Fields with a rule (`@Authorized` on the field) keep their wrapper, so the rule still runs.
 * A field whose value may be a promise says `simple: false`: read queries run compiled
 * (core/compiled-execution.ts), and the compiled form reads resolver-less fields as plain values.
 */
function resolvePlainFieldsDirectly(): void {
  for (const field of getMetadataStorage().fields) {
    const plain = !field.roles && !field.middlewares?.length && field.name === field.schemaName;
    if (plain && field.simple === undefined) field.simple = true;
  }
}

/** Each subscription event is delivered with a context brought up to date for it. */
async function* freshEvents(source: AsyncIterable<unknown>, context: Context): AsyncGenerator<unknown> {
  for await (const event of source) {
    await freshenFor(context, event);
    yield event;
  }
}

function freshenSubscriptionEvents(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const { subscribe } = field;
    if (!subscribe) continue;
    field.subscribe = async (source, args, context: Context, info) => {
      const events: unknown = await subscribe(source, args, context, info);
      return isAsyncIterable(events) ? freshEvents(events, context) : events;
    };
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Every operation's arguments go through the one text normaliser before its resolver runs. */
function normaliseRootArguments(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.args.length) continue;
      const { resolve, subscribe } = field;
      if (resolve) field.resolve = (source, args, context, info) => resolve(source, normaliseText(args), context, info);
      if (subscribe)
        field.subscribe = (source, args, context, info) => subscribe(source, normaliseText(args), context, info);
    }
  }
}

/** The SDL committed in schema/schema.graphql: sorted, so that diffs stay readable. */
export function printOnwardSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
