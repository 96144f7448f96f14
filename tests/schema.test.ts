import fs from 'node:fs';
import path from 'node:path';
import { createInProcessPubSub } from '../src/core/pubsub';
import { getMetadataStorage } from 'type-graphql';
import { appliedRules, buildOnwardSchema, operationRules, printOnwardSchema } from '../src/schema';

/**
 * Every operation of the API with the rule that guards it. A new operation fails this
 * test until it is added here, so nothing slips in unguarded.
 */
const EXPECTED_RULES: Record<string, string> = {
  'Query.viewer': 'PUBLIC',
  'Query.user': 'SIGNED_IN',
  'Query.notifications': 'SIGNED_IN',
  'Query.unreadNotificationCount': 'SIGNED_IN',
  'Query.exportMyData': 'ALLY',
  'Mutation.deleteMyAccount': 'ALLY',
  'Mutation.signUp': 'PUBLIC',
  'Mutation.logIn': 'PUBLIC',
  'Mutation.logOut': 'ALLY',
  'Mutation.updateProfile': 'ALLY',
  'Mutation.blockUser': 'SIGNED_IN',
  'Mutation.unblockUser': 'SIGNED_IN',
  'Mutation.suspendUser': 'COORDINATOR',
  'Mutation.liftSuspension': 'COORDINATOR',
  'Mutation.createInvitation': 'COORDINATOR',
  'Mutation.markNotificationsRead': 'SIGNED_IN',
  'Subscription.notificationAdded': 'SIGNED_IN',
  'Query.meetings': 'ALLY',
  'Query.membersNeedingAttention': 'COORDINATOR',
  'Query.meeting': 'ALLY',
  'Query.attendanceLetter': 'SIGNED_IN',
  'Query.meetingTypes': 'SIGNED_IN',
  'Mutation.createMeeting': 'MENTOR',
  'Mutation.updateMeeting': 'MENTOR',
  'Mutation.cancelMeeting': 'MENTOR',
  'Mutation.rsvp': 'ALLY',
  'Mutation.cancelRsvp': 'ALLY',
  'Mutation.checkIn': 'SIGNED_IN',
  'Mutation.createCalendarFeed': 'SIGNED_IN',
  'Mutation.revokeCalendarFeed': 'SIGNED_IN',
  'Subscription.meetingUpdated': 'SIGNED_IN',
  'Query.categories': 'SIGNED_IN',
  'Query.threads': 'SIGNED_IN',
  'Query.thread': 'SIGNED_IN',
  'Query.moderationQueue': 'COORDINATOR',
  'Query.moderationLog': 'COORDINATOR',
  'Mutation.createThread': 'SIGNED_IN',
  'Mutation.replyToThread': 'SIGNED_IN',
  'Mutation.editPost': 'SIGNED_IN',
  'Mutation.supportPost': 'SIGNED_IN',
  'Mutation.unsupportPost': 'SIGNED_IN',
  'Mutation.reportPost': 'SIGNED_IN',
  'Mutation.pinThread': 'COORDINATOR',
  'Mutation.createCategory': 'COORDINATOR',
  'Mutation.renameCategory': 'COORDINATOR',
  'Mutation.moderatePost': 'COORDINATOR',
  'Mutation.lockThread': 'COORDINATOR',
  'Mutation.setSlowMode': 'COORDINATOR',
  'Subscription.postAdded': 'SIGNED_IN',
  'Subscription.moderationQueueUpdated': 'COORDINATOR',
  'Query.milestoneFeed': 'SIGNED_IN',
  'Mutation.setSobrietyDate': 'SIGNED_IN',
  'Mutation.setMilestoneAnnouncements': 'SIGNED_IN',
  'Mutation.congratulate': 'SIGNED_IN',
  'Subscription.milestoneReached': 'ALLY',
  'Query.mentorFocusAreas': 'SIGNED_IN',
  'Query.mentorCandidates': 'SIGNED_IN',
  'Query.mentorRequests': 'COORDINATOR',
  'Query.mentors': 'COORDINATOR',
  'Query.mentorMatchesForReview': 'COORDINATOR',
  'Mutation.upsertMentorProfile': 'SIGNED_IN',
  'Mutation.approveMentor': 'COORDINATOR',
  'Mutation.setAcceptingMentees': 'SIGNED_IN',
  'Mutation.setDisengagementAlert': 'SIGNED_IN',
  'Mutation.requestMentor': 'SIGNED_IN',
  'Mutation.proposeMatch': 'COORDINATOR',
  'Mutation.respondToMatch': 'SIGNED_IN',
  'Mutation.endMatch': 'SIGNED_IN',
  'Mutation.runMatchingRound': 'COORDINATOR',
  'Subscription.matchUpdated': 'SIGNED_IN',
  'Mutation.giveConsent': 'SIGNED_IN',
  'Mutation.revokeConsent': 'SIGNED_IN',
  'Mutation.dailyCheckIn': 'SIGNED_IN',
  'Subscription.checkInShared': 'SIGNED_IN',
  'Mutation.setSupportCircle': 'SIGNED_IN',
  'Mutation.reachOut': 'SIGNED_IN',
  'Mutation.setDeliveryPreferences': 'SIGNED_IN',
  'Mutation.registerPushSubscription': 'SIGNED_IN',
  'Mutation.unregisterPushSubscription': 'SIGNED_IN',
  'Mutation.acknowledgeReachOut': 'SIGNED_IN',
  'Mutation.closeReachOut': 'SIGNED_IN',
  'Subscription.reachOutUpdated': 'SIGNED_IN',
  'Mutation.createAttendanceProof': 'SIGNED_IN',
  'Mutation.revokeAttendanceProof': 'SIGNED_IN',
  'Mutation.inviteAlly': 'SIGNED_IN',
  'Mutation.removeAlly': 'SIGNED_IN',
  'Mutation.shareWithAllies': 'SIGNED_IN',
};

describe('schema', () => {
  const schema = buildOnwardSchema(createInProcessPubSub());

  it('matches the committed schema/schema.graphql (run `npm run schema:emit` after changing the API)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printOnwardSchema(schema)).toBe(committed);
  });

  it('guards every Query, Mutation and Subscription with a declared rule', () => {
    const rules = operationRules();
    expect(rules).toEqual(EXPECTED_RULES);
    const inSchema = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
      ...Object.keys(schema.getSubscriptionType()!.getFields()).map((f) => `Subscription.${f}`),
    ].sort();
    expect(inSchema).toEqual(Object.keys(EXPECTED_RULES).sort());
    // The schema applies exactly those rules to the operations.
    const applied = appliedRules(schema);
    const onRoots = Object.entries(applied).filter(([f]) => /^(Query|Mutation|Subscription)\./.test(f));
    expect(Object.fromEntries(onRoots)).toEqual(EXPECTED_RULES);
  });

  it('puts every field resolver behind its rule', () => {
    // Every resolver class declares a default, so every field a resolver serves has a rule.
    const storage = getMetadataStorage();
    const served = storage.fieldResolvers
      .map((r) => `${storage.objectTypes.find((o) => o.target === r.getObjectType?.())?.name}.${r.schemaName}`)
      .filter((f) => !f.startsWith('undefined.'));
    const applied = appliedRules(schema);
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((f) => !(f in applied))).toEqual([]);
    expect(applied['Post.body']).toBe('SIGNED_IN');
    expect(applied['ModerationItem.post']).toBe('COORDINATOR');
    expect(applied['PostReport.reporter']).toBe('SIGNED_IN');
  });

  it('documents every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description && !['input'].includes(arg.name))
              missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ('getValues' in type) {
        for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
