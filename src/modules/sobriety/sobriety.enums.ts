import { registerEnumType } from 'type-graphql';

/** Who may see a member's sobriety date and milestones; each tier adds to the one before. */
export enum Visibility {
  PRIVATE = 'PRIVATE',
  MENTOR = 'MENTOR',
  COORDINATORS = 'COORDINATORS',
  NETWORK = 'NETWORK',
}
registerEnumType(Visibility, {
  name: 'Visibility',
  description: "Who may see a member's sobriety date and milestones. Each tier adds to the one before.",
  valuesConfig: {
    PRIVATE: { description: 'The member alone.' },
    MENTOR: { description: "Also the member's own mentor while their match is active." },
    COORDINATORS: { description: 'Also coordinators.' },
    NETWORK: { description: 'Every signed-in member of the network.' },
  },
});

/** Why someone other than the member read their sobriety data; such reads are recorded. */
export enum SobrietyAccessReason {
  MENTOR = 'MENTOR',
  COORDINATOR = 'COORDINATOR',
  ALLY = 'ALLY',
}
registerEnumType(SobrietyAccessReason, {
  name: 'SobrietyAccessReason',
  description: "In which role someone read a member's sobriety data.",
  valuesConfig: {
    MENTOR: { description: "As the member's mentor." },
    COORDINATOR: { description: 'As a coordinator.' },
    ALLY: { description: 'As an ally the member shares their milestones with.' },
  },
});
