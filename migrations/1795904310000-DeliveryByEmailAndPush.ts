import { MigrationInterface, QueryRunner } from 'typeorm';

/** E-mail and Web Push: members' delivery preferences, their push subscriptions, and every delivery. */
export class DeliveryByEmailAndPush1795904310000 implements MigrationInterface {
  name = 'DeliveryByEmailAndPush1795904310000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "endpoint" text NOT NULL, "p256dh" text NOT NULL, "auth" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_757fc8f00c34f66832668dc2e53" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_push_subscriptions_user" ON "push_subscriptions"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_push_subscriptions_endpoint" ON "push_subscriptions"  ("endpoint") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."delivery_channel" AS ENUM('EMAIL', 'PUSH')`);
    await queryRunner.query(`CREATE TYPE "public"."delivery_status" AS ENUM('PENDING', 'SENT', 'FAILED', 'SKIPPED')`);
    await queryRunner.query(`CREATE TYPE "public"."delivery_skip_reason" AS ENUM('PREFERENCE', 'QUIET_HOURS')`);
    await queryRunner.query(
      `CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "notification_id" uuid, "kind" "public"."notification_kind", "push_subscription_id" uuid, "channel" "public"."delivery_channel" NOT NULL, "status" "public"."delivery_status" NOT NULL, "skip_reason" "public"."delivery_skip_reason", "items" integer NOT NULL DEFAULT '1', "attempts" integer NOT NULL DEFAULT '0', "release_at" TIMESTAMP WITH TIME ZONE, "digest_id" uuid, "unsubscribe_token_hash" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_deliveries_unsubscribe" ON "deliveries"  ("unsubscribe_token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_held" ON "deliveries"  ("release_at") WHERE "digest_id" IS NULL AND "skip_reason" = 'QUIET_HOURS'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_pending" ON "deliveries"  ("created_at") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_user_created" ON "deliveries"  ("user_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_preferences" ("user_id" uuid NOT NULL, "email" boolean NOT NULL DEFAULT true, "push" boolean NOT NULL DEFAULT true, "quiet_hours_start" text, "quiet_hours_end" text, "kinds" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_delivery_preferences_quiet_hours" CHECK (("quiet_hours_start" IS NULL) = ("quiet_hours_end" IS NULL)), CONSTRAINT "PK_52bf043865e9f07aa630c709fa1" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "push_subscriptions" ADD CONSTRAINT "FK_6771f119f1c06d2ccf38f238664" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_c1fda5fb48f4641461d9b0756fa" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_c93732f6120b202713dd6646f54" FOREIGN KEY ("push_subscription_id") REFERENCES "push_subscriptions"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_preferences" ADD CONSTRAINT "FK_52bf043865e9f07aa630c709fa1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_preferences" DROP CONSTRAINT "FK_52bf043865e9f07aa630c709fa1"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_c93732f6120b202713dd6646f54"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_c1fda5fb48f4641461d9b0756fa"`);
    await queryRunner.query(`ALTER TABLE "push_subscriptions" DROP CONSTRAINT "FK_6771f119f1c06d2ccf38f238664"`);
    await queryRunner.query(`DROP TABLE "delivery_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_held"`);
    await queryRunner.query(`DROP INDEX "public"."uq_deliveries_unsubscribe"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_skip_reason"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_channel"`);
    await queryRunner.query(`DROP INDEX "public"."uq_push_subscriptions_endpoint"`);
    await queryRunner.query(`DROP INDEX "public"."ix_push_subscriptions_user"`);
    await queryRunner.query(`DROP TABLE "push_subscriptions"`);
  }
}
