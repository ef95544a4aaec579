import { X509Certificate } from 'node:crypto';

/** SHA-256 of a certificate as Node and most tools print it: 32 upper-case hex pairs joined by colons. */
export function fingerprintOf(certificate: string | Buffer): string {
  return new X509Certificate(certificate).fingerprint256;
}

/**
 * A fingerprint as a person may copy it (with or without colons or spaces, either case), in the canonical
 * form; null when it is not 64 hex digits.
 */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
