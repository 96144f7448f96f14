import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMentorProfilesRequestsAndMatches1795494684218 implements MigrationInterface {
  name = 'CreateMentorProfilesRequestsAndMatches1795494684218';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."mentor_request_status" AS ENUM('PROPOSED', 'WAITING', 'MATCHED', 'CLOSED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "mentor_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mentee_id" uuid NOT NULL, "status" "public"."mentor_request_status" NOT NULL, "focus_areas" text array NOT NULL, "languages" text array NOT NULL, "note" text NOT NULL, "require_language" boolean NOT NULL DEFAULT false, "same_gender_only" boolean NOT NULL DEFAULT false, "mentee_gender" text, "availability" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9f46ef5019d03d86869b30e62a5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mentor_requests_status_created" ON "mentor_requests"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_mentor_requests_open" ON "mentor_requests"  ("mentee_id") WHERE "status" IN ('PROPOSED', 'WAITING', 'MATCHED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."mentor_match_status" AS ENUM('PROPOSED', 'ACTIVE', 'DECLINED', 'EXPIRED', 'ENDED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "mentor_matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "mentor_id" uuid NOT NULL, "mentee_id" uuid NOT NULL, "status" "public"."mentor_match_status" NOT NULL, "score" integer NOT NULL DEFAULT '0', "proposed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL, "responded_at" TIMESTAMP WITH TIME ZONE, "decline_reason" text, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by_id" uuid, "end_reason" text, "needs_review" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d398bf6c8f5f979a2f7cc45b7a1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mentor_matches_respond_by" ON "mentor_matches"  ("respond_by") WHERE "status" = 'PROPOSED'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mentor_matches_request" ON "mentor_matches"  ("request_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_mentor_matches_mentee_status" ON "mentor_matches"  ("mentee_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mentor_matches_mentor_status" ON "mentor_matches"  ("mentor_id", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_mentor_matches_active_mentee" ON "mentor_matches"  ("mentee_id") WHERE "status" = 'ACTIVE'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_mentor_matches_live_request" ON "mentor_matches"  ("request_id") WHERE "status" IN ('PROPOSED', 'ACTIVE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "mentor_profiles" ("user_id" uuid NOT NULL, "bio" text NOT NULL, "focus_areas" text array NOT NULL, "languages" text array NOT NULL, "capacity" integer NOT NULL, "accepting_mentees" boolean NOT NULL, "availability" jsonb NOT NULL DEFAULT '[]', "gender" text, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_mentor_profiles_capacity" CHECK ("capacity" BETWEEN 1 AND 10), CONSTRAINT "PK_5fa86c14c3a0de91f7253a180bb" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "mentor_requests" ADD CONSTRAINT "FK_26c01af356f6f5fdd6cda403a2e" FOREIGN KEY ("mentee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mentor_matches" ADD CONSTRAINT "FK_7cd2f06006734896240838bb44b" FOREIGN KEY ("request_id") REFERENCES "mentor_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mentor_matches" ADD CONSTRAINT "FK_279266007e59f79ec1d3e89ab21" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mentor_matches" ADD CONSTRAINT "FK_4ae5ce9e5b58149f58a7ea07e86" FOREIGN KEY ("mentee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mentor_profiles" ADD CONSTRAINT "FK_5fa86c14c3a0de91f7253a180bb" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mentor_profiles" DROP CONSTRAINT "FK_5fa86c14c3a0de91f7253a180bb"`);
    await queryRunner.query(`ALTER TABLE "mentor_matches" DROP CONSTRAINT "FK_4ae5ce9e5b58149f58a7ea07e86"`);
    await queryRunner.query(`ALTER TABLE "mentor_matches" DROP CONSTRAINT "FK_279266007e59f79ec1d3e89ab21"`);
    await queryRunner.query(`ALTER TABLE "mentor_matches" DROP CONSTRAINT "FK_7cd2f06006734896240838bb44b"`);
    await queryRunner.query(`ALTER TABLE "mentor_requests" DROP CONSTRAINT "FK_26c01af356f6f5fdd6cda403a2e"`);
    await queryRunner.query(`DROP TABLE "mentor_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mentor_matches_live_request"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mentor_matches_active_mentee"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mentor_matches_mentor_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mentor_matches_mentee_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mentor_matches_request"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mentor_matches_respond_by"`);
    await queryRunner.query(`DROP TABLE "mentor_matches"`);
    await queryRunner.query(`DROP TYPE "public"."mentor_match_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mentor_requests_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mentor_requests_status_created"`);
    await queryRunner.query(`DROP TABLE "mentor_requests"`);
    await queryRunner.query(`DROP TYPE "public"."mentor_request_status"`);
  }
}
