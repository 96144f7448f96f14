import { Port } from '../../core/module';
import type { ConsentGate } from './consents.gate';

export { ConsentRecipientKind, ConsentScope } from './consents.enums';
export type { ConsentGate };

/**
 * The consent check for modules that show a member's data to others: `mayRead(viewer,
 * memberId, scope, what)` (and `mayReadInRequest` inside a request). Nothing of a member's
 * check-ins, attendance or other shared data reaches anyone else without it.
 */
export const CONSENTS = new Port<ConsentGate>('consents');
