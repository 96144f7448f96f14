/** Ready-to-run operations for each kind of user; the page opens one tab per example, one operation each. */
export interface Example {
  title: string;
  who: string;
  query: string;
  variables?: string;
}

export const EXAMPLES: Example[] = [
  {
    title: 'Alumnus: upcoming meetings',
    who: 'sam@onward.example',
    query: `# Signed in as an alumnus (sam@onward.example): the next meetings, seats and your RSVP.
query UpcomingMeetings {
  meetings(first: 5) {
    edges { node { id title startsAt timeZone format seatsLeft goingCount waitlistCount viewerRsvp { status waitlistPosition } } }
  }
}
`,
  },
  {
    title: 'Alumnus: RSVP',
    who: 'sam@onward.example',
    query: `# Take a seat (or a place on the waitlist): paste a meeting id from the previous tab below.
mutation Rsvp($meetingId: ID!) {
  rsvp(input: { meetingId: $meetingId }) { rsvp { id status waitlistPosition } }
}
`,
    variables: '{ "meetingId": "paste a meeting id here" }',
  },
  {
    title: 'Mentor: proposals',
    who: 'maria@onward.example',
    query: `# Signed in as a mentor (maria@onward.example): proposals waiting for your answer.
query Proposals {
  viewer {
    displayName
    mentorMatches(status: PROPOSED, first: 10) {
      edges { node { id respondBy mentee { displayName } request { note focusAreas } } }
    }
  }
}
`,
  },
  {
    title: 'Mentor: accept a proposal',
    who: 'maria@onward.example',
    query: `# Accept a proposed match: paste a match id from the previous tab below.
mutation Accept($matchId: ID!) {
  respondToMatch(input: { matchId: $matchId, accept: true }) { match { id status } }
}
`,
    variables: '{ "matchId": "paste a match id here" }',
  },
  {
    title: 'Coordinator: work the moderation queue',
    who: 'coordinator@onward.example',
    query: `# Signed in as a coordinator (coordinator@onward.example): HIGH priority first.
query Queue {
  moderationQueue(first: 20) {
    totalCount
    edges { node { id priority status createdAt post { id body status } reports { reason } } }
  }
}
`,
  },
  {
    title: 'Coordinator: the queue, live',
    who: 'coordinator@onward.example',
    query: `# Runs over WebSocket: leave it open; new items (crisis language first) arrive here.
subscription LiveQueue {
  moderationQueueUpdated { id priority status post { id body } }
}
`,
  },
  {
    title: 'Anyone: live notifications',
    who: 'any signed-in member',
    query: `# Runs over WebSocket; leave it open and watch notifications arrive.
subscription Live {
  notificationAdded { id kind message createdAt }
}
`,
  },
];
