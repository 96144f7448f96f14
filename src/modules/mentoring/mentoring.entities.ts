import { MentorMatch } from './mentor-match.entity';
import { MentorProfile } from './mentor-profile.entity';
import { MentorRequest } from './mentor-request.entity';

export const MENTORING_ENTITIES = [MentorProfile, MentorRequest, MentorMatch];
