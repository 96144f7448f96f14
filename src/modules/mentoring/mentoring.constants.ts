/**
 * Fixed vocabularies of mentoring. Codes are stored and sent as strings; labels are for
 * people. Adding a code is safe; renaming one orphans stored profiles and requests.
 */
export const FOCUS_AREAS = {
  ALCOHOL: 'Alcohol',
  OPIOIDS: 'Opioids',
  STIMULANTS: 'Stimulants (cocaine, methamphetamine)',
  CANNABIS: 'Cannabis',
  BENZODIAZEPINES: 'Benzodiazepines and sedatives',
  GAMBLING: 'Gambling',
  CO_OCCURRING_ANXIETY: 'Co-occurring anxiety',
  CO_OCCURRING_DEPRESSION: 'Co-occurring depression',
  TRAUMA: 'Trauma',
  FAMILY: 'Family and relationships',
  PARENTING: 'Parenting in recovery',
  EMPLOYMENT: 'Work and employment',
  HOUSING: 'Housing and sober living',
  LEGAL: 'Legal system involvement',
  LGBTQ: 'LGBTQ+',
  VETERANS: 'Veterans',
  YOUNG_ADULTS: 'Young adults',
  FAITH: 'Faith-based recovery',
} as const;
export type FocusArea = keyof typeof FOCUS_AREAS;

/** ISO 639-1 two-letter language codes. */
export const LANGUAGES: ReadonlySet<string> = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
    'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko ' +
    'kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi ' +
    'pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ' +
    'ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

/** How a mentor describes themself, for mentees who ask for a mentor of the same gender. */
export const GENDERS = {
  WOMAN: 'Woman',
  MAN: 'Man',
  NON_BINARY: 'Non-binary',
  SELF_DESCRIBED: 'Another gender',
} as const;
export type Gender = keyof typeof GENDERS;

export const MAX_CAPACITY = 10;
export const MAX_AVAILABILITY_SLOTS = 28;
export const MAX_BIO_LENGTH = 2000;
export const MAX_NOTE_LENGTH = 1000;
export const MAX_REASON_LENGTH = 500;
/** How many candidates `mentorCandidates` lists. */
export const MAX_CANDIDATES = 20;
