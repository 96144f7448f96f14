import { MigrationInterface, QueryRunner } from 'typeorm';

export class LogEveryCoordinatorAction1795902461294 implements MigrationInterface {
  name = 'LogEveryCoordinatorAction1795902461294';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'LIFT_SUSPENSION'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'INVITE'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'CATEGORY_CREATE'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'CATEGORY_RENAME'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'MENTOR_APPROVE'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'MATCH_PROPOSE'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'MATCHING_ROUND'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'MEETING_CANCEL'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE 'ATTENDANCE_RECORD'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'CATEGORY'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'INVITATION'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'MEETING'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'MENTOR_REQUEST'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'MENTOR_MATCH'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE 'MATCHING_ROUND'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."moderation_target_old" AS ENUM('POST', 'THREAD', 'USER')`);
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ALTER COLUMN "target_type" TYPE "public"."moderation_target_old" USING "target_type"::"text"::"public"."moderation_target_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."moderation_target"`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target_old" RENAME TO "moderation_target"`);
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_log_action_old" AS ENUM('APPROVE', 'HIDE', 'REMOVE', 'RESTORE', 'AUTO_HIDE', 'LOCK', 'UNLOCK', 'SLOW_MODE', 'PIN', 'UNPIN', 'SUSPEND')`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_log" ALTER COLUMN "action" TYPE "public"."moderation_log_action_old" USING "action"::"text"::"public"."moderation_log_action_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."moderation_log_action"`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action_old" RENAME TO "moderation_log_action"`);
  }
}
