import { createHash, randomInt } from 'node:crypto';

/** Letters and digits no one misreads off a screen or a note: no 0/O, 1/I/L. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

/** A code is good for 10 minutes: long enough to walk to the window, short enough to be worthless later. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** A new one-time code, shown as XXXX-XXXX (≈ 40 bits; it lives 10 minutes and pairs once). */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as typed (any case, with or without the dash or spaces), in the form that was hashed. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * How codes and credentials are stored: SHA-256, hex. Both are random (a credential is 32 bytes), so a
 * plain hash is enough; a slow password hash would only slow every call.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
