import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call links are stored as the parsed, normalised URL (`new URL(raw).href`, https only) since
 * this release. Links stored before, as typed, are brought into that form, on one-off meetings,
 * occurrences and the series that make new occurrences; a stored value that is not an https
 * link at all is cleared. Data only: the schema does not change, and the old raw text is not
 * restored on the way down.
 */
export class NormaliseMeetingCallLinks1795903200000 implements MigrationInterface {
  name = 'NormaliseMeetingCallLinks1795903200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['meeting_series', 'meetings']) {
      const stored = (await queryRunner.query(
        `SELECT id, conference_url FROM "${table}" WHERE conference_url IS NOT NULL`,
      )) as Array<{ id: string; conference_url: string }>;
      for (const row of stored) {
        const link = normalised(row.conference_url);
        if (link !== row.conference_url) {
          await queryRunner.query(`UPDATE "${table}" SET conference_url = $1 WHERE id = $2`, [link, row.id]);
        }
      }
    }
  }

  public async down(): Promise<void> {
    // The raw text is gone on purpose: nothing to undo.
  }
}

/** As `callLink` in src/modules/meetings/meetings.fields.ts at the time of this migration. */
function normalised(raw: string): string | null {
  const text = raw.trim();
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'https:' || !url.hostname) return null;
  return url.href.length > 1000 ? null : url.href;
}
