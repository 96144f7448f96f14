import { types } from 'pg';

/**
 * Faster text parsers for the two types every list page reads many of. Each takes a fast path
 * only for the plain form PostgreSQL sends for ordinary values, and hands anything else to
 * pg's own parser; a test checks both agree on values PostgreSQL itself produced.
 */

type TypeId = Parameters<typeof types.getTypeParser>[0];
const TIMESTAMPTZ = 1184 as TypeId;
const TEXT_ARRAY = 1009 as TypeId;

// 2026-11-29 09:35:43.123+00: a four-digit year from 1000, whole-minute offset. V8 reads this
// form as PostgreSQL means it; years before 1000, BC, infinity and second offsets go to pg.
const PLAIN_TIMESTAMPTZ = /^[1-9]\d{3}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/;

const pgTimestamptz = types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => unknown;
const pgTextArray = types.getTypeParser(TEXT_ARRAY, 'text') as (value: string) => unknown;

/** pg's own parsers, which ours fall back to and must agree with. */
export const pgParsers = { timestamptz: pgTimestamptz, textArray: pgTextArray };

export function parseTimestamptz(value: string): unknown {
  return PLAIN_TIMESTAMPTZ.test(value) ? new Date(value) : pgTimestamptz(value);
}

// {A,B,C}: no quotes, escapes or nesting; PostgreSQL quotes any element that needs it.
const PLAIN_ARRAY = /^\{[^"\\{}]*\}$/;

export function parseTextArray(value: string): unknown {
  if (!PLAIN_ARRAY.test(value)) return pgTextArray(value);
  if (value === '{}') return [];
  // An unquoted NULL is SQL NULL; the text 'NULL' would have come quoted.
  return value
    .slice(1, -1)
    .split(',')
    .map((e) => (e === 'NULL' ? null : e));
}

/** Installs the parsers for every pg connection of the process (pg's type registry is global; idempotent). */
export function installTypeParsers(): void {
  types.setTypeParser(TIMESTAMPTZ, parseTimestamptz);
  types.setTypeParser(TEXT_ARRAY, parseTextArray);
}
