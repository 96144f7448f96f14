import { Port } from '../../core/module';
import type { PrivacyService } from './privacy.service';

/** A member's own data: export and erasure. */
export const PRIVACY = new Port<PrivacyService>('privacy');
