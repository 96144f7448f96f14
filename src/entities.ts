import { UserBlock } from './modules/accounts/block.entity';
import { Invitation } from './modules/accounts/invitation.entity';
import { Session } from './modules/accounts/session.entity';
import { User } from './modules/accounts/user.entity';
import { Notification } from './modules/notifications/notification.entity';

/** Every TypeORM entity; the migrations must match them (a test checks). */
export const entities = [User, Session, Invitation, UserBlock, Notification];
