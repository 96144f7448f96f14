const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs: anything else is unknown (NOT_FOUND or null), never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
