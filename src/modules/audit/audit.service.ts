import type { DataSource, EntityManager } from 'typeorm';
import type { ConnectionResult } from '../../core/pagination';
import type { Tx } from '../../core/outbox';
import type { ModerationLogAction, ModerationTarget } from './audit.enums';
import { insertLogEntries, insertLogEntry, logPage } from './audit.queries';
import type { ModerationLogEntry } from './moderation-log.entity';

/** The reason recorded when an action takes none (pinning without one, inviting, categories). */
export const NO_REASON = '(no reason given)';

/** One thing a coordinator (or the system) did, for the append-only log. */
export interface AuditEntry {
  /** Null when the system acted (reports reaching the threshold). */
  actorId: string | null;
  action: ModerationLogAction;
  targetType: ModerationTarget;
  targetId: string;
  reason: string;
  detail?: string | null;
}

/** The append-only moderation log: every module that moderates writes here. */
export class AuditLog {
  constructor(private readonly ds: DataSource) {}

  /** Appends in the caller's transaction, so the entry commits or rolls back with what it records. */
  append(on: Tx | EntityManager, entry: AuditEntry): Promise<ModerationLogEntry> {
    return insertLogEntry('outbox' in on ? on.em : on, { ...entry, detail: entry.detail ?? null });
  }

  /** Appends several entries in one statement, in the caller's transaction. */
  appendMany(on: Tx | EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    return insertLogEntries(
      'outbox' in on ? on.em : on,
      entries.map((e) => ({ ...e, detail: e.detail ?? null })),
    );
  }

  list(args: { first: number; after?: string | null }): Promise<ConnectionResult<ModerationLogEntry>> {
    return logPage(this.ds, args);
  }
}
