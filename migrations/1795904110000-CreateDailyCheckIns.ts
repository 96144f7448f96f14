import { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily check-ins: one per member and local day, held by a unique index under any concurrency. */
export class CreateDailyCheckIns1795904110000 implements MigrationInterface {
  name = 'CreateDailyCheckIns1795904110000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "daily_check_ins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "day" date NOT NULL, "time_zone" text NOT NULL, "mood" smallint NOT NULL, "craving" smallint NOT NULL, "attended_meeting" boolean, "note" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_daily_check_ins_note" CHECK (char_length("note") <= 1000), CONSTRAINT "ck_daily_check_ins_craving" CHECK ("craving" BETWEEN 0 AND 10), CONSTRAINT "ck_daily_check_ins_mood" CHECK ("mood" BETWEEN 1 AND 5), CONSTRAINT "PK_dc9b638df639174d571ac0d9eee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_daily_check_ins_member_day" ON "daily_check_ins"  ("member_id", "day") `,
    );
    await queryRunner.query(
      `ALTER TABLE "daily_check_ins" ADD CONSTRAINT "FK_a9c754cc3f67d9021281c2d51fa" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "daily_check_ins" DROP CONSTRAINT "FK_a9c754cc3f67d9021281c2d51fa"`);
    await queryRunner.query(`DROP INDEX "public"."uq_daily_check_ins_member_day"`);
    await queryRunner.query(`DROP TABLE "daily_check_ins"`);
  }
}
