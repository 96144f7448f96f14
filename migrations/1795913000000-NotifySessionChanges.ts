import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a session or a user row is announced at commit on `onward_accounts` with
 * the user's id, so that instances holding that person's session in memory drop it at once.
 */
export class NotifySessionChanges1795913000000 implements MigrationInterface {
  name = 'NotifySessionChanges1795913000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION onward_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('onward_accounts', to_jsonb(OLD) ->> TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION onward_accounts_changed('id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION onward_accounts_changed('user_id')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER sessions_changed ON sessions`);
    await queryRunner.query(`DROP TRIGGER users_changed ON users`);
    await queryRunner.query(`DROP FUNCTION onward_accounts_changed()`);
  }
}
