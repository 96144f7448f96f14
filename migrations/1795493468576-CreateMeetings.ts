import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMeetings1795493468576 implements MigrationInterface {
  name = 'CreateMeetings1795493468576';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."meeting_format" AS ENUM('IN_PERSON', 'ONLINE', 'HYBRID')`);
    await queryRunner.query(`CREATE TYPE "public"."meeting_status" AS ENUM('SCHEDULED', 'CANCELLED')`);
    await queryRunner.query(
      `CREATE TABLE "meeting_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "host_id" uuid NOT NULL, "recurrence" text NOT NULL, "local_start" text NOT NULL, "time_zone" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "duration_minutes" integer NOT NULL, "format" "public"."meeting_format" NOT NULL, "location" text, "conference_url" text, "capacity" integer, "types" text array NOT NULL DEFAULT '{}', "listed" boolean NOT NULL DEFAULT false, "status" "public"."meeting_status" NOT NULL DEFAULT 'SCHEDULED', "materialized_until" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4eca052972681e25409955b1774" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_meeting_series_host" ON "meeting_series"  ("host_id") `);
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "series_id" uuid, "original_starts_at" TIMESTAMP WITH TIME ZONE, "detached" boolean NOT NULL DEFAULT false, "host_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_minutes" integer NOT NULL, "time_zone" text NOT NULL, "format" "public"."meeting_format" NOT NULL, "location" text, "conference_url" text, "capacity" integer, "types" text array NOT NULL DEFAULT '{}', "listed" boolean NOT NULL DEFAULT false, "status" "public"."meeting_status" NOT NULL DEFAULT 'SCHEDULED', "cancel_reason" text, "going_count" integer NOT NULL DEFAULT '0', "waitlist_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meetings_duration" CHECK (duration_minutes > 0 AND duration_minutes <= 1440), CONSTRAINT "ck_meetings_capacity" CHECK (capacity IS NULL OR capacity >= 1), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_meetings_host" ON "meetings"  ("host_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meetings_series_occurrence" ON "meetings"  ("series_id", "original_starts_at") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_meetings_starts" ON "meetings"  ("starts_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "user_id" uuid NOT NULL, "checked_in_by_id" uuid, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_meeting_attendance_user" ON "meeting_attendance"  ("user_id", "checked_in_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meeting_attendance_meeting_user" ON "meeting_attendance"  ("meeting_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meeting_calendar_feeds" ("user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f0e89008d063f2d4caa3ae566d7" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meeting_calendar_feeds_token_hash" ON "meeting_calendar_feeds"  ("token_hash") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."meeting_reminder_kind" AS ENUM('DAY', 'HOUR')`);
    await queryRunner.query(
      `CREATE TABLE "meeting_reminders" ("meeting_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" "public"."meeting_reminder_kind" NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24a982c2475edb613baaa6426ca" PRIMARY KEY ("meeting_id", "user_id", "kind"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."rsvp_status" AS ENUM('GOING', 'WAITLISTED', 'CANCELLED')`);
    await queryRunner.query(
      `CREATE TABLE "meeting_rsvps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" "public"."rsvp_status" NOT NULL, "waitlist_seq" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf530bd1d830f4be1864211ccb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_meeting_rsvps_user" ON "meeting_rsvps"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_meeting_rsvps_meeting_status" ON "meeting_rsvps"  ("meeting_id", "status", "waitlist_seq") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meeting_rsvps_meeting_user" ON "meeting_rsvps"  ("meeting_id", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_series" ADD CONSTRAINT "FK_90ea3b3877d1fa62d2f9ee7457c" FOREIGN KEY ("host_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_ad1752d12df66b9099906f268f3" FOREIGN KEY ("series_id") REFERENCES "meeting_series"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_6bf7c3bf900ea781101614178d0" FOREIGN KEY ("host_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "FK_58f3823e0aed0b1076074be7267" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "FK_3ae2f4f2d4bcffa5864b6e824de" FOREIGN KEY ("checked_in_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_calendar_feeds" ADD CONSTRAINT "FK_f0e89008d063f2d4caa3ae566d7" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_reminders" ADD CONSTRAINT "FK_0e756ccde7e608ba09a0fff7217" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_reminders" ADD CONSTRAINT "FK_bec634921cdbcb32c3a53b276bd" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_rsvps" ADD CONSTRAINT "FK_977d64892fd3fb7c59de27a209d" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_rsvps" ADD CONSTRAINT "FK_3a55be1edf18e6c8129350004f3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Every change to an RSVP passes through this trigger: it locks the meeting row, keeps
    // going_count/waitlist_count, and refuses a seat beyond capacity whatever wrote the row.
    await queryRunner.query(`CREATE FUNCTION meeting_rsvps_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  going integer;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE meetings SET going_count = going_count - (OLD.status = 'GOING')::int,
                        waitlist_count = waitlist_count - (OLD.status = 'WAITLISTED')::int
     WHERE id = OLD.meeting_id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  SELECT capacity, going_count INTO cap, going FROM meetings WHERE id = NEW.meeting_id FOR UPDATE;
  IF NEW.status = 'GOING' AND cap IS NOT NULL AND going >= cap
     AND (TG_OP = 'INSERT' OR OLD.status <> 'GOING' OR OLD.meeting_id <> NEW.meeting_id) THEN
    RAISE EXCEPTION 'meeting is full' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_meeting_rsvps_capacity';
  END IF;
  UPDATE meetings SET going_count = going_count + (NEW.status = 'GOING')::int,
                      waitlist_count = waitlist_count + (NEW.status = 'WAITLISTED')::int
   WHERE id = NEW.meeting_id;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER meeting_rsvps_guard BEFORE INSERT OR UPDATE OR DELETE ON "meeting_rsvps" FOR EACH ROW EXECUTE FUNCTION meeting_rsvps_guard()`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "ck_meetings_counts" CHECK ("going_count" >= 0 AND "waitlist_count" >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_rsvps" ADD CONSTRAINT "ck_meeting_rsvps_waitlist_seq" CHECK (("status" = 'WAITLISTED') = ("waitlist_seq" IS NOT NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_rsvps" DROP CONSTRAINT "ck_meeting_rsvps_waitlist_seq"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "ck_meetings_counts"`);
    await queryRunner.query(`DROP TRIGGER meeting_rsvps_guard ON "meeting_rsvps"`);
    await queryRunner.query(`DROP FUNCTION meeting_rsvps_guard()`);
    await queryRunner.query(`ALTER TABLE "meeting_rsvps" DROP CONSTRAINT "FK_3a55be1edf18e6c8129350004f3"`);
    await queryRunner.query(`ALTER TABLE "meeting_rsvps" DROP CONSTRAINT "FK_977d64892fd3fb7c59de27a209d"`);
    await queryRunner.query(`ALTER TABLE "meeting_reminders" DROP CONSTRAINT "FK_bec634921cdbcb32c3a53b276bd"`);
    await queryRunner.query(`ALTER TABLE "meeting_reminders" DROP CONSTRAINT "FK_0e756ccde7e608ba09a0fff7217"`);
    await queryRunner.query(`ALTER TABLE "meeting_calendar_feeds" DROP CONSTRAINT "FK_f0e89008d063f2d4caa3ae566d7"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_3ae2f4f2d4bcffa5864b6e824de"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_58f3823e0aed0b1076074be7267"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_6bf7c3bf900ea781101614178d0"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_ad1752d12df66b9099906f268f3"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP CONSTRAINT "FK_90ea3b3877d1fa62d2f9ee7457c"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_rsvps_meeting_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_rsvps_meeting_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_rsvps_user"`);
    await queryRunner.query(`DROP TABLE "meeting_rsvps"`);
    await queryRunner.query(`DROP TYPE "public"."rsvp_status"`);
    await queryRunner.query(`DROP TABLE "meeting_reminders"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_reminder_kind"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_calendar_feeds_token_hash"`);
    await queryRunner.query(`DROP TABLE "meeting_calendar_feeds"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_attendance_meeting_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_attendance_user"`);
    await queryRunner.query(`DROP TABLE "meeting_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_starts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meetings_series_occurrence"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_host"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_series_host"`);
    await queryRunner.query(`DROP TABLE "meeting_series"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_status"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_format"`);
  }
}
