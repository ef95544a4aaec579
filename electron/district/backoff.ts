/**
 * Exponential backoff with full jitter: after n failures in a row, wait a random time up to
 * min(cap, base × 2^(n−1)). The randomness spreads a whole district's counters coming back after an outage.
 */
export class Backoff {
  private failures = 0;
  private until = 0;

  constructor(
    private readonly baseMs = 2_000,
    private readonly capMs = 5 * 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  failed(nowMs: number): number {
    this.failures += 1;
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.failures - 1, 30));
    const delay = Math.floor(this.random() * ceiling);
    this.until = nowMs + delay;
    return delay;
  }

  succeeded(): void {
    this.failures = 0;
    this.until = 0;
  }

  /** When the next try is due (0: now). */
  nextAt(): number {
    return this.until;
  }

  get failureCount(): number {
    return this.failures;
  }
}
