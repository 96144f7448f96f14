/**
 * The meeting type codes of the Meeting Guide format (Code4Recovery spec: the currently
 * available types of `schema/meeting-type.schema.json`), with their English labels from the
 * spec's README. This is the one list in Onward: meetings accept exactly these codes, the
 * feeds publish only these, and `meetingTypes` shows them. Online attendance is not a type in
 * the format (no `ONL`): it is told by a published call link or dial-in phone; the migration
 * 1795904000000-ListMeetingsForMeetingFinders removed `ONL` from stored meetings.
 */
export const MEETING_GUIDE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '11': '11th Step Meditation',
  '12x12': '12 Steps & 12 Traditions',
  A: 'Secular',
  ABSI: 'As Bill Sees It',
  AL: 'Concurrent with Alateen',
  'AL-AN': 'Concurrent with Al-Anon',
  AM: 'Amharic',
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
  DA: 'Danish',
  DB: 'Digital Basket',
  DD: 'Dual Diagnosis',
  DE: 'German',
  DR: 'Daily Reflections',
  EL: 'Greek',
  EN: 'English',
  FA: 'Persian',
  FF: 'Fragrance Free',
  FR: 'French',
  G: 'Gay',
  GR: 'Grapevine',
  H: 'Birthday',
  HE: 'Hebrew',
  HI: 'Hindi',
  HR: 'Croatian',
  HU: 'Hungarian',
  ITA: 'Italian',
  JA: 'Japanese',
  KOR: 'Korean',
  L: 'Lesbian',
  LGBTQ: 'LGBTQ',
  LIT: 'Literature',
  LS: 'Living Sober',
  LT: 'Lithuanian',
  M: 'Men',
  MED: 'Meditation',
  ML: 'Malayalam',
  N: 'Native American',
  NB: 'Non-Binary',
  NDG: 'Indigenous',
  NO: 'Norwegian',
  O: 'Open',
  OUT: 'Outdoor',
  P: 'Professionals',
  POA: 'Proof of Attendance',
  POC: 'People of Color',
  POL: 'Polish',
  POR: 'Portuguese',
  PUN: 'Punjabi',
  RUS: 'Russian',
  S: 'Spanish',
  SEN: 'Seniors',
  SK: 'Slovak',
  SM: 'Smoking Permitted',
  SP: 'Speaker',
  ST: 'Step Study',
  SV: 'Swedish',
  T: 'Transgender',
  TC: 'Location Temporarily Closed',
  TH: 'Thai',
  TL: 'Tagalog',
  TR: 'Tradition Study',
  TUR: 'Turkish',
  UK: 'Ukrainian',
  W: 'Women',
  X: 'Wheelchair Access',
  XB: 'Wheelchair-Accessible Bathroom',
  XT: 'Cross Talk Permitted',
  Y: 'Young People',
});

/** Codes of earlier lists, and what the migration made of each (null: removed). */
export const RETIRED_MEETING_TYPES: Readonly<Record<string, string | null>> = Object.freeze({
  ONL: null,
});

export function isMeetingGuideType(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MEETING_GUIDE_TYPES, code);
}

/** Most type codes one meeting may carry. */
export const MAX_MEETING_TYPES = 30;

/** How far ahead occurrences of a recurring series exist as meetings. */
export const SERIES_HORIZON_DAYS = 56;
export const SERIES_HORIZON_MS = SERIES_HORIZON_DAYS * 24 * 3600_000;
/** Reminders go out this long before a meeting starts. */
export const REMINDER_DAY_MS = 24 * 3600_000;
export const REMINDER_HOUR_MS = 3600_000;
/** Members may check themselves in from this long before the start until the end. */
export const SELF_CHECK_IN_EARLY_MS = 15 * 60_000;
export const MAX_DURATION_MINUTES = 24 * 60;
