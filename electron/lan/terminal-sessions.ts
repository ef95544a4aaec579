import type { SignedInUser } from '../../shared/domain';
import type { Envelope } from '../../shared/api/errors';

/** Who a session token belongs to at this window, or the server's failure to say (UNAVAILABLE …). */
export type SessionAnswer = { user: SignedInUser | null } | { failure: Envelope & { ok: false } };

/**
 * The operator behind a page's session at a terminal, for the calls the terminal runs itself (its devices).
 * Sessions live on the hospital server, made at this window: the server is asked (`auth.me` over the
 * terminal's link, which also renews the session's idle timer) and its answer kept for `ttlMs` (10 s), so a
 * sign-out or a lapsed session holds here within seconds and a burst of device calls asks once. No answer
 * from the server, no device call: an operator the server cannot vouch for is not let in.
 */
export class TerminalSessions {
  private readonly known = new Map<string, { user: SignedInUser | null; at: number }>();

  constructor(
    private readonly ask: (token: string) => Promise<Envelope>,
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = 10_000,
  ) {}

  async who(token: string | null | undefined): Promise<SessionAnswer> {
    if (!token) return { user: null };
    const cached = this.known.get(token);
    if (cached && this.clock() - cached.at < this.ttlMs) return { user: cached.user };
    const answer = await this.ask(token);
    if (!answer.ok) return { failure: answer };
    const user = (answer.result as SignedInUser | null) ?? null;
    this.prune();
    this.known.set(token, { user, at: this.clock() });
    return { user };
  }

  /** The page signed out: its token means nothing here from now on. */
  forget(token: string | null | undefined): void {
    if (token) this.known.delete(token);
  }

  private prune(): void {
    const now = this.clock();
    for (const [token, entry] of this.known) if (now - entry.at >= this.ttlMs) this.known.delete(token);
  }
}
