import type { DataSource, EntityManager } from 'typeorm';
import { rows, sql } from '../../core/sql';
import type { ProvenMeeting } from './proofs.policy';

interface ProvenMeetingRow {
  date: string;
  title: string;
}

/**
 * Meetings the member was checked in to whose date, on the meeting's own calendar, falls in
 * the range: the date and title only, so nothing else can leak into a proof.
 */
export async function meetingsAttended(
  ds: DataSource,
  memberId: string,
  from: string,
  to: string,
): Promise<ProvenMeeting[]> {
  const found = await rows<ProvenMeetingRow>(
    ds,
    sql`SELECT to_char((m.starts_at AT TIME ZONE m.time_zone)::date, 'YYYY-MM-DD') AS date, m.title
          FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.user_id = ${memberId}
           AND (m.starts_at AT TIME ZONE m.time_zone)::date BETWEEN ${from}::date AND ${to}::date
         ORDER BY m.starts_at, m.id
         LIMIT 2000`,
  );
  return found.map((r) => ({ date: r.date, title: r.title }));
}

/** Locks the member's row: a member's own creations then run one at a time, so a cap holds. */
export async function lockMember(em: EntityManager, memberId: string): Promise<void> {
  await rows(em, sql`SELECT id FROM users WHERE id = ${memberId}::uuid FOR UPDATE`);
}

interface CheckRow {
  proof_id: string;
  at: Date;
  shown: boolean;
}

/** The latest openings of each of these proofs, newest first, at most `per` each. */
export async function checksOf(
  ds: DataSource,
  proofIds: readonly string[],
  per = 100,
): Promise<Map<string, Array<{ at: Date; shown: boolean }>>> {
  const found = await rows<CheckRow>(
    ds,
    sql`SELECT proof_id, at, shown FROM (
          SELECT c.*, row_number() OVER (PARTITION BY c.proof_id ORDER BY c.at DESC, c.id DESC) AS n
            FROM attendance_proof_checks c WHERE c.proof_id = ANY(${[...proofIds]}::uuid[])) x
         WHERE x.n <= ${per} ORDER BY x.at DESC, x.id DESC`,
  );
  const out = new Map<string, Array<{ at: Date; shown: boolean }>>();
  for (const r of found) {
    const list = out.get(r.proof_id) ?? [];
    list.push({ at: r.at, shown: r.shown });
    out.set(r.proof_id, list);
  }
  return out;
}
