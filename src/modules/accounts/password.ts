import argon2 from 'argon2';
import { BadInputError } from '../../core/errors';

export interface HashSettings {
  memoryKiB: number;
  timeCost: number;
}

export const MIN_PASSWORD_LENGTH = 10;
// Long inputs would make hashing a denial-of-service lever.
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  '1234567890',
  '0123456789',
  'qwertyuiop',
  'qwerty1234',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'recovery123',
  'sobriety123',
  'onedayatatime',
  'changeme123',
  'abcdefghij',
  'aaaaaaaaaa',
  'admin12345',
  'football12',
]);

/** Throws BAD_USER_INPUT (field `password`) when the password is too easy to guess. */
export function assertStrongPassword(password: string, personal: string[] = []): void {
  const fail = (why: string) => {
    throw new BadInputError('password', why);
  };
  if (password.length < MIN_PASSWORD_LENGTH) fail(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) fail(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (new Set(password).size < 5) fail('Use a greater variety of characters.');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) fail('This password is too common. Choose another.');
  for (const p of personal) {
    const part = p.toLowerCase().trim();
    if (part.length >= 4 && lower.includes(part)) fail('Do not use your name or email in your password.');
  }
}

export function hashPassword(password: string, s: HashSettings): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: s.memoryKiB,
    timeCost: s.timeCost,
    parallelism: 1,
  });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
