import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meetings that meeting finders can import (issue #16).
 *
 * - A series gets its public listing (`public_*`: what the Meeting Guide feed publishes, apart
 *   from the private place and call link) and `updated_at` (the entry's `updated`).
 * - Type codes follow the Meeting Guide list: `ONL` is removed (online is told by a published
 *   call link, not a type); every other code Onward accepted before is in the list.
 * - Listing becomes a property of weekly series, with a public place: every meeting listed
 *   before is unlisted, as none had a public place (one-off meetings cannot be listed any more).
 *   Coordinators list them again with `updateMeeting(scope: FUTURE, listed: true, listing: …)`.
 *
 * `down` drops the listing; removed codes and the old `listed` flags cannot come back.
 */
export class ListMeetingsForMeetingFinders1795904000000 implements MigrationInterface {
  name = 'ListMeetingsForMeetingFinders1795904000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_address" text`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_location" text`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_region" text`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_latitude" double precision`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_longitude" double precision`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_conference_url" text`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD "public_conference_phone" text`);
    await queryRunner.query(
      `ALTER TABLE "meeting_series" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(`UPDATE "meeting_series" SET "updated_at" = "created_at"`);

    for (const table of ['meetings', 'meeting_series']) {
      await queryRunner.query(
        `UPDATE "${table}" SET "types" = array_remove("types", 'ONL') WHERE 'ONL' = ANY("types")`,
      );
    }

    await queryRunner.query(`UPDATE "meetings" SET "listed" = false WHERE "listed"`);
    await queryRunner.query(`UPDATE "meeting_series" SET "listed" = false WHERE "listed"`);

    await queryRunner.query(
      `ALTER TABLE "meeting_series" ADD CONSTRAINT "ck_meeting_series_public_coordinates" CHECK ((public_latitude IS NULL) = (public_longitude IS NULL) AND (public_latitude IS NULL OR (public_latitude BETWEEN -90 AND 90 AND public_longitude BETWEEN -180 AND 180)))`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_series" ADD CONSTRAINT "ck_meeting_series_listed_place" CHECK (NOT listed OR public_address IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP CONSTRAINT "ck_meeting_series_listed_place"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP CONSTRAINT "ck_meeting_series_public_coordinates"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_conference_phone"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_conference_url"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_longitude"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_latitude"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_region"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_location"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP COLUMN "public_address"`);
  }
}
