import { BadInputError } from '../../core/errors';

/**
 * Normalises line ends and trims; refuses empty or over-long text, naming the field.
 * Control characters never get this far: the core refuses them in every operation's
 * arguments (src/core/input.ts), with the same BAD_USER_INPUT and field.
 */
export function cleanText(raw: string, field: string, max: number): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new BadInputError(field, 'Write something first.', { reason: 'EMPTY' });
  if (text.length > max) throw new BadInputError(field, `Use at most ${max} characters.`, { reason: 'TOO_LONG', max });
  return text;
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
