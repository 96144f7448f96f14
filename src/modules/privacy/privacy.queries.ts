import type { DataSource, EntityManager } from 'typeorm';
import type { DataLocation } from '../../core/module';
import { exec, rows, sql } from '../../core/sql';

interface JsonRow {
  row: Record<string, unknown>;
}

/**
 * One place's rows of a member as JSON, less the omitted columns. `to_jsonb` keeps
 * PostgreSQL's own spelling: dates stay YYYY-MM-DD, times carry their offset.
 */
export async function exportRows(
  ds: DataSource,
  place: Pick<DataLocation, 'table' | 'column' | 'omit' | 'exportWhere' | 'exportExtra'>,
  userId: string,
) {
  const found = await rows<JsonRow>(
    ds,
    sql`SELECT (to_jsonb(x) - ${place.omit ?? []}::text[]) || ${place.exportExtra ?? sql`'{}'::jsonb`} AS row FROM ${sql.ident(place.table)} x
         WHERE x.${sql.ident(place.column)} = ${userId} AND (${place.exportWhere ?? sql`true`})`,
  );
  return found.map((r) => r.row);
}

export function deleteRows(
  em: EntityManager,
  place: Pick<DataLocation, 'table' | 'column'>,
  userId: string,
): Promise<number> {
  return exec(em, sql`DELETE FROM ${sql.ident(place.table)} WHERE ${sql.ident(place.column)} = ${userId}`);
}
