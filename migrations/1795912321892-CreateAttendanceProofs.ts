import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAttendanceProofs1795912321892 implements MigrationInterface {
  name = 'CreateAttendanceProofs1795912321892';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attendance_proofs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "token_hash" text NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "label" text, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_05b94bd035189b7d7a98f444cf2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_attendance_proofs_token_hash" ON "attendance_proofs"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attendance_proofs_member" ON "attendance_proofs"  ("member_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attendance_proof_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proof_id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "shown" boolean NOT NULL, CONSTRAINT "PK_0e0fac1768ed726efe02130e8fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attendance_proof_checks_proof" ON "attendance_proof_checks"  ("proof_id", "at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_proofs" ADD CONSTRAINT "FK_f571a191549d41288fa902ea5f1" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_proof_checks" ADD CONSTRAINT "FK_6e06fc8eee69210bc0bc334433c" FOREIGN KEY ("proof_id") REFERENCES "attendance_proofs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_proof_checks" DROP CONSTRAINT "FK_6e06fc8eee69210bc0bc334433c"`);
    await queryRunner.query(`ALTER TABLE "attendance_proofs" DROP CONSTRAINT "FK_f571a191549d41288fa902ea5f1"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attendance_proof_checks_proof"`);
    await queryRunner.query(`DROP TABLE "attendance_proof_checks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attendance_proofs_member"`);
    await queryRunner.query(`DROP INDEX "public"."uq_attendance_proofs_token_hash"`);
    await queryRunner.query(`DROP TABLE "attendance_proofs"`);
  }
}
