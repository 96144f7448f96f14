import { MigrationInterface, QueryRunner } from 'typeorm';

/** Enum values this migration adds, by type: `down` removes exactly these and keeps any others. */
const ADDED_VALUES: Record<
  string,
  { values: string[]; columns: Array<[table: string, column: string, defaultValue?: string]> }
> = {
  user_role: {
    values: ['ALLY'],
    columns: [
      ['users', 'role', 'MEMBER'],
      ['invitations', 'role'],
    ],
  },
  sobriety_access_reason: { values: ['ALLY'], columns: [['sobriety_access_log', 'reason']] },
};

export class AddAlliesAndMeetingAudiences1795913390536 implements MigrationInterface {
  name = 'AddAlliesAndMeetingAudiences1795913390536';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [type, { values }] of Object.entries(ADDED_VALUES)) {
      for (const value of values) await queryRunner.query(`ALTER TYPE "public"."${type}" ADD VALUE '${value}'`);
    }
    await queryRunner.query(
      `CREATE TABLE "ally_sharing" ("member_id" uuid NOT NULL, "milestones" boolean NOT NULL DEFAULT false, "check_in_streak" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9169184f627981372782190dd14" PRIMARY KEY ("member_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ally_ties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "ally_id" uuid, "invitation_id" uuid, "email" text NOT NULL, "relationship" text NOT NULL, "invitation_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE, "removed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f568556215bfe9b512337ea3f28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ally_ties_ally" ON "ally_ties"  ("ally_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ally_ties_invitation" ON "ally_ties"  ("invitation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_ally_ties_member" ON "ally_ties"  ("member_id", "created_at") `);
    await queryRunner.query(`CREATE TYPE "public"."meeting_audience" AS ENUM('ALUMNI', 'FAMILY', 'OPEN')`);
    await queryRunner.query(
      `ALTER TABLE "meeting_series" ADD "audience" "public"."meeting_audience" NOT NULL DEFAULT 'ALUMNI'`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD "audience" "public"."meeting_audience" NOT NULL DEFAULT 'ALUMNI'`,
    );
    await queryRunner.query(
      `ALTER TABLE "ally_sharing" ADD CONSTRAINT "FK_9169184f627981372782190dd14" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ally_ties" ADD CONSTRAINT "FK_efeab2bdfdda1e646076529040e" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ally_ties" ADD CONSTRAINT "FK_aa75f3677c1fa45c38c064090d6" FOREIGN KEY ("ally_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ally_ties" ADD CONSTRAINT "FK_787f975dae8ada28191956e19d7" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ally_ties"`);
    await queryRunner.query(`DROP TABLE "ally_sharing"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "audience"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "audience"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_audience"`);
    // Rows that use the values go first (allies' accounts, reads by allies); then each type is
    // rebuilt from the values it holds now, less this migration's, so that others stay.
    await queryRunner.query(`DELETE FROM "sobriety_access_log" WHERE "reason"::text = 'ALLY'`);
    await queryRunner.query(`DELETE FROM "invitations" WHERE "role"::text = 'ALLY'`);
    await queryRunner.query(`DELETE FROM "users" WHERE "role"::text = 'ALLY'`);
    for (const [type, { values, columns }] of Object.entries(ADDED_VALUES)) {
      const kept = (
        (await queryRunner.query(
          `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
          WHERE t.typname = $1 AND NOT (e.enumlabel = ANY($2)) ORDER BY e.enumsortorder`,
          [type, values],
        )) as Array<{ label: string }>
      ).map((r) => `'${r.label.replace(/'/g, "''")}'`);
      await queryRunner.query(`CREATE TYPE "public"."${type}_old" AS ENUM(${kept.join(', ')})`);
      for (const [table, column, defaultValue] of columns) {
        if (defaultValue) await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP DEFAULT`);
        await queryRunner.query(
          `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."${type}_old" USING "${column}"::"text"::"public"."${type}_old"`,
        );
        if (defaultValue) {
          await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT '${defaultValue}'`);
        }
      }
      await queryRunner.query(`DROP TYPE "public"."${type}"`);
      await queryRunner.query(`ALTER TYPE "public"."${type}_old" RENAME TO "${type}"`);
    }
  }
}
