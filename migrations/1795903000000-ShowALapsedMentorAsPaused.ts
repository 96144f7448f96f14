import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mentor's approval that lapses on a sobriety reset now pauses the profile and keeps
 * `approved_at`, with `lapsed_at` telling the mentor and coordinators why; others see a pause.
 * Lapses recorded before this cleared `approved_at` and kept `approved_by_id`: they are marked
 * lapsed (and paused) for coordinators, and without `approved_at` they stay shown as they were.
 */
export class ShowALapsedMentorAsPaused1795903000000 implements MigrationInterface {
  name = 'ShowALapsedMentorAsPaused1795903000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mentor_profiles" ADD "lapsed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE "mentor_profiles" p SET "lapsed_at" = p."updated_at", "accepting_mentees" = false
         FROM "users" u
        WHERE u."id" = p."user_id" AND NOT u."is_mentor" AND p."approved_at" IS NULL AND p."approved_by_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Before this, a lapse showed as a profile without approval.
    await queryRunner.query(`UPDATE "mentor_profiles" SET "approved_at" = NULL WHERE "lapsed_at" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "mentor_profiles" DROP COLUMN "lapsed_at"`);
  }
}
