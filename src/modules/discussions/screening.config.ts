/**
 * Screening word lists and support resources: data, not logic (see screening.ts).
 *
 * Phrase syntax (matched on normalised words: lower case, leetspeak undone, apostrophes
 * dropped, repeated letters collapsed): words separated by spaces; `a|b` either word;
 * a trailing `*` matches any word starting so; `...` skips up to four words.
 * A rule fires when every group in `all` has a phrase present and no `unless` phrase is.
 */
export interface PhraseRule {
  id: string;
  all: string[][];
  unless?: string[];
}

/** Rewrites applied before words are split: slang and shorthand that single words would miss. */
export const CRISIS_SUBSTITUTIONS: Array<[pattern: string, replacement: string]> = [
  [String.raw`\bo\.?d(?:'d|'ed|-ed|ed)\b`, ' overdosed '],
  [String.raw`\bo\.?d(?:'ing|-ing|ing)\b`, ' overdosing '],
  [String.raw`\bo\.d\.?(?=\s|$)`, ' overdose '],
  [String.raw`\bod\b`, ' overdose '],
  [String.raw`\bkms\b`, ' kill myself '],
  [String.raw`\bun-?alive\b`, ' kill '],
  [String.raw`\bsewer ?slide\b`, ' suicide '],
  [String.raw`\bsu+i*c+i*d+e*\b`, ' suicide '],
  [String.raw`\b(?:sucid|suicd|suiside|suisid|sucide)(e|al)?\b`, ' suicid$1 '],
  [String.raw`\bwanna\b`, ' want to '],
  [String.raw`\bgonna\b`, ' going to '],
];

export const CRISIS_RULES: PhraseRule[] = [
  {
    id: 'suicidal',
    all: [
      [
        'suicidal',
        'suicide note',
        'commit|attempt|attempted|consider|considering|contemplating suicide',
        'suicide attempt',
      ],
    ],
  },
  {
    id: 'suicide',
    all: [['suicide']],
    unless: ['suicide prevention', 'suicide awareness', 'suicide squad', 'prevent suicide', 'suicide hotline training'],
  },
  {
    id: 'kill-self',
    all: [
      [
        'kill|killing|killed myself|meself|mysef',
        'kill|killing|killed my self',
        'end|ending|take|taking my life|lives',
        'take my own life',
        'end it all|now|tonight',
        'ending it all',
        'hurt|hurting|harm|harming|cut|cutting myself',
        'self harm|harming',
        'selfharm*',
      ],
    ],
  },
  {
    id: 'want-to-die',
    all: [
      [
        'want|wanted|wish|ready to|2 die',
        'want|wish to be dead',
        'i want die',
        'wish i was|were dead',
        'wish i could die',
        'better off dead',
        'better off without me',
        'dont want to live|exist|wake',
        'do not want to live|exist|wake',
        'dont|not want to be alive',
        'no reason|point to|in live|living',
        'nothing left to live for',
        'nothing to live for',
        'cant|cannot go on',
        'can not go on',
        'dont see the point in living',
        'dont see the point in going on',
        'going to|gona die tonight',
      ],
    ],
  },
  {
    id: 'overdose',
    all: [
      [
        'overdosed',
        'overdosing',
        'take|took an overdose',
        'want|going to overdose',
        'gona|might|wil overdose',
        'overdose on purpose',
      ],
    ],
  },
  {
    id: 'relapse-in-distress',
    all: [
      [
        'using again',
        'used again',
        'relapsed',
        'picked up again',
        'drinking again',
        'drank again',
        'back on the pills|bottle|needle',
      ],
      [
        'hate myself',
        'cant|cannot stop',
        'can not stop',
        'give up',
        'giving up',
        'no point',
        'whats the point',
        'hopeless',
        'worthless',
        'ashamed',
        'failure',
        'scared',
        'terrified',
        'end it',
        'done with everything',
        'cant do this',
        'dont care anymore',
        'want to die',
        'alone',
        'falling apart',
        'spiraling|spiralling',
      ],
    ],
  },
];

/** Offers to sell or source substances: an offer word and a substance word together. */
export const SOURCING_RULES: PhraseRule[] = [
  {
    id: 'sourcing',
    all: [
      [
        'selling',
        'for sale',
        'sell you',
        'sell some',
        'hook you|u up',
        'hit me up',
        'dm|pm|message|text me for',
        'can get you|u',
        'i got|have some',
        'got plenty',
        'anyone|who|whos|who is selling',
        'need a plug',
        'my plug',
        'ur|your plug',
        'score some',
        'cheap',
        'delivery',
        'cashapp|venmo|zelle',
      ],
      [
        'pill',
        'pills',
        'oxy*',
        'perc*',
        'roxy',
        'roxies',
        'xanax',
        'xans',
        'xannies',
        'bars',
        'fent*',
        'heroin',
        'dope',
        'meth',
        'crystal',
        'coke',
        'cocaine',
        'crack',
        'molly',
        'mdma',
        'ketamine',
        'weed',
        'kratom',
        'subs',
        'suboxone',
        'adderall',
        'addys',
        'blues',
        'lean',
        'shrooms',
        'acid',
        'tabs',
        'benzos',
        'klonopin',
        'valium',
        'opiates',
        'opioids',
      ],
    ],
  },
];

/** Numbers that are fine to share: crisis lines. The on-call number is added from settings. */
export const ALLOWED_PHONE_NUMBERS = ['988', '18006624357', '8006624357', '18002738255', '8002738255', '741741'];

/** Named in every post's payload that shows crisis language. */
export const CRISIS_LINES = [
  {
    name: '988 Suicide & Crisis Lifeline',
    contact: 'Call or text 988 (US), or chat at 988lifeline.org',
    description: 'Free, confidential support 24/7 for anyone in distress, including substance use crises.',
  },
  {
    name: 'SAMHSA National Helpline',
    contact: '1-800-662-4357',
    description: 'Free, confidential treatment referral and information, 24/7, in English and Spanish.',
  },
];
