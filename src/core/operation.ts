import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The root fields an operation selects, once per selection: `{ a: rsvp … b: rsvp … }` is two.
 * Fragments and inline fragments at the root are followed; `__typename` is not a field.
 */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== '__typename') out.push(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else {
        const fragment = fragments.get(s.name.value);
        // A fragment spread twice at the root still selects its fields once.
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return out;
}

/**
 * A metrics label for an operation, from the schema's own names: the root field, or the
 * first of them and "+" when there are several. Client-chosen operation names are never
 * used, so the label set is bounded by the schema.
 */
export function operationLabel(fields: readonly string[]): string {
  if (!fields.length) return 'none';
  const distinct = [...new Set(fields)].sort();
  return distinct.length === 1 ? distinct[0] : `${distinct[0]}+`;
}
