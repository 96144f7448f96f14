import { LoaderKey } from '../../core/loaders';
import { defineModule, provide } from '../../core/module';
import { sql } from '../../core/sql';
import { ACCOUNTS, USER_LOADER } from '../accounts/accounts.ports';
import { MENTOR_LOOKUP } from '../sobriety/sobriety.ports';
import { ConsentAccess } from './consent-access.entity';
import { Consent } from './consent.entity';
import { ConsentGate } from './consents.gate';
import { createConsentLoaders } from './consents.loaders';
import { CONSENTS } from './consents.ports';
import {
  AccessRecordResolver,
  ConsentRecipientResolver,
  ConsentResolver,
  ConsentsResolver,
  ConsentsUserResolver,
} from './consents.resolver';
import { seedConsents } from './consents.seed';
import { ConsentsService } from './consents.service';

/** Consents to share a member's data, the one check every read under them passes, and the merged access log. */
export const consentsModule = defineModule({
  name: 'consents',
  entities: [Consent, ConsentAccess],
  resolvers: [ConsentsResolver, ConsentResolver, ConsentRecipientResolver, AccessRecordResolver, ConsentsUserResolver],
  dataMap: [
    { table: 'consents', column: 'member_id', exportAs: 'consentsGiven', onDelete: 'delete' },
    {
      table: 'consents',
      column: 'recipient_user_id',
      exportAs: 'consentsReceived',
      // The API shows a recipient only the consents in effect that name them, and none across a block.
      exportWhere: sql`x.revoked_at IS NULL AND x.expires_at > now()
        AND NOT EXISTS (SELECT 1 FROM user_blocks b
                         WHERE (b.blocker_id = x.member_id AND b.blocked_id = x.recipient_user_id)
                            OR (b.blocker_id = x.recipient_user_id AND b.blocked_id = x.member_id))`,
      onDelete: 'keep',
      why: 'the record of what another member consented to share is theirs; the recipient shows there as a former member and can no longer sign in to read anything',
    },
    { table: 'consent_access_log', column: 'member_id', exportAs: 'consentAccessLog', onDelete: 'delete' },
    {
      table: 'consent_access_log',
      column: 'accessor_id',
      onDelete: 'keep',
      why: "the record of reading someone else's data belongs to that member's accounting of disclosures",
    },
  ],
  build({ ds, tx }, registry) {
    const service = new ConsentsService(ds, tx, registry.get(ACCOUNTS), registry.get(MENTOR_LOOKUP));
    const loaders = new LoaderKey('consents', () => createConsentLoaders(service));
    const users = registry.get(USER_LOADER);
    return {
      resolvers: [
        new ConsentsResolver(service),
        new ConsentResolver(users, loaders),
        new ConsentRecipientResolver(users),
        new AccessRecordResolver(users, loaders),
        new ConsentsUserResolver(service),
      ],
      provides: [provide(CONSENTS, new ConsentGate(service, loaders, registry.get(MENTOR_LOOKUP)))],
      seed: (ctx) => seedConsents({ consents: service }, ctx),
    };
  },
});
