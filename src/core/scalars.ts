import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant, ISO-8601. Output is always UTC (`2026-05-01T17:00:00.000Z`); input must carry
 * its offset so that no server time zone is ever assumed. Strings are accepted on output
 * too, because events that crossed Redis arrive as JSON.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in time, ISO-8601 with an offset on input and in UTC on output.',
  serialize(value) {
    const d = toDate(value);
    if (!d) throw new GraphQLError('DateTime cannot represent this value.');
    return d.toISOString();
  },
  parseValue(value) {
    const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? toDate(value) : null;
    if (!date)
      throw new GraphQLError('DateTime must be an ISO-8601 string with an offset, such as 2026-05-01T19:00:00-05:00.');
    return date;
  },
  parseLiteral(ast) {
    const date = ast.kind === Kind.STRING && ISO_DATE_TIME.test(ast.value) ? toDate(ast.value) : null;
    if (!date)
      throw new GraphQLError('DateTime must be an ISO-8601 string with an offset, such as 2026-05-01T19:00:00-05:00.');
    return date;
  },
});

/** Checks a calendar date string `YYYY-MM-DD`, including the day existing in that month. */
export function isLocalDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A calendar date with no time or zone, `YYYY-MM-DD`, carried as a string end to end. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD, with no time of day and no time zone.',
  serialize(value) {
    if (typeof value === 'string' && isLocalDate(value)) return value;
    throw new GraphQLError('LocalDate cannot represent this value.');
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isLocalDate(value)) {
      throw new GraphQLError('LocalDate must be a real calendar date written YYYY-MM-DD.');
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isLocalDate(ast.value)) {
      throw new GraphQLError('LocalDate must be a real calendar date written YYYY-MM-DD.');
    }
    return ast.value;
  },
});

/** True when the name is an IANA time zone this runtime knows (`America/Chicago`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) && name !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
