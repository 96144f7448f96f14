import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoreNotificationActorsNotNames1795901900049 implements MigrationInterface {
  name = 'StoreNotificationActorsNotNames1795901900049';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_created"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "actor_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "seq" BIGSERIAL NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created_seq" ON "notifications"  ("user_id", "created_at", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_20f8b51fd9655c0b69feed5efc6" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_20f8b51fd9655c0b69feed5efc6"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_created_seq"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "seq"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "actor_id"`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications" USING btree ("id", "user_id", "created_at") `,
    );
  }
}
