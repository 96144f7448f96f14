import { MigrationInterface, QueryRunner } from 'typeorm';

/** Suspensions enter the moderation log: a new action and a new kind of target. */
export class LogSuspensionsInModerationLog1795495400000 implements MigrationInterface {
  name = 'LogSuspensionsInModerationLog1795495400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."moderation_log_action" ADD VALUE IF NOT EXISTS 'SUSPEND'`);
    await queryRunner.query(`ALTER TYPE "public"."moderation_target" ADD VALUE IF NOT EXISTS 'USER'`);
  }

  public async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value, and the append-only log may already hold it.
    // An unused value is harmless, so going back leaves both in place.
  }
}
