import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's going attendees in the order the list shows them. A page of meetings shows each
 * one's first few: without this index every page read and sorted every seat of every meeting.
 */
export class IndexGoingAttendees1795936156063 implements MigrationInterface {
  name = 'IndexGoingAttendees1795936156063';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_meeting_rsvps_going" ON "meeting_rsvps"  ("meeting_id", "created_at", "id") WHERE "status" = 'GOING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_rsvps_going"`);
  }
}
