import {
  defaultFieldResolver,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { buildSchemaSync, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { authorize, declaredRules } from './core/auth';
import type { PubSub } from './core/pubsub';
import { DateTimeScalar } from './core/scalars';
import { freshenFor, type Context } from './core/context';
import { normaliseText } from './core/input';
import { validateArgument } from './core/validation';
import { RESOLVERS } from './modules';

function ruleName(roles: readonly string[]): string {
  return roles.length === 0 ? 'SIGNED_IN' : roles.join('|');
}

/** Each root operation and the rule that guards it: `PUBLIC`, `SIGNED_IN`, or role rules. */
export function operationRules(): Record<string, string> {
  const storage = getMetadataStorage();
  const rules: Record<string, string> = {};
  const add = (kind: string, handlers: Array<{ schemaName: string; target: Function; methodName: string }>) => {
    for (const h of handlers) {
      const roles = declaredRules(h.target, h.methodName);
      rules[`${kind}.${h.schemaName}`] = roles === undefined ? 'UNDECLARED' : ruleName(roles);
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
    // No authChecker: type-graphql would run each rule as an async middleware on every guarded
    // field of a page. applyAccessRules applies the declared rules (core/auth) synchronously.
    validateFn: (value) => validateArgument(value),
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  callFieldResolversDirectly(schema, resolvers);
  applyAccessRules(schema, resolvers);
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
 * A field with a declared access rule gets its check in front all the same (applyAccessRules).
 * A field whose value may be a promise says `simple: false`: read queries run compiled
 * (core/compiled-execution.ts), and the compiled form reads resolver-less fields as plain values.
 */
function resolvePlainFieldsDirectly(): void {
  for (const field of getMetadataStorage().fields) {
    const plain = !field.middlewares?.length && field.name === field.schemaName;
    if (plain && field.simple === undefined) field.simple = true;
  }
}

/** How a direct call reads one parameter of a field resolver; null where type-graphql must convert. */
type ParamReader = (root: unknown, context: Context, info: GraphQLResolveInfo) => unknown;

function paramReader(param: { kind: string; propertyName?: string; getType?: () => unknown }): ParamReader | null {
  const { propertyName } = param;
  switch (param.kind) {
    case 'root':
      // `@Root('field')` reads a property that type-graphql may convert: left to it.
      return propertyName ? null : (root) => root;
    case 'context':
      return propertyName
        ? (_root, context) => (context as unknown as Record<string, unknown>)[propertyName]
        : (_root, context) => context;
    case 'info':
      return (_root, _context, info) => info;
    default:
      return null;
  }
}

/**
 * A field resolver that takes only its parent, the context and `info` is called directly.
 * type-graphql's wrapper sorts the parameter list and builds arrays on every call: a sixth of
 * what a 50-row page allocated. Resolvers with arguments (converted and validated by
 * type-graphql) or middleware keep the wrapper, as does a parent that is not yet an instance
 * of its class (type-graphql converts it).
 */
function callFieldResolversDirectly(schema: GraphQLSchema, resolvers: readonly Function[]): void {
  const storage = getMetadataStorage();
  for (const r of storage.fieldResolvers) {
    if (r.kind !== 'external' || !resolvers.includes(r.target) || r.middlewares?.length) continue;
    const type = storage.objectTypes.find((o) => o.target === r.getObjectType?.());
    const built = type && schema.getType(type.name);
    const field = isObjectType(built) ? built.getFields()[r.schemaName] : undefined;
    const wrapped = field?.resolve;
    if (!field || !wrapped) continue;
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    const readers = params.map(paramReader);
    if (readers.some((read) => read === null) || readers.length > 3) continue;
    const rootParam = params.find((p) => p.kind === 'root');
    const rootType = rootParam && 'getType' in rootParam ? rootParam.getType : undefined;
    const [a, b, c] = readers as ParamReader[];
    const { target, methodName } = r;
    let parentClass: unknown;
    field.resolve = (root, args, context: Context, info) => {
      parentClass ??= rootType?.();
      if (typeof parentClass === 'function' && !(root instanceof parentClass))
        return wrapped(root, args, context, info);
      const resolver = context.resolvers.get(target) as Record<string, (...values: unknown[]) => unknown>;
      switch (readers.length) {
        case 0:
          return resolver[methodName]();
        case 1:
          return resolver[methodName](a(root, context, info));
        case 2:
          return resolver[methodName](a(root, context, info), b(root, context, info));
        default:
          return resolver[methodName](a(root, context, info), b(root, context, info), c(root, context, info));
      }
    };
  }
}

/** The rule each guarded schema field applies, by `Type.field`: what applyAccessRules did. */
const applied = new WeakMap<GraphQLSchema, Record<string, string>>();

/** Every guarded field of a built schema and its rule, in operationRules' notation. */
export function appliedRules(schema: GraphQLSchema): Record<string, string> {
  return { ...applied.get(schema) };
}

/**
 * Puts each declared rule (on a resolver class, a resolver or an object type's field) in front of
 * its field's resolver, and for subscriptions in front of `subscribe` as well: checked when a
 * client subscribes and again for every event, as the viewer may have changed since.
 */
function applyAccessRules(schema: GraphQLSchema, resolvers: readonly Function[]): void {
  const storage = getMetadataStorage();
  const rules: Record<string, string> = {};
  const guard = (typeName: string, field: GraphQLField<unknown, Context> | undefined, roles?: readonly string[]) => {
    if (!field || !roles) return;
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      authorize(context.viewer, roles);
      return resolve(source, args, context, info);
    };
    const { subscribe } = field;
    if (subscribe) {
      field.subscribe = (source, args, context, info) => {
        authorize(context.viewer, roles);
        return subscribe(source, args, context, info);
      };
    }
    rules[`${typeName}.${field.name}`] = ruleName(roles);
  };
  for (const [root, handlers] of [
    [schema.getQueryType(), storage.queries],
    [schema.getMutationType(), storage.mutations],
    [schema.getSubscriptionType(), storage.subscriptions],
  ] as const) {
    if (!root) continue;
    for (const h of handlers) {
      if (resolvers.includes(h.target))
        guard(root.name, root.getFields()[h.schemaName], declaredRules(h.target, h.methodName));
    }
  }
  // An object type's field: the rule of the resolver that serves it, else one declared on the property.
  const fieldRules = new Map<string, readonly string[]>();
  for (const type of storage.objectTypes) {
    // A field inherited from a class or an interface would need its rule looked up there too.
    const parent = Object.getPrototypeOf(type.target) as Function;
    if (type.interfaceClasses?.length || storage.objectTypes.some((o) => o.target === parent)) {
      throw new Error(`${type.name}: rules of inherited fields are not applied; extend applyAccessRules`);
    }
    for (const f of type.fields ?? []) {
      const roles = declaredRules(type.target, f.name);
      if (roles) fieldRules.set(`${type.name}.${f.schemaName}`, roles);
    }
  }
  for (const r of storage.fieldResolvers) {
    const type = storage.objectTypes.find((o) => o.target === r.getObjectType?.());
    const roles = declaredRules(r.target, r.methodName);
    if (type && roles && resolvers.includes(r.target)) fieldRules.set(`${type.name}.${r.schemaName}`, roles);
  }
  for (const [key, roles] of fieldRules) {
    const [typeName, fieldName] = key.split('.');
    const built = schema.getType(typeName);
    if (isObjectType(built)) guard(typeName, built.getFields()[fieldName], roles);
  }
  applied.set(schema, rules);
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
