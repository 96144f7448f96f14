import {
  getNamedType,
  isLeafType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { createInProcessPubSub } from '../../src/core/pubsub';
import { buildOnwardSchema } from '../../src/schema';

/** The API's schema, as the field walks read it. */
export const schema = buildOnwardSchema(createInProcessPubSub());

export function objectType(name: string): GraphQLObjectType {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
  return type;
}

function args(f: GraphQLField<unknown, unknown>): string {
  return f.args.some((a) => a.name === 'first') ? '(first: 5)' : '';
}

/**
 * A selection of every field of `type`, descending `depth` levels into the types in
 * `walked`; other object fields are selected as `__typename`, pages as their count.
 */
export function selection(type: GraphQLOutputType, depth: number, walked: ReadonlySet<string>): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const fields = named.getFields();
  if (fields.edges && fields.totalCount) return '{ totalCount edges { node { __typename } } }';
  if (depth === 0 || !walked.has(named.name)) return '{ __typename }';
  return `{ ${Object.values(fields)
    .map((f) => `${f.name}${args(f)} ${selection(f.type, depth - 1, walked)}`)
    .join(' ')} }`;
}

/** Present means a value with data in it: not null, not an empty list or page. */
export function present(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && 'totalCount' in value) return (value as { totalCount: number }).totalCount > 0;
  return true;
}

/** Fields of the walked types that have no rule, and rules for fields that are gone. */
export function unruled(rules: Record<string, Record<string, unknown>>): string[] {
  const missing: string[] = [];
  for (const [typeName, typeRules] of Object.entries(rules)) {
    const fields = objectType(typeName).getFields();
    for (const field of Object.keys(fields)) if (!typeRules[field]) missing.push(`${typeName}.${field}`);
    for (const field of Object.keys(typeRules)) if (!fields[field]) missing.push(`${typeName}.${field} (gone)`);
  }
  return missing;
}
