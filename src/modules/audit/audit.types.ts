import { Connection } from '../../core/pagination';
import { ModerationLogEntry } from './moderation-log.entity';

export const ModerationLogEntryConnection = Connection(ModerationLogEntry);
