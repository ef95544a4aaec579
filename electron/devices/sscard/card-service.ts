/**
 * What the app calls to read a card: the reader as it is now (hot-plug handled by `ReaderConnection`),
 * one read at a time, the identity or a Chinese reason. Mapping the identity to a person is the caller's.
 */
import type { ReaderConnection } from '../reader/reader-connection';
import { type CardIdentity, readSocialSecurityCard } from './social-security-card';

export class SocialSecurityCardService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: ReaderConnection,
    private readonly options: { beep?: boolean } = {},
  ) {}

  /** Reads the inserted card; `today` (yyyy-mm-dd) decides whether it has expired. */
  read(today: string): Promise<CardIdentity> {
    const run = async () => readSocialSecurityCard(await this.connection.driver(), { today, beep: this.options.beep ?? true });
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
