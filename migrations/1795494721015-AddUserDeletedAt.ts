import { MigrationInterface, QueryRunner } from 'typeorm';

/** A deleted account keeps its row (posts keep an author) but is marked and emptied. */
export class AddUserDeletedAt1795494721015 implements MigrationInterface {
  name = 'AddUserDeletedAt1795494721015';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deleted_at"`);
  }
}
