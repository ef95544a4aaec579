/**
 * Which fault, if any, the simulated centre applies to the next request: scripted rules first (for tests
 * that need one exact failure at one exact point), then a seeded random mix (for soak runs).
 */

export type Fault =
  | { kind: 'drop-request' } // destroy the socket without processing anything
  | { kind: 'commit-drop-response' } // process and commit, then destroy the socket without answering
  | { kind: 'delay'; ms: number } // wait, then process and answer normally
  | { kind: 'http-500' } // answer 500 with a short text body, process nothing
  | { kind: 'malformed-json' } // process and commit, then answer 200 with a body that is not JSON
  | { kind: 'duplicate' }; // process the same request twice (duplicate delivery); answer with the second outcome

export interface FaultRule {
  fault: Fault;
  /** Only for this transaction code; other requests pass the rule by and leave it queued. */
  infno?: string;
}

export class FaultPlan {
  private readonly queue: FaultRule[] = [];
  private mix: { fault: Fault; p: number }[] | null = null;

  constructor(private readonly random: () => number) {}

  script(rules: FaultRule[]): void {
    this.queue.push(...rules);
  }

  chaos(mix: { fault: Fault; p: number }[] | null): void {
    if (mix) {
      const total = mix.reduce((sum, { p }) => sum + p, 0);
      if (mix.some(({ p }) => !(p >= 0)) || total > 1 + 1e-9) throw new RangeError(`chaos: probabilities must be ≥ 0 and sum to ≤ 1 (got ${total})`);
    }
    this.mix = mix && [...mix];
  }

  /** Takes the fault for a request with this `infno` (undefined when the body did not say). */
  next(infno: string | undefined): Fault | null {
    const index = this.queue.findIndex((rule) => rule.infno === undefined || rule.infno === infno);
    if (index >= 0) return this.queue.splice(index, 1)[0]!.fault;
    if (!this.mix) return null;
    // One draw per request, mapped onto consecutive intervals of width p.
    let draw = this.random();
    for (const { fault, p } of this.mix) {
      if (draw < p) return fault;
      draw -= p;
    }
    return null;
  }
}
