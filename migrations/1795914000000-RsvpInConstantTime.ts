import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `meeting_rsvp` in constant time under the meeting's lock: a new waitlist place takes the next
 * sequence from the index and its position from the maintained `waitlist_count`, instead of
 * scanning every RSVP of the meeting twice while a rush waits for the lock.
 */
export class RsvpInConstantTime1795914000000 implements MigrationInterface {
  name = 'RsvpInConstantTime1795914000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION meeting_rsvp(p_meeting uuid, p_user uuid, p_now timestamptz)
RETURNS TABLE (outcome text, changed boolean, rsvp meeting_rsvps, waitlist_position integer) LANGUAGE plpgsql AS $$
DECLARE
  m record;
  existing_id uuid;
  existing_status rsvp_status;
  new_status rsvp_status;
  new_seq integer;
  new_position integer;
BEGIN
  SELECT id, capacity, going_count, waitlist_count, status, starts_at INTO m FROM meetings WHERE id = p_meeting FOR UPDATE;
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
    -- Only waiting rows keep a sequence: the index finds the last one without a scan.
    SELECT COALESCE(max(waitlist_seq), 0) + 1 INTO new_seq FROM meeting_rsvps
     WHERE meeting_id = p_meeting AND status = 'WAITLISTED';
    -- Last in line, behind everyone the counting trigger has counted under this lock.
    new_position := m.waitlist_count + 1;
  END IF;
  IF existing_id IS NOT NULL THEN
    UPDATE meeting_rsvps SET status = new_status, waitlist_seq = new_seq, updated_at = now() WHERE id = existing_id;
  ELSE
    INSERT INTO meeting_rsvps (meeting_id, user_id, status, waitlist_seq) VALUES (p_meeting, p_user, new_status, new_seq)
    RETURNING id INTO existing_id;
  END IF;
  RETURN QUERY SELECT 'OK'::text, true, r, new_position FROM meeting_rsvps r WHERE r.id = existing_id;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION meeting_rsvp(p_meeting uuid, p_user uuid, p_now timestamptz)
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
}
