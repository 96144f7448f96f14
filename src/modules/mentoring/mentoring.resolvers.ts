import { MentoringResolver, MentoringUserResolver, MentorMatchResolver, MentorProfileResolver, MentorRequestResolver } from './mentoring.resolver';

export const MENTORING_RESOLVERS = [MentoringResolver, MentorMatchResolver, MentorRequestResolver, MentorProfileResolver, MentoringUserResolver];
