import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors';
import { one, rows, sql, type Sql } from './sql';

@ObjectType({ description: 'Where a page of a connection stands.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` may be a lazy getter returning a promise. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/** Builds the Relay `XConnection` and `XEdge` types for a node type. Call once per type. */
export function Connection<T extends object>(node: ClassType<T>, name: string = node.name) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque position of this item.' })
    cursor: string;

    @Field(() => node, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more pages follow.' })
    pageInfo: PageInfo;

    // Often a lazy getter returning a promise: keeps a resolver, which the compiled executor
    // awaits (it reads resolver-less fields as plain values).
    @Field(() => Int, { simple: false, description: 'How many items the whole list holds.' })
    totalCount: number;
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  // Checked in validation.ts, without class-validator: this is on every list of every page.
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'Page size, 1 to 100.' })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export interface SortKey<T> {
  /** SQL expression, e.g. `n.created_at`. */
  column: string;
  direction: 'ASC' | 'DESC';
  /** Reads the key from a loaded row, for the cursor. */
  value: (row: T) => string | number | Date;
  /**
   * Cast of the cursor parameter in SQL. A `timestamptz` key must be a millisecond column
   * (`precision: 3`): cursors carry JavaScript dates, and microseconds would be lost.
   */
  cast?: 'timestamptz' | 'uuid' | 'int' | 'bigint' | 'text';
}

/** An edge whose cursor is encoded only if a client reads it: most pages ask only for `endCursor`. */
export function lazyEdge<T>(node: T, cursorValues: () => unknown[]): Edge<T> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      return (cursor ??= encodeCursor(cursorValues()));
    },
  };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString(
    'base64url',
  );
}

/** What one cursor value must look like before it reaches SQL. */
export type CursorKind = 'timestamptz' | 'uuid' | 'int' | 'number' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function fits(value: unknown, kind: CursorKind): boolean {
  switch (kind) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamptz':
      return typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && value.length <= 1000;
  }
}

/**
 * Reads a cursor made by `encodeCursor`, checking each value against the kind its SQL
 * expects, so that a forged cursor is a BAD_USER_INPUT and never a failed SQL cast.
 */
export function decodeCursor(cursor: string, kinds: readonly CursorKind[]): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === kinds.length && values.every((v, i) => fits(v, kinds[i]))) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new BadInputError('after', 'The cursor is not valid. Pass an endCursor returned by this list.');
}

/**
 * Keyset pagination over a query builder: stable under inserts, no OFFSET scans.
 * The last sort key must be unique (usually the id).
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: { first: number; after?: string | null },
  keys: SortKey<T>[],
): Promise<ConnectionResult<T>> {
  const countQuery = qb.clone();
  const page = qb.clone();
  if (args.after) {
    const values = decodeCursor(
      args.after,
      keys.map((k) => (k.cast === 'bigint' ? 'int' : (k.cast ?? 'text'))),
    );
    // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... , honouring each key's direction
    const ors: string[] = [];
    const params: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      const ands: string[] = [];
      for (let j = 0; j < i; j++) {
        ands.push(`${keys[j].column} = CAST(:cur${j} AS ${keys[j].cast ?? 'text'})`);
      }
      ands.push(`${key.column} ${key.direction === 'ASC' ? '>' : '<'} CAST(:cur${i} AS ${key.cast ?? 'text'})`);
      ors.push(`(${ands.join(' AND ')})`);
      params[`cur${i}`] = values[i];
    });
    page.andWhere(`(${ors.join(' OR ')})`, params);
  }
  keys.forEach((key, i) =>
    i === 0 ? page.orderBy(key.column, key.direction) : page.addOrderBy(key.column, key.direction),
  );
  page
    .take(undefined)
    .skip(undefined)
    .limit(args.first + 1);
  const rows = await page.getMany();
  const hasNextPage = rows.length > args.first;
  const nodes = hasNextPage ? rows.slice(0, args.first) : rows;
  const edges = nodes.map((node) => lazyEdge(node, () => keys.map((k) => k.value(node))));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    // A getter: the COUNT query runs only when a client asks for totalCount.
    get totalCount() {
      return countQuery.getCount();
    },
  };
}

/** A sort key of `paginateRows`: an SQL expression from code, and how to read it from a row. */
export interface RowSortKey<R> {
  column: Sql;
  direction: 'ASC' | 'DESC';
  value: (row: R) => string | number | Date;
  cast: 'timestamptz' | 'uuid' | 'int' | 'bigint' | 'text';
}

const CASTS = {
  timestamptz: sql`timestamptz`,
  uuid: sql`uuid`,
  int: sql`int`,
  bigint: sql`bigint`,
  text: sql`text`,
} as const;

/**
 * Keyset pagination over typed rows: `from` is everything after SELECT's columns up to the
 * conditions, ending in a WHERE clause (`FROM t WHERE …`, `WHERE true` for none); `columns` what each row holds. Rows are made into nodes by
 * `toNode` without an ORM in between: list pages are the hot path of every screen.
 */
export async function paginateRows<R, T>(
  db: Parameters<typeof rows>[0],
  query: { columns: Sql; from: Sql },
  args: { first: number; after?: string | null },
  keys: RowSortKey<R>[],
  toNode: (row: R) => T,
): Promise<ConnectionResult<T>> {
  let after = sql.empty;
  if (args.after) {
    const values = decodeCursor(
      args.after,
      keys.map((k) => (k.cast === 'bigint' ? 'int' : k.cast)),
    );
    // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... , honouring each key's direction
    const ors = keys.map((key, i) => {
      const ands = keys
        .slice(0, i)
        .map((k, j) => sql`${k.column} = CAST(${values[j]} AS ${CASTS[k.cast]})`)
        .concat(
          sql`${key.column} ${key.direction === 'ASC' ? sql`>` : sql`<`} CAST(${values[i]} AS ${CASTS[key.cast]})`,
        );
      return sql`(${sql.join(ands, ' AND ')})`;
    });
    after = sql` AND (${sql.join(ors, ' OR ')})`;
  }
  const order = sql.join(
    keys.map((k) => sql`${k.column} ${k.direction === 'ASC' ? sql`ASC` : sql`DESC`}`),
    ', ',
  );
  const found = await rows<R>(
    db,
    sql`SELECT ${query.columns} ${query.from}${after} ORDER BY ${order} LIMIT ${args.first + 1}`,
  );
  const hasNextPage = found.length > args.first;
  const page = hasNextPage ? found.slice(0, args.first) : found;
  const edges = page.map((row) => lazyEdge(toNode(row), () => keys.map((k) => k.value(row))));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    // A getter: the COUNT query runs only when a client asks for totalCount.
    get totalCount() {
      return one<{ n: number }>(db, sql`SELECT count(*)::int AS n ${query.from}`).then((r) => r?.n ?? 0);
    },
  };
}
