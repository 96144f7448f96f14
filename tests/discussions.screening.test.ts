import corpus from './fixtures/screening-corpus.json';
import { normalizeWords, screenText } from '../src/modules/discussions/screening';

type Label = 'crisis' | 'near_miss' | 'privacy' | 'sourcing' | 'ordinary';
const items = corpus as Array<{ text: string; label: Label }>;

// Measured once, at load, so that the test names state the figures.
const results = items.map((c) => ({ ...c, r: screenText(c.text) }));
const crisis = results.filter((c) => c.label === 'crisis');
const flagged = results.filter((c) => c.r.crisis);
const truePositives = flagged.filter((c) => c.label === 'crisis').length;
const recall = truePositives / crisis.length;
const precision = truePositives / flagged.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe(`screening corpus (${items.length} labelled sentences)`, () => {
  it('holds at least 150 sentences with near-misses, privacy, sourcing and ordinary talk', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    for (const label of ['crisis', 'near_miss', 'privacy', 'sourcing', 'ordinary']) {
      expect(items.filter((c) => c.label === label).length).toBeGreaterThanOrEqual(15);
    }
  });

  it(`finds every crisis sentence: recall ${pct(recall)} (${truePositives}/${crisis.length})`, () => {
    expect(crisis.filter((c) => !c.r.crisis).map((c) => c.text)).toEqual([]);
  });

  it(`crisis precision is ${pct(precision)} (${truePositives}/${flagged.length} flagged), at least 95%`, () => {
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('holds every privacy and sourcing sentence, and no ordinary or near-miss sentence', () => {
    const missedPrivacy = results.filter((c) => c.label === 'privacy' && !c.r.holds.includes('PRIVACY_BREACH'));
    const missedSourcing = results.filter((c) => c.label === 'sourcing' && !c.r.holds.includes('SUBSTANCE_PROMOTION'));
    const wrongHolds = results.filter(
      (c) => (c.label === 'ordinary' || c.label === 'near_miss' || c.label === 'crisis') && c.r.holds.length,
    );
    expect(missedPrivacy.map((c) => c.text)).toEqual([]);
    expect(missedSourcing.map((c) => c.text)).toEqual([]);
    expect(wrongHolds.map((c) => c.text)).toEqual([]);
  });

  it('flags no ordinary sentence as crisis', () => {
    expect(results.filter((c) => c.label === 'ordinary' && c.r.crisis).map((c) => c.text)).toEqual([]);
  });
});

describe('normalisation', () => {
  it.each([
    ['K1LL   MYS3LF!!!', 'kil myself'],
    ['I want to diiiiie', 'i want to die'],
    ["I OD'd", 'i overdosed'],
    ['that’s odd', 'thats od'],
  ])('%s → %s', (input, words) => {
    expect(normalizeWords(input).join(' ')).toBe(words);
  });

  it('lets members share crisis lines and configured numbers, not other numbers', () => {
    expect(screenText('Call 988 or SAMHSA at 1-800-662-4357').holds).toEqual([]);
    expect(screenText('the on-call line is 312-555-0100', { allowedPhoneNumbers: ['312-555-0100'] }).holds).toEqual([]);
    expect(screenText('my cell is 312-555-0101').holds).toEqual(['PRIVACY_BREACH']);
  });
});
