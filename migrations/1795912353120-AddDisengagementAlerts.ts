import { MigrationInterface, QueryRunner } from 'typeorm';

/** Enum values this migration adds, by type: `down` removes exactly these and keeps any others. */
const ADDED_VALUES: Record<string, { values: string[]; columns: Array<[table: string, column: string]> }> = {
  moderation_log_action: { values: ['ATTENTION_READ'], columns: [['moderation_log', 'action']] },
  notification_kind: {
    values: ['DISENGAGEMENT_NOTICE', 'DISENGAGEMENT_NOTICE_SENT'],
    columns: [['notifications', 'kind']],
  },
};

export class AddDisengagementAlerts1795912353120 implements MigrationInterface {
  name = 'AddDisengagementAlerts1795912353120';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "disengagement_alerts" ("member_id" uuid NOT NULL, "enabled" boolean NOT NULL, "after_days" smallint NOT NULL, "notify" text array NOT NULL, "enabled_since" TIMESTAMP(3) WITH TIME ZONE, "last_sent_at" TIMESTAMP(3) WITH TIME ZONE, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_disengagement_alerts_after_days" CHECK ("after_days" BETWEEN 3 AND 30), CONSTRAINT "PK_de55f6c358806b9cccc47475e1d" PRIMARY KEY ("member_id"))`,
    );
    for (const [type, { values }] of Object.entries(ADDED_VALUES))
      for (const v of values) await queryRunner.query(`ALTER TYPE "public"."${type}" ADD VALUE '${v}'`);
    await queryRunner.query(
      `ALTER TABLE "disengagement_alerts" ADD CONSTRAINT "FK_de55f6c358806b9cccc47475e1d" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Rows that use the values go first; then each type is rebuilt from the values it holds
    // now, less this migration's, so that values other migrations added stay.
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind"::text = ANY($1)`, [
      ADDED_VALUES.notification_kind.values,
    ]);
    await queryRunner.query(`DELETE FROM "moderation_log" WHERE "action"::text = ANY($1)`, [
      ADDED_VALUES.moderation_log_action.values,
    ]);
    for (const [type, { values, columns }] of Object.entries(ADDED_VALUES)) {
      const kept = (
        (await queryRunner.query(
          `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
          WHERE t.typname = $1 AND NOT (e.enumlabel = ANY($2)) ORDER BY e.enumsortorder`,
          [type, values],
        )) as Array<{ label: string }>
      ).map((r) => `'${r.label.replace(/'/g, "''")}'`);
      await queryRunner.query(`CREATE TYPE "public"."${type}_old" AS ENUM(${kept.join(', ')})`);
      for (const [table, column] of columns) {
        await queryRunner.query(
          `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."${type}_old" USING "${column}"::"text"::"public"."${type}_old"`,
        );
      }
      await queryRunner.query(`DROP TYPE "public"."${type}"`);
      await queryRunner.query(`ALTER TYPE "public"."${type}_old" RENAME TO "${type}"`);
    }
    await queryRunner.query(`ALTER TABLE "disengagement_alerts" DROP CONSTRAINT "FK_de55f6c358806b9cccc47475e1d"`);
    await queryRunner.query(`DROP TABLE "disengagement_alerts"`);
  }
}
