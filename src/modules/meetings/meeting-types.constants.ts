/**
 * Meeting type codes of the Meeting Guide specification (code-for-recovery/spec), the
 * format recovery meeting finders exchange. Only these codes are accepted on meetings.
 */
export const MEETING_GUIDE_TYPES: Readonly<Record<string, string>> = {
  '11': '11th Step Meditation',
  '12x12': '12 Steps & 12 Traditions',
  A: 'Secular',
  ABSI: 'As Bill Sees It',
  AL: 'Concurrent with Alateen',
  'AL-AN': 'Concurrent with Al-Anon',
  ASL: 'American Sign Language',
  B: 'Big Book',
  BA: 'Babysitting Available',
  BE: 'Newcomer',
  BI: 'Bisexual',
  BRK: 'Breakfast',
  C: 'Closed',
  CAN: 'Candlelight',
  CF: 'Child-Friendly',
  D: 'Discussion',
  DB: 'Digital Basket',
  DD: 'Dual Diagnosis',
  DE: 'German',
  DR: 'Daily Reflections',
  EN: 'English',
  FA: 'Persian',
  FF: 'Fragrance Free',
  FR: 'French',
  G: 'Gay',
  GR: 'Grapevine',
  H: 'Birthday',
  HE: 'Hebrew',
  ITA: 'Italian',
  JA: 'Japanese',
  KOR: 'Korean',
  L: 'Lesbian',
  LGBTQ: 'LGBTQ',
  LIT: 'Literature',
  LS: 'Living Sober',
  M: 'Men',
  MED: 'Meditation',
  N: 'Native American',
  NB: 'Non-Binary',
  NDG: 'Indigenous',
  O: 'Open',
  ONL: 'Online Meeting',
  OUT: 'Outdoor Meeting',
  P: 'Professionals',
  POA: 'Proof of Attendance',
  POC: 'People of Color',
  POL: 'Polish',
  POR: 'Portuguese',
  PUN: 'Punjabi',
  RUS: 'Russian',
  S: 'Spanish',
  SEN: 'Seniors',
  SM: 'Smoking Permitted',
  SP: 'Speaker',
  ST: 'Step Study',
  T: 'Transgender',
  TC: 'Location Temporarily Closed',
  TR: 'Tradition Study',
  W: 'Women',
  X: 'Wheelchair Access',
  XB: 'Wheelchair-Accessible Bathroom',
  XT: 'Cross Talk Permitted',
  Y: 'Young People',
};

export function isMeetingGuideType(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MEETING_GUIDE_TYPES, code);
}

/** How far ahead occurrences of a recurring series exist as meetings. */
export const SERIES_HORIZON_DAYS = 56;
export const SERIES_HORIZON_MS = SERIES_HORIZON_DAYS * 24 * 3600_000;
/** Reminders go out this long before a meeting starts. */
export const REMINDER_DAY_MS = 24 * 3600_000;
export const REMINDER_HOUR_MS = 3600_000;
/** Members may check themselves in from this long before the start until the end. */
export const SELF_CHECK_IN_EARLY_MS = 15 * 60_000;
export const MAX_DURATION_MINUTES = 24 * 60;
