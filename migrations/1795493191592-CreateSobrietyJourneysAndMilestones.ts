import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSobrietyJourneysAndMilestones1795493191592 implements MigrationInterface {
  name = 'CreateSobrietyJourneysAndMilestones1795493191592';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."sobriety_visibility" AS ENUM('PRIVATE', 'MENTOR', 'COORDINATORS', 'NETWORK')`,
    );
    await queryRunner.query(
      `CREATE TABLE "sobriety_journeys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "start_date" date NOT NULL, "visibility" "public"."sobriety_visibility" NOT NULL, "is_current" boolean NOT NULL DEFAULT true, "recorded_on" date NOT NULL, "next_award_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_sobriety_journeys_start_date" CHECK ("start_date" >= '1900-01-01'), CONSTRAINT "PK_eb04cce0c1f0f6bd207334cd78f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_journeys_next_award" ON "sobriety_journeys"  ("next_award_on") WHERE "is_current"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_journeys_user" ON "sobriety_journeys"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sobriety_journeys_current" ON "sobriety_journeys"  ("user_id") WHERE "is_current"`,
    );
    await queryRunner.query(
      `CREATE TABLE "sobriety_milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "journey_id" uuid NOT NULL, "user_id" uuid NOT NULL, "label" text NOT NULL, "position" integer NOT NULL, "reached_on" date NOT NULL, "announced" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sobriety_milestones_journey_label" UNIQUE ("journey_id", "label"), CONSTRAINT "PK_0561a995e5cdd188a114280fb17" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sobriety_milestones_user" ON "sobriety_milestones"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_milestones_feed" ON "sobriety_milestones"  ("created_at", "id") WHERE "announced"`,
    );
    await queryRunner.query(
      `CREATE TABLE "milestone_congratulations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "milestone_id" uuid NOT NULL, "from_user_id" uuid NOT NULL, "message" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_milestone_congratulations_once" UNIQUE ("milestone_id", "from_user_id"), CONSTRAINT "PK_b10ff72e50b1de093e11608ad22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."sobriety_access_reason" AS ENUM('MENTOR', 'COORDINATOR')`);
    await queryRunner.query(
      `CREATE TABLE "sobriety_access_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "viewer_id" uuid NOT NULL, "field" text NOT NULL, "reason" "public"."sobriety_access_reason" NOT NULL, "accessed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a54ce5f3ff81f6574a5e2d2676d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sobriety_access_log_member" ON "sobriety_access_log"  ("member_id", "accessed_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sobriety_settings" ("user_id" uuid NOT NULL, "announce_milestones" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5eca53dfd1d2cc9cbc22dd31ff" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_journeys" ADD CONSTRAINT "FK_6c92444a39b4a85145aa01654e6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_milestones" ADD CONSTRAINT "FK_65d71566c747be3d2119124f963" FOREIGN KEY ("journey_id") REFERENCES "sobriety_journeys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_milestones" ADD CONSTRAINT "FK_a79463b8ba29b8befac43564cca" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestone_congratulations" ADD CONSTRAINT "FK_ee2123bbf4453b26c4f1031333b" FOREIGN KEY ("milestone_id") REFERENCES "sobriety_milestones"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestone_congratulations" ADD CONSTRAINT "FK_73ee1c7c52c107a4a90856907a6" FOREIGN KEY ("from_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_access_log" ADD CONSTRAINT "FK_a36c108e6ee0af7d3747b4031e1" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_access_log" ADD CONSTRAINT "FK_90b8de05840bcef82f8411b2d5a" FOREIGN KEY ("viewer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sobriety_settings" ADD CONSTRAINT "FK_d5eca53dfd1d2cc9cbc22dd31ff" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sobriety_settings" DROP CONSTRAINT "FK_d5eca53dfd1d2cc9cbc22dd31ff"`);
    await queryRunner.query(`ALTER TABLE "sobriety_access_log" DROP CONSTRAINT "FK_90b8de05840bcef82f8411b2d5a"`);
    await queryRunner.query(`ALTER TABLE "sobriety_access_log" DROP CONSTRAINT "FK_a36c108e6ee0af7d3747b4031e1"`);
    await queryRunner.query(`ALTER TABLE "milestone_congratulations" DROP CONSTRAINT "FK_73ee1c7c52c107a4a90856907a6"`);
    await queryRunner.query(`ALTER TABLE "milestone_congratulations" DROP CONSTRAINT "FK_ee2123bbf4453b26c4f1031333b"`);
    await queryRunner.query(`ALTER TABLE "sobriety_milestones" DROP CONSTRAINT "FK_a79463b8ba29b8befac43564cca"`);
    await queryRunner.query(`ALTER TABLE "sobriety_milestones" DROP CONSTRAINT "FK_65d71566c747be3d2119124f963"`);
    await queryRunner.query(`ALTER TABLE "sobriety_journeys" DROP CONSTRAINT "FK_6c92444a39b4a85145aa01654e6"`);
    await queryRunner.query(`DROP TABLE "sobriety_settings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_access_log_member"`);
    await queryRunner.query(`DROP TABLE "sobriety_access_log"`);
    await queryRunner.query(`DROP TYPE "public"."sobriety_access_reason"`);
    await queryRunner.query(`DROP TABLE "milestone_congratulations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_milestones_feed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_milestones_user"`);
    await queryRunner.query(`DROP TABLE "sobriety_milestones"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sobriety_journeys_current"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_journeys_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sobriety_journeys_next_award"`);
    await queryRunner.query(`DROP TABLE "sobriety_journeys"`);
    await queryRunner.query(`DROP TYPE "public"."sobriety_visibility"`);
  }
}
