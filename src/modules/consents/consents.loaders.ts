import DataLoader from 'dataloader';
import type { Consent } from './consent.entity';
import type { ConsentScope } from './consents.enums';
import type { Viewer } from './consents.policy';
import type { NewAccessRecord } from './consents.queries';
import type { ConsentsService } from './consents.service';

export interface CoveringKey {
  viewer: Viewer;
  memberId: string;
  scope: ConsentScope;
}

export interface ConsentLoaders {
  /** The consent under which the viewer reads a member's data in a scope, or null: one statement per scope per tick. */
  covering: DataLoader<CoveringKey, string | null, string>;
  /** Records reads under consent: one INSERT per tick, one row per member, accessor and field per request. */
  access: DataLoader<NewAccessRecord, true, string>;
  consent: DataLoader<string, Consent | null>;
  /** The person a consent reaches now, by consent id: its named person, or the member's active mentor. */
  recipient: DataLoader<Consent, string | null, string>;
}

export function createConsentLoaders(consents: ConsentsService): ConsentLoaders {
  return {
    covering: new DataLoader(
      async (keys) => {
        const now = new Date();
        const groups = new Map<string, CoveringKey[]>();
        for (const k of keys) {
          const group = `${k.viewer.id}|${k.viewer.role}|${k.scope}`;
          groups.set(group, [...(groups.get(group) ?? []), k]);
        }
        const found = new Map<string, string>();
        for (const group of groups.values()) {
          const { viewer, scope } = group[0];
          const readable = await consents.readable(
            viewer,
            group.map((k) => k.memberId),
            scope,
            now,
          );
          for (const [memberId, consentId] of readable) found.set(`${viewer.id}|${memberId}|${scope}`, consentId);
        }
        return keys.map((k) => found.get(`${k.viewer.id}|${k.memberId}|${k.scope}`) ?? null);
      },
      { cacheKeyFn: (k) => `${k.viewer.id}|${k.viewer.role}|${k.memberId}|${k.scope}` },
    ),
    access: new DataLoader(
      async (records) => {
        await consents.recordAccess(records);
        return records.map(() => true as const);
      },
      { cacheKeyFn: (r) => `${r.accessorId}|${r.memberId}|${r.what}` },
    ),
    consent: new DataLoader(async (ids) => {
      const byId = new Map((await consents.consentsByIds(ids)).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    recipient: new DataLoader((list) => Promise.all(list.map((c) => consents.recipientUserId(c))), {
      cacheKeyFn: (c) => c.id,
    }),
  };
}
