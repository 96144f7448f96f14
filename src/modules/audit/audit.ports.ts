import { Port } from '../../core/module';
import type { AuditLog } from './audit.service';

/** The append-only moderation log, for every module that moderates. */
export const AUDIT = new Port<AuditLog>('audit');
