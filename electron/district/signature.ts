import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the exact body bytes, hex: what `x-hsa-signature` carries both ways. */
export function sign(key: string, body: Buffer | string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

export function verify(key: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(sign(key, body), 'hex'), Buffer.from(signature, 'hex'));
}
