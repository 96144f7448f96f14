import type { Sql } from './sql';

/**
 * One module's record of when members were last active (a check-in, an RSVP, a sign-in), for
 * features that ask who has gone quiet without reading other modules' tables themselves.
 */
export interface ActivitySource {
  /**
   * SQL giving rows `(user_id uuid, at timestamptz)`: for each member of `members` (a query
   * returning one column of user ids) that the module has a record of, when they were last
   * active in it. Sources compose with UNION ALL.
   */
  latestOf(members: Sql): Sql;
}

/** The rows an `ActivitySource` gives. */
export interface ActivityRow {
  user_id: string;
  at: Date;
}
