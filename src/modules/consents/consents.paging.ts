import type { ConnectionResult } from '../../core/pagination';
import { lazyEdge } from '../../core/pagination';

/**
 * A page from rows fetched with `LIMIT first + 1` after the cursor, in order. `count` runs
 * only when a client asks for `totalCount`. For keyset queries written in SQL, where
 * `paginate` (query builders only) does not fit.
 */
export function pageOf<T>(
  rows: readonly T[],
  first: number,
  cursorOf: (row: T) => unknown[],
  count: () => Promise<number>,
): ConnectionResult<T> {
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const edges = nodes.map((node) => lazyEdge(node, () => cursorOf(node)));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      return count();
    },
  };
}
