import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents as records (42 CFR §2.31: who shares, with whom, what, why, until when, given when,
 * revocable) and the log of every read made under one, which the member sees with their
 * sobriety access log in `viewer.accessLog`.
 */
export class CreateConsentsAndConsentAccessLog1795904100000 implements MigrationInterface {
  name = 'CreateConsentsAndConsentAccessLog1795904100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."consent_recipient_kind" AS ENUM('MENTOR', 'COORDINATORS', 'USER')`);
    await queryRunner.query(
      `CREATE TYPE "public"."consent_scope" AS ENUM('CHECK_INS', 'CHECK_IN_NOTES', 'ATTENDANCE', 'MILESTONES', 'DISENGAGEMENT')`,
    );
    await queryRunner.query(
      `CREATE TABLE "consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "recipient_kind" "public"."consent_recipient_kind" NOT NULL, "recipient_user_id" uuid, "scopes" "public"."consent_scope" array NOT NULL, "purpose" text NOT NULL, "given_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_consents_expiry" CHECK ("expires_at" > "given_at"), CONSTRAINT "ck_consents_purpose" CHECK (char_length("purpose") BETWEEN 1 AND 500), CONSTRAINT "ck_consents_scopes" CHECK (cardinality("scopes") > 0), CONSTRAINT "ck_consents_recipient_user" CHECK (("recipient_kind" = 'USER') = ("recipient_user_id" IS NOT NULL)), CONSTRAINT "PK_9efc68eb6aba7d638fb6ea034dd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consents_recipient_kind" ON "consents"  ("recipient_kind", "member_id") WHERE "revoked_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consents_recipient_user" ON "consents"  ("recipient_user_id") WHERE "recipient_user_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_consents_member" ON "consents"  ("member_id", "given_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "consent_access_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "accessor_id" uuid NOT NULL, "consent_id" uuid, "what" text NOT NULL, "accessed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed4b44a5b38ebad36c1e5d95daf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consent_access_log_member" ON "consent_access_log"  ("member_id", "accessed_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "FK_224a5f22cba135291e80787206b" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "FK_8368a00b0e2ea15e51d567ad747" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_access_log" ADD CONSTRAINT "FK_66d7b049223db0fee95ed3cf01f" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_access_log" ADD CONSTRAINT "FK_295f18b283af7018bb8222c3f4a" FOREIGN KEY ("accessor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_access_log" ADD CONSTRAINT "FK_dd6880f25ff7f68854ba4b74f68" FOREIGN KEY ("consent_id") REFERENCES "consents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consent_access_log" DROP CONSTRAINT "FK_dd6880f25ff7f68854ba4b74f68"`);
    await queryRunner.query(`ALTER TABLE "consent_access_log" DROP CONSTRAINT "FK_295f18b283af7018bb8222c3f4a"`);
    await queryRunner.query(`ALTER TABLE "consent_access_log" DROP CONSTRAINT "FK_66d7b049223db0fee95ed3cf01f"`);
    await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "FK_8368a00b0e2ea15e51d567ad747"`);
    await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "FK_224a5f22cba135291e80787206b"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consent_access_log_member"`);
    await queryRunner.query(`DROP TABLE "consent_access_log"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consents_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consents_recipient_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consents_recipient_kind"`);
    await queryRunner.query(`DROP TABLE "consents"`);
    await queryRunner.query(`DROP TYPE "public"."consent_scope"`);
    await queryRunner.query(`DROP TYPE "public"."consent_recipient_kind"`);
  }
}
