/** Whether a terminal's hospital server answers, as the title bar and the money-call guard read it. */
export interface LinkState {
  reachable: boolean;
  /** When `reachable` last changed (ISO); the terminal's start before the first answer. */
  since: string;
  /** The last failure talking to the server (or the server refusing this terminal); null while it answers. */
  lastError: string | null;
}

/**
 * Keeps a terminal's link state from what its requests meet: any HTTP answer from the server means it is
 * reachable, a request that got none (refused, reset, timed out, wrong certificate) that it is not. Every
 * request updates it (the print worker's every 3 s, the page's, the probe's), so it is never older than that.
 */
export class LinkWatch {
  private current: LinkState;

  constructor(private readonly now: () => Date) {
    this.current = { reachable: false, since: now().toISOString(), lastError: null };
  }

  state(): LinkState {
    return { ...this.current };
  }

  get reachable(): boolean {
    return this.current.reachable;
  }

  /** The server answered; `refusal`: it refused this terminal itself (revoked, unknown credential). */
  answered(refusal: string | null = null): void {
    this.set(true, refusal);
  }

  failed(message: string): void {
    this.set(false, message);
  }

  private set(reachable: boolean, lastError: string | null): void {
    const since = reachable === this.current.reachable ? this.current.since : this.now().toISOString();
    this.current = { reachable, since, lastError };
  }
}
