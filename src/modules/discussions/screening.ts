import {
  ALLOWED_PHONE_NUMBERS,
  CRISIS_LINES,
  CRISIS_RULES,
  CRISIS_SUBSTITUTIONS,
  SOURCING_RULES,
  type PhraseRule,
} from './screening.config';

/**
 * Screens post text. Crisis language never hides a post: it earns the author support
 * resources and a HIGH queue item. Contact details and offers of substances hold the post.
 */
export type Hold = 'PRIVACY_BREACH' | 'SUBSTANCE_PROMOTION';

export interface ScreenResult {
  crisis: boolean;
  holds: Hold[];
  /** Ids of the rules that fired, for tests and tuning; never logged with the text. */
  matched: string[];
}

export interface SupportResource {
  name: string;
  contact: string;
  description: string;
}

export interface ScreeningSettings {
  /** Extra numbers members may share freely (the on-call coordinator's). */
  allowedPhoneNumbers?: string[];
  allowedEmails?: string[];
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function undoLeet(text: string): string {
  // Only inside words that hold a letter, so that numbers like 988 stay numbers.
  return text.replace(/[a-z0-9@$!|]+/g, (word) => {
    if (!/[a-z]/.test(word)) return word;
    return word.replace(/[!|](?=[a-z0-9])/g, (c) => (c === '!' ? 'i' : 'l')).replace(/[013457@$]/g, (c) => LEET[c]);
  });
}

const collapse = (word: string) => word.replace(/(.)\1+/g, '$1');

const SUBSTITUTIONS = CRISIS_SUBSTITUTIONS.map(([p, r]) => [new RegExp(p, 'g'), r] as const);

/** Lower case, accents and leetspeak undone, slang rewritten, punctuation dropped, repeats collapsed. */
export function normalizeWords(text: string): string[] {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  s = s.replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'");
  s = undoLeet(s);
  for (const [re, replacement] of SUBSTITUTIONS) s = s.replace(re, replacement);
  s = s.replace(/'/g, '');
  return s
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(collapse);
}

type Token = { gap: true } | { gap: false; options: Array<{ word: string; prefix: boolean }> };
type Phrase = Token[];

function compilePhrase(phrase: string): Phrase {
  return phrase
    .trim()
    .split(/\s+/)
    .map((part): Token => {
      if (part === '...') return { gap: true };
      return {
        gap: false,
        options: part.split('|').map((o) => {
          const prefix = o.endsWith('*');
          return { word: collapse(o.replace(/\*$/, '').toLowerCase().replace(/'/g, '')), prefix };
        }),
      };
    });
}

function matchAt(words: string[], i: number, phrase: Phrase, k: number): boolean {
  if (k === phrase.length) return true;
  const tok = phrase[k];
  if (tok.gap) {
    for (let skip = 0; skip <= 4 && i + skip <= words.length; skip++)
      if (matchAt(words, i + skip, phrase, k + 1)) return true;
    return false;
  }
  if (i >= words.length) return false;
  const w = words[i];
  if (!tok.options.some((o) => (o.prefix ? w.startsWith(o.word) : w === o.word))) return false;
  return matchAt(words, i + 1, phrase, k + 1);
}

function contains(words: string[], phrase: Phrase): boolean {
  for (let i = 0; i < words.length; i++) if (matchAt(words, i, phrase, 0)) return true;
  return false;
}

interface CompiledRule {
  id: string;
  all: Phrase[][];
  unless: Phrase[];
}

const compile = (rules: PhraseRule[]): CompiledRule[] =>
  rules.map((r) => ({
    id: r.id,
    all: r.all.map((g) => g.map(compilePhrase)),
    unless: (r.unless ?? []).map(compilePhrase),
  }));

const CRISIS = compile(CRISIS_RULES);
const SOURCING = compile(SOURCING_RULES);

function fired(words: string[], rules: CompiledRule[]): string[] {
  return rules
    .filter(
      (r) => r.all.every((group) => group.some((p) => contains(words, p))) && !r.unless.some((p) => contains(words, p)),
    )
    .map((r) => r.id);
}

const PHONE = /(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g;
const EMAIL =
  /[a-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[a-z0-9-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[a-z0-9-]+)*\s*(?:\.|\(dot\)|\[dot\])\s*[a-z]{2,}\b/gi;

// "name at gmail dot com", spelled out to slip past filters.
const SPELLED_EMAIL =
  /\b[a-z0-9._%+-]+\s+(?:at|@)\s+[a-z0-9-]+\s+(?:dot|\.)\s+(?:com|org|net|edu|gov|io|co|us|uk|de|ca|me)\b/i;

function sharesContact(text: string, settings: ScreeningSettings): boolean {
  const allowed = new Set([
    ...ALLOWED_PHONE_NUMBERS,
    ...(settings.allowedPhoneNumbers ?? []).map((n) => n.replace(/\D/g, '')),
  ]);
  for (const m of text.match(PHONE) ?? []) {
    const digits = m.replace(/\D/g, '');
    if (!allowed.has(digits) && !allowed.has(digits.replace(/^1/, ''))) return true;
  }
  const emails = new Set((settings.allowedEmails ?? []).map((e) => e.toLowerCase()));
  if (SPELLED_EMAIL.test(text)) return true;
  return (text.match(EMAIL) ?? []).some((e) => !emails.has(e.toLowerCase()));
}

export function screenText(text: string, settings: ScreeningSettings = {}): ScreenResult {
  const words = normalizeWords(text);
  const crisis = fired(words, CRISIS);
  const holds: Hold[] = [];
  const matched = [...crisis];
  if (sharesContact(text, settings)) {
    holds.push('PRIVACY_BREACH');
    matched.push('contact-details');
  }
  const sourcing = fired(words, SOURCING);
  if (sourcing.length) {
    holds.push('SUBSTANCE_PROMOTION');
    matched.push(...sourcing);
  }
  return { crisis: crisis.length > 0, holds, matched };
}

/** The crisis lines and the program's on-call coordinator. */
export function supportResources(onCall: SupportResource): SupportResource[] {
  return [...CRISIS_LINES, onCall];
}
