import { BadInputError } from '../../core/errors';

/** Normalises line ends and trims; refuses empty, over-long or control-character text, naming the field. */
export function cleanText(raw: string, field: string, max: number): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new BadInputError(field, 'Write something first.', { reason: 'EMPTY' });
  if (text.length > max) throw new BadInputError(field, `Use at most ${max} characters.`, { reason: 'TOO_LONG', max });
  // NUL and other control characters cannot be stored and are never meant.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw new BadInputError(field, 'Remove the control characters from the text.', { reason: 'CONTROL_CHARACTERS' });
  }
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
