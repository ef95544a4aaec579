/**
 * Throughput of the settlement engine on one core: a 20-line inpatient bill under the demo policy.
 * Goal: ≥ 100k bills/s for `settle` on already-validated input.
 *
 *   node --import tsx test/bench/engine.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSettleInput, settle, type SettleInput } from '../../shared/settlement';

export interface EngineBench {
  /** `settle` on parsed input, trace included (what the counter does). */
  billsPerSecond: number;
  /** `settle(input, { trace: false })`: amounts, moves and funds only. */
  billsPerSecondNoTrace: number;
  /** `parseSettleInput` + `settle` from raw JSON-shaped input. */
  parseAndSettlePerSecond: number;
  lines: number;
  millisPerRun: number;
}

function rawInput(): Record<string, unknown> {
  const policy: unknown = JSON.parse(readFileSync(new URL('../fixtures/cases/demo-policy.json', import.meta.url), 'utf8'));
  const classes = ['A', 'A', 'B', 'A', 'C'] as const;
  const lines = Array.from({ length: 20 }, (_, i) => {
    const cls = classes[i % classes.length] ?? 'A';
    return {
      code: `X${String(i).padStart(3, '0')}`,
      name: `项目${i}`,
      class: cls,
      price: 1000 + i * 137,
      qty: i % 3 === 0 ? 1.5 : i + 1,
      ...(i % 4 === 0 ? { capPrice: 900 + i * 100 } : {}),
      ...(cls === 'B' && i % 2 === 0 ? { selfPayRatio: 0.15 } : {}),
    };
  });
  return {
    policy,
    bill: { lines },
    person: { insuredType: 'resident', groups: ['poverty', 'dibao'], accountBalance: 0, useAccount: false },
    visit: { medType: 'inpatient', level: 'city' },
    ytd: { pools: { inpatient: { eligible: 2_900_000, paid: 2_300_000 } }, seriousIllness: { base: 1_200_000, paid: 0 } },
  };
}

/** Calls `fn` in batches until `millis` have passed; returns calls per second. */
function measure(fn: () => unknown, millis: number): number {
  for (let i = 0; i < 20_000; i++) fn(); // warm up: let the JIT settle before timing
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < millis) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = performance.now() - start;
  }
  return Math.round((calls / elapsed) * 1000);
}

export async function benchEngine(millis = 2000): Promise<EngineBench> {
  const raw = rawInput();
  const input: SettleInput = parseSettleInput(raw);
  let sink = 0; // consumed below so the calls cannot be optimised away
  const billsPerSecond = measure(() => (sink += settle(input).psn_cash_pay), millis);
  const billsPerSecondNoTrace = measure(() => (sink += settle(input, { trace: false }).psn_cash_pay), millis);
  const parseAndSettlePerSecond = measure(() => (sink += settle(parseSettleInput(raw)).psn_cash_pay), millis);
  if (sink === -1) console.log(sink);
  return { billsPerSecond, billsPerSecondNoTrace, parseAndSettlePerSecond, lines: input.bill.lines.length, millisPerRun: millis };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchEngine();
  console.log(`结算引擎（${result.lines} 行费用明细，单核）`);
  console.log(`  settle（含计算说明）     ${result.billsPerSecond.toLocaleString('en-US')} 单/秒`);
  console.log(`  settle（trace: false）   ${result.billsPerSecondNoTrace.toLocaleString('en-US')} 单/秒`);
  console.log(`  校验 + settle            ${result.parseAndSettlePerSecond.toLocaleString('en-US')} 单/秒`);
}
