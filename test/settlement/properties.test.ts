import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AMOUNT_FIELDS,
  applyMoves,
  compactYtd,
  movesFromYtd,
  negateMoves,
  parseSettleInput,
  reverseAmounts,
  settle,
  toSpecOutput,
  ytdFromMoves,
  type Settlement,
  type SettleInput,
  type YtdMove,
} from '../../shared/settlement';

// ---------------------------------------------------------------------------------------------------------
// Arbitrary valid raw input (JSON-shaped, so the validator is exercised too)

// A pool name with ':' checks that the flat account keys of the moves still parse.
const POOLS = ['inpatient', 'outpatient', 'chronic', 'zone:b'] as const;
const GROUPS = ['dibao', 'tekun', 'poverty', 'g4'] as const;
const INSURED = ['resident', 'employee'] as const;
const MED = ['outpatient', 'chronic', 'inpatient'] as const;
const LEVELS = ['township', 'county', 'city'] as const;
const COMBOS = INSURED.flatMap((i) => MED.flatMap((m) => LEVELS.map((l) => [i, m, l] as const)));

/** Amounts in [0, max], often small so that zero, tiny caps and exhausted allowances come up. */
const fen = (max: number): fc.Arbitrary<number> => fc.oneof(fc.integer({ min: 0, max: Math.min(max, 2000) }), fc.integer({ min: 0, max }));
/** Caps: mostly large enough not to bind, sometimes tiny. */
const cap = (max: number): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.integer({ min: max / 10, max }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 1 });
// k / 10000 prints with at most four decimals (shortest round-trip form), so the JSON is a valid ratio.
const ratio = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 10_000);
const bonus = fc.integer({ min: 0, max: 3000 }).map((bp) => bp / 10_000);

/** Increasing upTo values and a final open band. */
const bands = (maxUpTo: number): fc.Arbitrary<Record<string, number>[]> =>
  fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: maxUpTo }), { maxLength: 3 }), fc.array(ratio, { minLength: 4, maxLength: 4 }))
    .map(([ups, ratios]) => [
      ...[...ups].sort((a, b) => a - b).map((upTo, i) => ({ upTo, ratio: ratios[i] ?? 0 })),
      { ratio: ratios[3] ?? 0 },
    ]);

/** An object keyed by a random subset of `keys`, in random order (document order matters for ties). */
function keyed<T>(keys: readonly string[], value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .shuffledSubarray([...keys])
    .chain((chosen) => fc.array(value, { minLength: chosen.length, maxLength: chosen.length }).map((values) => {
      const out: Record<string, T> = {};
      values.forEach((v, i) => (out[chosen[i] ?? ''] = v));
      return out;
    }));
}

const rule = ([insuredType, medType, level]: readonly [string, string, string]): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      pool: fc.constantFrom(...POOLS),
      deductible: fen(200_000),
      deductibleBasis: fc.constantFrom('admission', 'year'),
      bands: bands(3_000_000),
      perVisitCap: fc.option(cap(300_000), { nil: null }),
    })
    .map((r) => ({ insuredType, medType, level, ...r }));

const policyArb = fc.record({
  schema: fc.constant('township-policy/1'),
  id: fc.constant('prop-policy'),
  name: fc.constant('性质测试政策'),
  year: fc.constant(2026),
  classBSelfPayRatio: ratio,
  pools: fc.tuple(...POOLS.map(() => cap(5_000_000))).map((caps) => Object.fromEntries(POOLS.map((p, i) => [p, { annualCap: caps[i] }]))),
  rules: fc.subarray(COMBOS).chain((combos) => fc.tuple(...combos.map(rule))),
  groups: keyed(GROUPS, fc.record({ deductibleFactor: ratio, ratioBonus: bonus }, { requiredKeys: [] })),
  seriousIllness: fc.option(
    fc.record({
      medTypes: fc.subarray([...MED]),
      threshold: fen(500_000),
      bands: bands(2_000_000),
      annualCap: cap(3_000_000),
      groups: keyed(GROUPS, fc.record({ thresholdFactor: ratio, ratioBonus: bonus, noCap: fc.boolean() }, { requiredKeys: [] })),
    }),
    { nil: undefined },
  ),
  assistance: fc.option(
    fc.record({
      medTypes: fc.subarray([...MED]),
      groups: keyed(GROUPS, fc.record({ deductible: fen(100_000), ratio, annualCap: cap(1_000_000) })),
    }),
    { nil: undefined },
  ),
  safetyNet: fc.option(
    fc.record({
      medTypes: fc.subarray([...MED]),
      groups: keyed(GROUPS, fc.record({ basis: fc.constantFrom('total', 'inscope'), maxOutOfPocketRatio: ratio })),
    }),
    { nil: undefined },
  ),
});

const lineArb = fc
  .record({
    code: fc.constantFrom('X1', 'X2', 'X3'),
    name: fc.constantFrom('阿莫西林胶囊', '床位费', '䓬类药'),
    class: fc.constantFrom('A', 'B', 'C'),
    price: fen(300_000),
    qty: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 30_000 }).map((milli) => milli / 1000)),
    capPrice: fc.option(fen(300_000), { nil: undefined }),
    selfPayRatio: fc.option(ratio, { nil: undefined }),
  })
  .map(({ selfPayRatio, ...line }) => (line.class === 'B' && selfPayRatio !== undefined ? { ...line, selfPayRatio } : line));

const ytdArb = fc.record(
  {
    deductiblePaid: keyed(COMBOS.map((c) => c.join('/')), fen(200_000)),
    pools: keyed(POOLS, fc.record({ eligible: fen(8_000_000), paid: fen(2_000_000) }, { requiredKeys: [] })),
    seriousIllness: fc.record({ base: fen(4_000_000), paid: fen(4_000_000) }, { requiredKeys: [] }),
    assistance: fc.record({ paid: fen(1_200_000), deductibleMet: fen(100_000) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const personArb = fc.record({
  insuredType: fc.constantFrom(...INSURED),
  groups: fc.shuffledSubarray([...GROUPS, 'not-in-policy']),
  accountBalance: fen(500_000),
  useAccount: fc.boolean(),
});
const visitArb = fc.record({ medType: fc.constantFrom(...MED), level: fc.constantFrom(...LEVELS) });
const billArb = fc.array(lineArb, { minLength: 1, maxLength: 8 }).map((lines) => ({ lines }));

const rawInputArb = fc.record({ policy: policyArb, bill: billArb, person: personArb, visit: visitArb, ytd: ytdArb });

const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------------------------------------------------
// Invariants

function checkSums(s: Settlement, input: SettleInput): void {
  for (const field of AMOUNT_FIELDS) {
    expect(Number.isSafeInteger(s[field]), field).toBe(true);
    expect(s[field], field).toBeGreaterThanOrEqual(0);
  }
  expect(s.medfee_sumamt).toBe(s.fulamt_ownpay_amt + s.overlmt_selfpay + s.preselfpay_amt + s.inscp_scp_amt);
  expect(s.medfee_sumamt).toBe(s.fund_pay_sumamt + s.psn_part_amt);
  expect(s.fund_pay_sumamt).toBe(s.hifp_pay + s.hifmi_pay + s.maf_pay + s.oth_pay);
  expect(s.psn_part_amt).toBe(s.acct_pay + s.psn_cash_pay);
  expect(s.act_pay_dedc).toBeLessThanOrEqual(s.inscp_scp_amt);
  expect(s.acct_pay).toBeLessThanOrEqual(input.person.useAccount ? input.person.accountBalance : 0);
  const lineSum = (k: 'amount' | 'overlimit' | 'fulamt' | 'preself' | 'inscope'): number => s.lines.reduce((sum, l) => sum + l[k], 0);
  expect([lineSum('amount'), lineSum('fulamt'), lineSum('overlimit'), lineSum('preself'), lineSum('inscope')]).toEqual([
    s.medfee_sumamt, s.fulamt_ownpay_amt, s.overlmt_selfpay, s.preselfpay_amt, s.inscp_scp_amt,
  ]);
}

/** No fund's year total exceeds its cap, unless it already had when this bill came in (then it pays 0). */
function checkCaps(s: Settlement, input: SettleInput): void {
  const { policy, person, visit, ytd } = input;
  const after = s.ytd_after;
  const has = (group: string): boolean => person.groups.includes(group);

  const rule = policy.rules.find((r) => r.insuredType === person.insuredType && r.medType === visit.medType && r.level === visit.level);
  if (!rule) {
    expect([s.hifp_pay, s.act_pay_dedc]).toEqual([0, 0]);
  } else {
    if (rule.perVisitCap !== null) expect(s.hifp_pay).toBeLessThanOrEqual(rule.perVisitCap);
    const cap = policy.pools[rule.pool]?.annualCap ?? 0;
    const before = ytd.pools?.[rule.pool]?.paid ?? 0;
    if (before <= cap) expect(after.pools?.[rule.pool]?.paid).toBeLessThanOrEqual(cap);
    else expect(s.hifp_pay).toBe(0);
  }

  const si = policy.seriousIllness;
  const siApplies = si !== null && si.medTypes.includes(visit.medType);
  expect(s.moves.some((m) => m.account === 'seriousIllness:paid')).toBe(siApplies);
  if (!siApplies) expect(s.hifmi_pay).toBe(0);
  else if (!si.groups.some((g) => g.noCap && has(g.group))) {
    const before = ytd.seriousIllness?.paid ?? 0;
    if (before <= si.annualCap) expect(after.seriousIllness?.paid).toBeLessThanOrEqual(si.annualCap);
    else expect(s.hifmi_pay).toBe(0);
  }

  const a = policy.assistance;
  // Oracle: highest ratio, first listed on a tie.
  const group = a?.medTypes.includes(visit.medType)
    ? a.groups.filter((g) => has(g.group)).reduce<(typeof a.groups)[number] | null>((best, g) => (best === null || g.ratio > best.ratio ? g : best), null)
    : null;
  expect(s.moves.some((m) => m.account === 'assistance:paid')).toBe(group !== null);
  if (!group) expect(s.maf_pay).toBe(0);
  else {
    const before = ytd.assistance?.paid ?? 0;
    if (before <= group.annualCap) expect(after.assistance?.paid).toBeLessThanOrEqual(group.annualCap);
    else expect(s.maf_pay).toBe(0);
    const metBefore = ytd.assistance?.deductibleMet ?? 0;
    expect(after.assistance?.deductibleMet).toBeLessThanOrEqual(Math.max(metBefore, group.deductible));
  }

  // The safety net holds the person's share at its limit exactly when it pays.
  const net = s.funds.find((f) => f.fund_pay_type === '640100');
  const netGroup = policy.safetyNet?.groups
    .filter((g) => has(g.group))
    .reduce<{ basis: string; maxOutOfPocketRatio: number } | null>((best, g) => (best === null || g.maxOutOfPocketRatio < best.maxOutOfPocketRatio ? g : best), null);
  if (net && s.oth_pay > 0 && netGroup) {
    const basis = netGroup.basis === 'total' ? s.medfee_sumamt : s.inscp_scp_amt;
    const limit = Math.floor((basis * netGroup.maxOutOfPocketRatio + 5000) / 10000);
    expect(s.psn_part_amt).toBe(s.medfee_sumamt - basis + limit);
  }
}

describe('settlement properties (fast-check)', () => {
  it('amounts are ≥ 0 and the sum identities hold; no fund exceeds its cap', () => {
    fc.assert(
      fc.property(rawInputArb, (raw) => {
        const input = parseSettleInput(raw);
        const s = settle(input);
        checkSums(s, input);
        checkCaps(s, input);
      }),
      RUNS,
    );
  });

  it('the moves reproduce ytd_after (applyMoves, and a ledger summed by ytdFromMoves)', () => {
    fc.assert(
      fc.property(rawInputArb, (raw) => {
        const input = parseSettleInput(raw);
        const s = settle(input);
        expect(applyMoves(input.ytd, s.moves)).toEqual(s.ytd_after);
        // A ledger holding the opening balances plus this bill's rows sums to the same year-to-date.
        expect(compactYtd(ytdFromMoves([...movesFromYtd(input.ytd), ...s.moves]))).toEqual(compactYtd(s.ytd_after));
      }),
      RUNS,
    );
  });

  it('a year of bills kept as ledger rows: ytd = Σ rows, and no fund ever exceeds its cap', () => {
    fc.assert(
      fc.property(policyArb, personArb, fc.array(fc.tuple(billArb, visitArb), { minLength: 1, maxLength: 5 }), (policy, person, bills) => {
        const ledger: YtdMove[] = [];
        for (const [bill, visit] of bills) {
          const input = parseSettleInput({ policy, bill, person, visit, ytd: ytdFromMoves(ledger) });
          const s = settle(input);
          checkSums(s, input);
          checkCaps(s, input);
          ledger.push(...s.moves);
          expect(ytdFromMoves(ledger)).toEqual(s.ytd_after);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a refund restores the ytd exactly, and settling again gives the identical settlement', () => {
    fc.assert(
      fc.property(rawInputArb, (raw) => {
        const input = parseSettleInput(raw);
        const s = settle(input);
        const restored = applyMoves(s.ytd_after, negateMoves(s.moves));
        expect(compactYtd(restored)).toEqual(compactYtd(input.ytd));
        expect(settle({ ...input, ytd: restored })).toEqual(s);
        const reversed = reverseAmounts(s);
        for (const field of AMOUNT_FIELDS) expect(reversed[field] + s[field]).toBe(0);
        expect(reverseAmounts(reversed)).toEqual(Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, s[f]])));
      }),
      RUNS,
    );
  });

  it('is deterministic and does not touch its input', () => {
    fc.assert(
      fc.property(rawInputArb, (raw) => {
        const copy = structuredClone(raw);
        const input = parseSettleInput(raw);
        const frozen = structuredClone(input);
        const first = settle(input);
        expect(settle(input)).toEqual(first);
        expect(settle(parseSettleInput(copy))).toEqual(first);
        expect(input).toEqual(frozen);
        expect(raw).toEqual(copy);
        const lean = settle(input, { trace: false });
        expect(toSpecOutput(lean)).toEqual(toSpecOutput(first));
        expect(lean.moves).toEqual(first.moves);
      }),
      { numRuns: 200 },
    );
  });
});
