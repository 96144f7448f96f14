import { MigrationInterface, QueryRunner } from 'typeorm';

/** Enum values this migration adds, by type: `down` removes exactly these and keeps any others. */
const ADDED_VALUES: Record<string, { values: string[]; columns: Array<[table: string, column: string]> }> = {
  moderation_log_action: {
    values: ['REACH_OUT_ACKNOWLEDGE', 'REACH_OUT_CLOSE'],
    columns: [['moderation_log', 'action']],
  },
  moderation_target: { values: ['REACH_OUT'], columns: [['moderation_log', 'target_type']] },
  notification_kind: {
    values: ['REACH_OUT', 'REACH_OUT_ESCALATED', 'REACH_OUT_ACKNOWLEDGED'],
    columns: [['notifications', 'kind']],
  },
};

export class AddReachOutsAndSupportCircles1795904210000 implements MigrationInterface {
  name = 'AddReachOutsAndSupportCircles1795904210000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."reach_out_status" AS ENUM('OPEN', 'ACKNOWLEDGED', 'ESCALATED', 'CLOSED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "reach_outs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "message" text, "status" "public"."reach_out_status" NOT NULL DEFAULT 'OPEN', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "escalate_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_by_id" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c05c4fd1f4e98b43f22a5095ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reach_outs_escalate_at_open" ON "reach_outs"  ("escalate_at") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reach_outs_member_created" ON "reach_outs"  ("member_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."reach_out_recipient_reason" AS ENUM('MENTOR', 'SUPPORT_CIRCLE', 'ON_CALL', 'ESCALATION')`,
    );
    await queryRunner.query(
      `CREATE TABLE "reach_out_recipients" ("reach_out_id" uuid NOT NULL, "user_id" uuid NOT NULL, "reason" "public"."reach_out_recipient_reason" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6fdb46ca0032da8cde0d5aba3f" PRIMARY KEY ("reach_out_id", "user_id", "reason"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reach_out_recipients_user" ON "reach_out_recipients"  ("user_id", "reach_out_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "support_circle_members" ("member_id" uuid NOT NULL, "supporter_id" uuid NOT NULL, "position" smallint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_support_circle_not_self" CHECK ("member_id" <> "supporter_id"), CONSTRAINT "PK_498f1fb6508416fc882eaa4d358" PRIMARY KEY ("member_id", "supporter_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_support_circle_members_supporter" ON "support_circle_members"  ("supporter_id") `,
    );
    for (const [type, { values }] of Object.entries(ADDED_VALUES)) {
      for (const value of values) await queryRunner.query(`ALTER TYPE "public"."${type}" ADD VALUE '${value}'`);
    }
    await queryRunner.query(
      `ALTER TABLE "reach_outs" ADD CONSTRAINT "FK_9bd09b6522f7d2588ef464bfbb2" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reach_outs" ADD CONSTRAINT "FK_f645ab0ec4b87d160bc41357dab" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reach_outs" ADD CONSTRAINT "FK_b87a77c5b801520ab32abae8ba7" FOREIGN KEY ("closed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reach_out_recipients" ADD CONSTRAINT "FK_c7435518d0d2f1b8ef564a13465" FOREIGN KEY ("reach_out_id") REFERENCES "reach_outs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reach_out_recipients" ADD CONSTRAINT "FK_b96b257e7fdc8e53d7289298f56" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_circle_members" ADD CONSTRAINT "FK_cd910b8a223c4868224e6b9c605" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_circle_members" ADD CONSTRAINT "FK_b670e41fc9fb0f47f9f4b282848" FOREIGN KEY ("supporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Rows that use the values go first; then each type is rebuilt from the values it holds
    // now, less this migration's, so that values other migrations added stay.
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind"::text = ANY($1)`, [
      ADDED_VALUES.notification_kind.values,
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
    await queryRunner.query(`DROP TABLE "support_circle_members"`);
    await queryRunner.query(`DROP TABLE "reach_out_recipients"`);
    await queryRunner.query(`DROP TYPE "public"."reach_out_recipient_reason"`);
    await queryRunner.query(`DROP TABLE "reach_outs"`);
    await queryRunner.query(`DROP TYPE "public"."reach_out_status"`);
  }
}
