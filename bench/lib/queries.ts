/** The four reads, in Onward and in PostGraphile's equivalent form. */
export const ONWARD = {
  meetings: `query Meetings { meetings(first: 50) { edges { node { id title startsAt endsAt capacity goingCount seatsLeft
    viewerRsvp { id status waitlistPosition }
    attendees(first: 3) { totalCount edges { node { id displayName } } } } } pageInfo { hasNextPage endCursor } } }`,
  thread: `query ThreadPage($id: ID!) { thread(id: $id) { id title posts(first: 50) { edges { node { id body createdAt supportCount
    author { id displayName } } } pageInfo { hasNextPage endCursor } } } }`,
  moderation: `query Queue { moderationQueue(first: 50) { edges { node { id priority causes createdAt
    post { id body status } reports { id reason note createdAt } } } pageInfo { hasNextPage endCursor } } }`,
  viewer: `query Viewer { viewer { id displayName sobriety { date days nextMilestone { label date } } } }`,
};

/** What a request costs before it resolves anything: anonymous, and signed in with the smallest read. */
export const OVERHEAD = {
  typename: `{ __typename }`,
  viewerId: `{ viewer { id } }`,
};

/**
 * PostGraphile 5 (Amber) equivalents. Row ids are `rowId` in v5. The `bench_api` functions
 * (see POSTGRAPHILE_SQL) give the "upcoming" filter, seatsLeft, viewerRsvp and the viewer,
 * as a team would add them; privacy rules (blocks, held posts) are not reproduced.
 */
export const POSTGRAPHILE = {
  meetings: `query Meetings { benchApiUpcomingMeetings(first: 50) { nodes { rowId title startsAt endsAt capacity goingCount seatsLeft
    viewerRsvp { rowId status waitlistSeq }
    meetingRsvpsByMeetingId(first: 3, condition: { status: GOING }) { totalCount nodes { userByUserId { rowId displayName } } } }
    pageInfo { hasNextPage endCursor } } }`,
  thread: `query ThreadPage($id: UUID!) { threadByRowId(rowId: $id) { rowId title postsByThreadId(first: 50, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { rowId body createdAt supportCount
    userByAuthorId { rowId displayName } } pageInfo { hasNextPage endCursor } } } }`,
  moderation: `query Queue { allModerationItems(first: 50, condition: { status: OPEN }, orderBy: [SORT_RANK_ASC, CREATED_AT_ASC]) { nodes { rowId priority causes createdAt
    postByPostId { rowId body status } postReportsByItemId { nodes { rowId reason note createdAt } } } pageInfo { hasNextPage endCursor } } }`,
  viewer: `query Viewer { benchApiCurrentViewer { rowId displayName sobrietyJourneysByUserId(first: 1) { nodes { startDate } } } }`,
};

export const POSTGRAPHILE_SQL = `
CREATE SCHEMA IF NOT EXISTS bench_api;
CREATE OR REPLACE FUNCTION bench_api.upcoming_meetings() RETURNS SETOF public.meetings LANGUAGE sql STABLE AS $$
  SELECT * FROM public.meetings WHERE status = 'SCHEDULED' AND ends_at > now() ORDER BY starts_at, id $$;
CREATE OR REPLACE FUNCTION public.meetings_seats_left(m public.meetings) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN m.capacity IS NULL THEN NULL ELSE greatest(0, m.capacity - m.going_count) END $$;
CREATE OR REPLACE FUNCTION public.meetings_viewer_rsvp(m public.meetings) RETURNS public.meeting_rsvps LANGUAGE sql STABLE AS $$
  SELECT * FROM public.meeting_rsvps r WHERE r.meeting_id = m.id AND r.user_id = nullif(current_setting('onward.user_id', true), '')::uuid $$;
CREATE OR REPLACE FUNCTION bench_api.current_viewer() RETURNS public.users LANGUAGE sql STABLE AS $$
  SELECT * FROM public.users WHERE id = nullif(current_setting('onward.user_id', true), '')::uuid $$;
COMMENT ON TABLE public.post_reports IS E'@foreignKey (item_id) references public.moderation_items (id)';
-- Its attendees come in primary-key order (it offers no order by created_at, which leads no
-- index): the first three of a meeting straight from an index, as Onward's own order has.
CREATE INDEX IF NOT EXISTS bench_meeting_rsvps_status_id ON public.meeting_rsvps (meeting_id, status, id);
`;

/** Drops what only PostGraphile's reads needed, so that the writes pay for Onward's indexes alone. */
export const POSTGRAPHILE_SQL_DONE = `DROP INDEX IF EXISTS public.bench_meeting_rsvps_status_id;`;
