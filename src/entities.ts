import { UserBlock } from './modules/accounts/block.entity';
import { DISCUSSION_ENTITIES } from './modules/discussions/discussions.entities';
import { Invitation } from './modules/accounts/invitation.entity';
import { Session } from './modules/accounts/session.entity';
import { User } from './modules/accounts/user.entity';
import { MENTORING_ENTITIES } from './modules/mentoring/mentoring.entities';
import { Notification } from './modules/notifications/notification.entity';
import { MEETING_ENTITIES } from './modules/meetings/meetings.entities';
import { Congratulation } from './modules/sobriety/congratulation.entity';
import { Milestone } from './modules/sobriety/milestone.entity';
import { SobrietyAccess } from './modules/sobriety/sobriety-access.entity';
import { SobrietyJourney } from './modules/sobriety/sobriety-journey.entity';
import { SobrietySettings } from './modules/sobriety/sobriety-settings.entity';

/** Every TypeORM entity; the migrations must match them (a test checks). */
export const entities = [User, Session, Invitation, UserBlock, Notification, SobrietyJourney, Milestone, Congratulation, SobrietyAccess, SobrietySettings, ...MEETING_ENTITIES, ...DISCUSSION_ENTITIES, ...MENTORING_ENTITIES];
