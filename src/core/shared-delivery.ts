import {
  Kind,
  OperationTypeNode,
  createSourceEventStream,
  execute,
  getNamedType,
  getOperationAST,
  isObjectType,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { AuthUser } from './auth';

/** The field extension a subscription declares its sharing rule under. */
export const SHARED_DELIVERY = 'sharedDelivery';

/**
 * How one event of a subscription may be rendered once for many receivers. Receivers whose
 * `key` is equal see the same value of every field listed in `fields`, for the same document
 * and variables; a document that selects anything else is executed once per receiver.
 */
export interface SharedDelivery<E> {
  key(viewer: AuthUser, event: E): string;
  /** Per output type, the fields whose value depends only on the event and the key. */
  fields: Readonly<Record<string, readonly string[]>>;
}

/** The extensions of a subscription field that shares its events (`@Extensions(sharedDelivery(...))`). */
export function sharedDelivery<E>(rule: SharedDelivery<E>): Record<string, unknown> {
  return { [SHARED_DELIVERY]: rule };
}

/** Whether every field `selection` reaches on `type` is one the rule lists (fragments followed). */
function withinRule(
  rule: SharedDelivery<never>,
  type: GraphQLObjectType,
  selection: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  for (const s of selection.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === '__typename') continue;
      if (!rule.fields[type.name]?.includes(s.name.value)) return false;
      if (!s.selectionSet) continue;
      const fieldType = getNamedType(type.getFields()[s.name.value]?.type);
      if (!isObjectType(fieldType) || !withinRule(rule, fieldType, s.selectionSet, fragments)) return false;
    } else {
      const fragment = s.kind === Kind.FRAGMENT_SPREAD ? fragments.get(s.name.value) : s;
      if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name)) return false;
      if (!withinRule(rule, type, fragment.selectionSet, fragments)) return false;
    }
  }
  return true;
}

/** The rule a subscription document may be shared under, or null when it must run per receiver. */
function ruleOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): SharedDelivery<never> | null {
  const operation = getOperationAST(document, operationName);
  const root = schema.getSubscriptionType();
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION || !root) return null;
  const [field, ...more] = operation.selectionSet.selections;
  if (more.length || field?.kind !== Kind.FIELD || !field.selectionSet) return null;
  const rule = root.getFields()[field.name.value]?.extensions?.[SHARED_DELIVERY] as SharedDelivery<never> | undefined;
  const type = getNamedType(root.getFields()[field.name.value]?.type);
  if (!rule || !isObjectType(type)) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return withinRule(rule, type, field.selectionSet, fragments) ? rule : null;
}

/** Maps an event stream, passing `return` straight to the source so that a closed subscription ends at once. */
function mapEvents<T, U>(source: AsyncIterable<T>, fn: (value: T) => Promise<U>): AsyncGenerator<U> {
  const it = source[Symbol.asyncIterator]();
  const map = async (r: IteratorResult<T>): Promise<IteratorResult<U>> =>
    r.done ? { value: undefined, done: true } : { value: await fn(r.value), done: false };
  const mapped = {
    next: () => it.next().then(map),
    return: () => (it.return ? it.return().then(map) : Promise.resolve({ value: undefined, done: true as const })),
    throw: (err: unknown) => (it.throw ? it.throw(err).then(map) : Promise.reject(err)),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/**
 * graphql-js's `subscribe`, except that an event is executed once per (document, variables,
 * sharing key) on this instance, and that one result is sent to every receiver with that key.
 * Documents outside their subscription's rule, and subscriptions without one, run per receiver.
 */
export function sharingSubscribe(
  viewerOf: (context: unknown) => AuthUser | null,
  onRender: (shared: boolean) => void = () => undefined,
) {
  const rules = new WeakMap<DocumentNode, { rule: SharedDelivery<never> | null; id: number }>();
  const rendered = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  let documents = 0;
  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    let known = rules.get(args.document);
    if (!known) {
      known = { rule: ruleOf(args.schema, args.document, args.operationName), id: ++documents };
      rules.set(args.document, known);
    }
    const { rule, id } = known;
    const variables = JSON.stringify(args.variableValues ?? {});
    return mapEvents(stream, async (payload: unknown) => {
      const viewer = viewerOf(args.contextValue);
      if (!rule || !viewer || typeof payload !== 'object' || payload === null) {
        onRender(false);
        return execute({ ...args, rootValue: payload });
      }
      const key = `${id}\u0000${variables}\u0000${rule.key(viewer, payload as never)}`;
      let forEvent = rendered.get(payload);
      if (!forEvent) rendered.set(payload, (forEvent = new Map<string, Promise<ExecutionResult>>()));
      let result = forEvent.get(key);
      if (!result) {
        onRender(true);
        forEvent.set(key, (result = Promise.resolve(execute({ ...args, rootValue: payload }))));
      }
      return result;
    });
  };
}
