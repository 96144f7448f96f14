import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each thread's opening post by thread id. Whether someone may see a thread is decided by its
 * opening post, once per subscriber when a post goes out: without this index every check read
 * the index entries of all the thread's replies.
 */
export class IndexOpeningPosts1795926124623 implements MigrationInterface {
  name = 'IndexOpeningPosts1795926124623';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_posts_opening" ON "posts"  ("thread_id") WHERE "is_opening"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_posts_opening"`);
  }
}
