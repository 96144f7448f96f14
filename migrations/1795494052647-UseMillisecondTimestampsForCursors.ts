import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cursors carry JavaScript dates (milliseconds): sort keys must not hold microseconds. */
export class UseMillisecondTimestampsForCursors1795494052647 implements MigrationInterface {
  name = 'UseMillisecondTimestampsForCursors1795494052647';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_created"`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_attendance_user"`);
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ALTER COLUMN "checked_in_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_milestones_feed"`);
    await queryRunner.query(
      `ALTER TABLE "sobriety_milestones" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_access_log_member"`);
    await queryRunner.query(
      `ALTER TABLE "sobriety_access_log" ALTER COLUMN "accessed_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications"  ("user_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_meeting_attendance_user" ON "meeting_attendance"  ("user_id", "checked_in_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_milestones_feed" ON "sobriety_milestones"  ("created_at", "id") WHERE "announced"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_access_log_member" ON "sobriety_access_log"  ("member_id", "accessed_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_access_log_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_milestones_feed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_attendance_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_created"`);
    await queryRunner.query(
      `ALTER TABLE "sobriety_access_log" ALTER COLUMN "accessed_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_access_log_member" ON "sobriety_access_log" ("member_id", "accessed_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_milestones" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_milestones_feed" ON "sobriety_milestones" ("created_at", "id") WHERE "announced"`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ALTER COLUMN "checked_in_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_meeting_attendance_user" ON "meeting_attendance" ("user_id", "checked_in_at") `,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications" ("user_id", "created_at", "id") `,
    );
  }
}
