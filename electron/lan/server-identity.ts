import { randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';
import { fingerprintOf } from './fingerprint';

/** The hospital server's own key and self-signed certificate, and the id of this installation. */
export interface ServerIdentity {
  /** 16 hex digits, random: tells this installation's records from any other's. */
  installationId: string;
  keyPem: string;
  certPem: string;
  /** What terminals pin (fingerprintOf the certificate). */
  fingerprint: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Makes a new identity: an EC P-256 key and a certificate signed by itself. Terminals trust it by its
 * fingerprint, not by a CA or a host name, so the subject is only a label. It is valid from a year before
 * today (a window PC whose clock is behind must still accept it) for 30 years: a certificate that expired
 * would cut every window off, and replacing it means pairing every terminal again.
 */
/** `installationId`: this database's own (settings, migration 0014); a random one only where it has none. */
export async function makeServerIdentity(now: Date, installationId: string = randomBytes(8).toString('hex')): Promise<ServerIdentity> {
  const pems = await generate([{ name: 'commonName', value: `township-counter-${installationId}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 365 * DAY_MS),
    notAfterDate: new Date(now.getTime() + 30 * 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: `${installationId}.township-counter.invalid` }] },
    ],
  });
  return { installationId, keyPem: pems.private, certPem: pems.cert, fingerprint: fingerprintOf(pems.cert) };
}
