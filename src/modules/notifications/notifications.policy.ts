import { sql, type Sql } from '../../core/sql';

/** Where a message names its actor. */
export const ACTOR = '{actor}';

/** Who a message names when its actor is unknown. */
const NOBODY = 'Someone';

/**
 * The sentence as the member reads it: the actor's current name in place of `{actor}`.
 * Names are never stored in a notification, so a renamed or deleted member (shown as
 * "Former member") is named as they are now.
 */
export function renderMessage(message: string, actorName: string | null): string {
  return message.split(ACTOR).join(actorName ?? NOBODY);
}

/** `renderMessage` in SQL, for the member's data export; a test checks that the two agree. */
export function renderMessageSql(message: Sql, actorName: Sql): Sql {
  return sql`replace(${message}, ${ACTOR}::text, coalesce(${actorName}, ${NOBODY}::text))`;
}
