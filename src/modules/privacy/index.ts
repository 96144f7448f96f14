import { DATA_MAP, defineModule, provide } from '../../core/module';
import { PRIVACY } from './privacy.ports';
import { PrivacyResolver } from './privacy.resolver';
import { PrivacyService } from './privacy.service';

/** A member's own data: `exportMyData` and `deleteMyAccount`, over every module's data-map rows. */
export const privacyModule = defineModule({
  name: 'privacy',
  entities: [],
  resolvers: [PrivacyResolver],
  build({ ds, tx, events, logger }, registry) {
    const privacy = new PrivacyService(ds, tx, events, registry.get(DATA_MAP), logger);
    return { resolvers: [new PrivacyResolver(privacy)], provides: [provide(PRIVACY, privacy)] };
  },
});
