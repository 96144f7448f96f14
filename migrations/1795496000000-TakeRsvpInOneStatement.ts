import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An RSVP in one round trip: the meeting row is locked, looked at and written inside the
 * database, so under a rush the lock is never held across network round trips.
 */
export class TakeRsvpInOneStatement1795496000000 implements MigrationInterface {
  name = 'TakeRsvpInOneStatement1795496000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION meeting_rsvp_position(r meeting_rsvps) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN r.status = 'WAITLISTED' THEN (
    SELECT count(*)::int FROM meeting_rsvps w WHERE w.meeting_id = r.meeting_id AND w.status = 'WAITLISTED' AND w.waitlist_seq <= r.waitlist_seq
  ) END $$`);
    await queryRunner.query(`CREATE FUNCTION meeting_rsvp(p_meeting uuid, p_user uuid, p_now timestamptz)
RETURNS TABLE (outcome text, changed boolean, rsvp meeting_rsvps, waitlist_position integer) LANGUAGE plpgsql AS $$
DECLARE
  m record;
  existing_id uuid;
  existing_status rsvp_status;
  new_status rsvp_status;
  new_seq integer;
BEGIN
  SELECT id, capacity, going_count, status, starts_at INTO m FROM meetings WHERE id = p_meeting FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'NOT_FOUND'::text, false, NULL::meeting_rsvps, NULL::integer; RETURN;
  END IF;
  IF m.status = 'CANCELLED' THEN
    RETURN QUERY SELECT 'MEETING_CANCELLED'::text, false, NULL::meeting_rsvps, NULL::integer; RETURN;
  END IF;
  IF m.starts_at <= p_now THEN
    RETURN QUERY SELECT 'MEETING_STARTED'::text, false, NULL::meeting_rsvps, NULL::integer; RETURN;
  END IF;
  SELECT id, status INTO existing_id, existing_status FROM meeting_rsvps WHERE meeting_id = p_meeting AND user_id = p_user;
  IF existing_id IS NOT NULL AND existing_status <> 'CANCELLED' THEN
    RETURN QUERY SELECT 'OK'::text, false, r, meeting_rsvp_position(r) FROM meeting_rsvps r WHERE r.id = existing_id; RETURN;
  END IF;
  IF m.capacity IS NULL OR m.going_count < m.capacity THEN
    new_status := 'GOING';
  ELSE
    new_status := 'WAITLISTED';
    SELECT COALESCE(max(waitlist_seq), 0) + 1 INTO new_seq FROM meeting_rsvps WHERE meeting_id = p_meeting;
  END IF;
  IF existing_id IS NOT NULL THEN
    UPDATE meeting_rsvps SET status = new_status, waitlist_seq = new_seq, updated_at = now() WHERE id = existing_id;
  ELSE
    INSERT INTO meeting_rsvps (meeting_id, user_id, status, waitlist_seq) VALUES (p_meeting, p_user, new_status, new_seq)
    RETURNING id INTO existing_id;
  END IF;
  RETURN QUERY SELECT 'OK'::text, true, r, meeting_rsvp_position(r) FROM meeting_rsvps r WHERE r.id = existing_id;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION meeting_rsvp(uuid, uuid, timestamptz)`);
    await queryRunner.query(`DROP FUNCTION meeting_rsvp_position(meeting_rsvps)`);
  }
}
