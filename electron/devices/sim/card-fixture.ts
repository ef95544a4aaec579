/**
 * A card scenario file (`test/fixtures/cards/*.json`): a card image, the reader model it sits in, the
 * faults to play, and what the counter must end up showing: the identity, or the Chinese error.
 */
import { readFileSync } from 'node:fs';
import type { CardIdentity } from '../sscard/social-security-card';
import type { ReaderTimeouts } from '../reader/reader-driver';
import type { CardImage } from './card-image';
import { type Fault, SimulatedReader } from './sim-reader';

export type CardExpectation = { identity: CardIdentity } | { error: { code: string; message: string } };

export type CardFixtureStep = { read: CardExpectation } | { do: 'reinsertCard' | 'removeCard' | 'replug' | 'waitForReader' };

export interface CardFixture {
  description: string;
  /** The counter's date for the expiry check. */
  today: string;
  reader?: { reportSize?: number; timeouts?: Partial<ReaderTimeouts>; latencyMs?: number };
  card: CardImage | null;
  faults: Fault[];
  /** The first read. */
  expect: CardExpectation;
  /** What happens next (reinsert the card, wait for the reader to come back…) and the reads after it. */
  after?: CardFixtureStep[];
}

export function loadCardFixture(path: string): CardFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as CardFixture;
}

export const SIM_VENDOR_ID = 0x1234;
export const SIM_PRODUCT_ID = 0x5678;

export function readerForFixture(fixture: CardFixture): SimulatedReader {
  return new SimulatedReader(fixture.card, {
    vendorId: SIM_VENDOR_ID,
    productId: SIM_PRODUCT_ID,
    reportSize: fixture.reader?.reportSize ?? 64,
    latencyMs: fixture.reader?.latencyMs ?? 0,
    faults: fixture.faults,
  });
}
