/** Ready-to-run operations for each kind of user; the page opens one tab per example. */
export interface Example {
  title: string;
  who: string;
  query: string;
  variables?: string;
}

export const EXAMPLES: Example[] = [
  {
    title: 'Alumnus: find a meeting and RSVP',
    who: 'sam@onward.example',
    query: `# Signed in as an alumnus (sam@onward.example): upcoming meetings, then RSVP.
query UpcomingMeetings {
  meetings(first: 5) {
    edges { node { id title startsAt timeZone format seatsLeft goingCount waitlistCount viewerRsvp { status waitlistPosition } } }
  }
}

mutation Rsvp($meetingId: ID!) {
  rsvp(input: { meetingId: $meetingId }) { rsvp { id status waitlistPosition } }
}
`,
    variables: '{ "meetingId": "paste a meeting id here" }',
  },
  {
    title: 'Mentor: accept a proposed match',
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
