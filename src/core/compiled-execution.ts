import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getNamedType,
  GraphQLError,
  isInputObjectType,
  OperationTypeNode,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery as JitQuery } from 'graphql-jit';

type CompiledQuery = JitQuery<Record<string, unknown>, Record<string, unknown>>;

/**
 * Whether an operation may run compiled (graphql-jit) rather than through graphql-js. Only
 * queries, and only with variables of scalar and enum types: graphql-jit coerces input objects
 * differently (a non-null field with a default is refused when omitted; a variable omitted
 * inside a literal becomes null instead of absent), and mutations run once per document anyway.
 */
export function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type as never);
    return type !== undefined && !isInputObjectType(getNamedType(type));
  });
}

/** True when every variable without a default in the document was sent: see `compilable`. */
function allVariablesSent(operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  return (operation.variableDefinitions ?? []).every(
    (v) => v.defaultValue !== undefined || variables[v.variable.name.value] !== undefined,
  );
}

/**
 * Apollo Server's executor: read queries through a compiled form of their document, made
 * once per document and operation and kept in a bounded cache; everything else, and any
 * request the compiled form might treat differently, through graphql-js. Variables are always
 * coerced by graphql-js first, so their errors and defaults are exactly graphql-js's.
 * Apollo Server offers no executor hook besides the gateway interface, so this is a gateway
 * over the local schema.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  options: { maxDocuments?: number; onRun?: (compiled: boolean) => void } = {},
): GatewayInterface {
  const maxDocuments = options.maxDocuments ?? 500;
  // null: the document does not qualify; kept so it is not examined again.
  const cache = new Map<string, CompiledQuery | null>();

  const compiledFor = (
    key: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    name: string | null,
  ) => {
    if (cache.has(key)) {
      const hit = cache.get(key) ?? null;
      // Least recently used goes first: move a hit to the end.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    let made: CompiledQuery | null = null;
    if (compilable(schema, operation)) {
      const result = compileQuery<Record<string, unknown>, Record<string, unknown>>(
        schema,
        document,
        name ?? undefined,
      );
      made = isCompiledQuery(result) ? result : null;
    }
    if (cache.size >= maxDocuments) cache.delete(cache.keys().next().value as string);
    cache.set(key, made);
    return made;
  };

  const executor: GatewayExecutor = async (request) => {
    const variables = request.request.variables ?? {};
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    const compiled = compiledFor(key, request.document, request.operation, request.operationName);
    if (!compiled || !allVariablesSent(request.operation, variables)) {
      options.onRun?.(false);
      return execute({
        schema,
        document: request.document,
        contextValue: request.context,
        variableValues: variables,
        operationName: request.operationName,
      });
    }
    const coerced = getVariableValues(schema, request.operation.variableDefinitions ?? [], variables, {
      maxErrors: 50,
    });
    if (coerced.errors) return { errors: coerced.errors };
    options.onRun?.(true);
    const result = (await compiled.query(undefined, request.context, variables)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(plainError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors are frozen look-alikes; plugins (graphql-armor's suggestion masking)
 * rewrite messages in place, so each becomes a graphql-js error with the same content.
 */
function plainError(e: GraphQLError): GraphQLError {
  const out = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: e.extensions,
  });
  Object.assign(out, { locations: e.locations });
  return out;
}
