import { Port } from '../../core/module';
import type { DeliveryService } from './delivery.service';

/** E-mail and push delivery, for scripts and tests that drive its jobs by hand. */
export const DELIVERY = new Port<DeliveryService>('delivery');
