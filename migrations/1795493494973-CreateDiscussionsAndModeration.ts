import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDiscussionsAndModeration1795493494973 implements MigrationInterface {
  name = 'CreateDiscussionsAndModeration1795493494973';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "position" integer NOT NULL DEFAULT '100', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_categories_slug" ON "categories"  ("slug") `);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`,
      ['public', 'threads', 'GENERATED_COLUMN', 'search_vector', 'to_tsvector(\'english\', "title")'],
    );
    await queryRunner.query(
      `CREATE TABLE "threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "category_id" uuid NOT NULL, "author_id" uuid NOT NULL, "title" text NOT NULL, "locked" boolean NOT NULL DEFAULT false, "pinned" boolean NOT NULL DEFAULT false, "slow_mode_seconds" integer NOT NULL DEFAULT '0', "last_activity_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "title")) STORED NOT NULL, CONSTRAINT "PK_d8a74804c34fc3900502cd27275" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_threads_author" ON "threads"  ("author_id") `);
    await queryRunner.query(`CREATE INDEX "ix_threads_category" ON "threads"  ("category_id", "last_activity_at") `);
    await queryRunner.query(`CREATE INDEX "ix_threads_activity" ON "threads"  ("pinned", "last_activity_at", "id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."post_status" AS ENUM('VISIBLE', 'PENDING_REVIEW', 'HIDDEN', 'REMOVED')`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`,
      ['public', 'posts', 'GENERATED_COLUMN', 'search_vector', 'to_tsvector(\'english\', "body")'],
    );
    await queryRunner.query(
      `CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "author_id" uuid NOT NULL, "parent_post_id" uuid, "body" text NOT NULL, "status" "public"."post_status" NOT NULL DEFAULT 'VISIBLE', "is_opening" boolean NOT NULL DEFAULT false, "support_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP(3) WITH TIME ZONE, "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "body")) STORED NOT NULL, CONSTRAINT "ck_posts_support_count" CHECK ("support_count" >= 0), CONSTRAINT "ck_posts_body_length" CHECK (char_length("body") BETWEEN 1 AND 10000), CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_posts_parent" ON "posts"  ("parent_post_id") `);
    await queryRunner.query(`CREATE INDEX "ix_posts_author_created" ON "posts"  ("author_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_posts_thread_created" ON "posts"  ("thread_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."moderation_priority" AS ENUM('HIGH', 'NORMAL')`);
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_cause" AS ENUM('CRISIS_LANGUAGE', 'SELF_HARM_REPORT', 'PRIVACY_BREACH', 'SUBSTANCE_PROMOTION', 'REPORTED', 'NEW_MEMBER')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."moderation_item_status" AS ENUM('OPEN', 'RESOLVED')`);
    await queryRunner.query(`CREATE TYPE "public"."moderation_action" AS ENUM('APPROVE', 'HIDE', 'REMOVE', 'RESTORE')`);
    await queryRunner.query(
      `CREATE TABLE "moderation_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "priority" "public"."moderation_priority" NOT NULL, "causes" "public"."moderation_cause" array NOT NULL, "sort_rank" integer NOT NULL, "status" "public"."moderation_item_status" NOT NULL DEFAULT 'OPEN', "resolution" "public"."moderation_action", "resolved_by_id" uuid, "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7553314431cdb0fe119568d0f22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_moderation_items_queue" ON "moderation_items"  ("status", "sort_rank", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_moderation_items_open_post" ON "moderation_items"  ("post_id") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."moderation_log_action" AS ENUM('APPROVE', 'HIDE', 'REMOVE', 'RESTORE', 'AUTO_HIDE', 'LOCK', 'UNLOCK', 'SLOW_MODE', 'PIN', 'UNPIN')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."moderation_target" AS ENUM('POST', 'THREAD')`);
    await queryRunner.query(
      `CREATE TABLE "moderation_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "action" "public"."moderation_log_action" NOT NULL, "target_type" "public"."moderation_target" NOT NULL, "target_id" uuid NOT NULL, "reason" text NOT NULL, "detail" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d0adca6ecfd068db83e4526cc26" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_moderation_log_created" ON "moderation_log"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."report_reason" AS ENUM('HARASSMENT', 'TRIGGERING_CONTENT', 'SPAM', 'SELF_HARM_CONCERN', 'PRIVACY_BREACH', 'SUBSTANCE_PROMOTION', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "reason" "public"."report_reason" NOT NULL, "note" text, "item_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_afa7cad2bd08b113aeb519c37b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_post_reports_item" ON "post_reports"  ("item_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_post_reports_open" ON "post_reports"  ("post_id", "reporter_id") WHERE "resolved_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_edits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "previous_body" text NOT NULL, "edited_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f654a6f48ff1f94a68db3de55c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_post_edits_post" ON "post_edits"  ("post_id", "edited_at") `);
    await queryRunner.query(
      `CREATE TABLE "post_supports" ("post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43887c818e2b6f83fa245f342bd" PRIMARY KEY ("post_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_post_supports_user" ON "post_supports"  ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "threads" ADD CONSTRAINT "FK_a928eceed5f9b00d531bccfbf9d" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "threads" ADD CONSTRAINT "FK_71b6a8e2ea822297f14b96c3183" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "posts" ADD CONSTRAINT "FK_89efae744488da3393177c9ccbf" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "posts" ADD CONSTRAINT "FK_312c63be865c81b922e39c2475e" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "posts" ADD CONSTRAINT "FK_979fb4c9d38af5cb74829ab9a4f" FOREIGN KEY ("parent_post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_items" ADD CONSTRAINT "FK_52a5af5509e5fde795a87a2d592" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_reports" ADD CONSTRAINT "FK_611b70ef1c1e75943221918b846" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_reports" ADD CONSTRAINT "FK_2f5dd8c4bd4db94e6da3c5833e2" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_edits" ADD CONSTRAINT "FK_65c1f1e7894d29d7aa65eb0829a" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_supports" ADD CONSTRAINT "FK_4b15a16026d613d879d944b5c36" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_supports" ADD CONSTRAINT "FK_95f9c0655152d9fa26b8736232b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Hand-written: full-text GIN indexes, seeded categories, append-only moderation log.
    await queryRunner.query(`CREATE INDEX "ix_threads_search" ON "threads" USING GIN ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "ix_posts_search" ON "posts" USING GIN ("search_vector")`);
    await queryRunner.query(`INSERT INTO "categories" ("name", "slug", "position") VALUES
            ('General', 'general', 1), ('Introductions', 'introductions', 2), ('Wins', 'wins', 3),
            ('Hard days', 'hard-days', 4), ('Family', 'family', 5), ('Relapse prevention', 'relapse-prevention', 6)`);
    await queryRunner.query(`CREATE FUNCTION "moderation_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'moderation_log is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$`);
    await queryRunner.query(`CREATE TRIGGER "moderation_log_no_update_delete" BEFORE UPDATE OR DELETE ON "moderation_log"
            FOR EACH ROW EXECUTE FUNCTION "moderation_log_append_only"()`);
    await queryRunner.query(`CREATE TRIGGER "moderation_log_no_truncate" BEFORE TRUNCATE ON "moderation_log"
            FOR EACH STATEMENT EXECUTE FUNCTION "moderation_log_append_only"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "moderation_log_no_truncate" ON "moderation_log"`);
    await queryRunner.query(`DROP TRIGGER "moderation_log_no_update_delete" ON "moderation_log"`);
    await queryRunner.query(`DROP FUNCTION "moderation_log_append_only"()`);
    await queryRunner.query(`DROP INDEX "public"."ix_posts_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_threads_search"`);
    await queryRunner.query(`ALTER TABLE "post_supports" DROP CONSTRAINT "FK_95f9c0655152d9fa26b8736232b"`);
    await queryRunner.query(`ALTER TABLE "post_supports" DROP CONSTRAINT "FK_4b15a16026d613d879d944b5c36"`);
    await queryRunner.query(`ALTER TABLE "post_edits" DROP CONSTRAINT "FK_65c1f1e7894d29d7aa65eb0829a"`);
    await queryRunner.query(`ALTER TABLE "post_reports" DROP CONSTRAINT "FK_2f5dd8c4bd4db94e6da3c5833e2"`);
    await queryRunner.query(`ALTER TABLE "post_reports" DROP CONSTRAINT "FK_611b70ef1c1e75943221918b846"`);
    await queryRunner.query(`ALTER TABLE "moderation_items" DROP CONSTRAINT "FK_52a5af5509e5fde795a87a2d592"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_979fb4c9d38af5cb74829ab9a4f"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_312c63be865c81b922e39c2475e"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_89efae744488da3393177c9ccbf"`);
    await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_71b6a8e2ea822297f14b96c3183"`);
    await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_a928eceed5f9b00d531bccfbf9d"`);
    await queryRunner.query(`DROP INDEX "public"."ix_post_supports_user"`);
    await queryRunner.query(`DROP TABLE "post_supports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_post_edits_post"`);
    await queryRunner.query(`DROP TABLE "post_edits"`);
    await queryRunner.query(`DROP INDEX "public"."uq_post_reports_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_post_reports_item"`);
    await queryRunner.query(`DROP TABLE "post_reports"`);
    await queryRunner.query(`DROP TYPE "public"."report_reason"`);
    await queryRunner.query(`DROP INDEX "public"."ix_moderation_log_created"`);
    await queryRunner.query(`DROP TABLE "moderation_log"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_target"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_log_action"`);
    await queryRunner.query(`DROP INDEX "public"."uq_moderation_items_open_post"`);
    await queryRunner.query(`DROP INDEX "public"."ix_moderation_items_queue"`);
    await queryRunner.query(`DROP TABLE "moderation_items"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_action"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_item_status"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_cause"`);
    await queryRunner.query(`DROP TYPE "public"."moderation_priority"`);
    await queryRunner.query(`DROP INDEX "public"."ix_posts_thread_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_posts_author_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_posts_parent"`);
    await queryRunner.query(`DROP TABLE "posts"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`,
      ['GENERATED_COLUMN', 'search_vector', 'public', 'posts'],
    );
    await queryRunner.query(`DROP TYPE "public"."post_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_threads_activity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_threads_category"`);
    await queryRunner.query(`DROP INDEX "public"."ix_threads_author"`);
    await queryRunner.query(`DROP TABLE "threads"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`,
      ['GENERATED_COLUMN', 'search_vector', 'public', 'threads'],
    );
    await queryRunner.query(`DROP INDEX "public"."uq_categories_slug"`);
    await queryRunner.query(`DROP TABLE "categories"`);
  }
}
