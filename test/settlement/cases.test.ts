import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AMOUNT_FIELDS,
  formatTrace,
  parseSettleInput,
  settle,
  toSpecOutput,
  type Settlement,
} from '../../shared/settlement';

const dir = new URL('../fixtures/cases/', import.meta.url);
type RawCase = Record<string, unknown> & { expect: Record<string, unknown> };
const load = (file: string): RawCase => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as RawCase;
const caseFiles = readdirSync(dir).filter((f) => /^\d\d-.*\.json$/.test(f)).sort();
const demoPolicy = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('demo-policy.json', dir), 'utf8')) as Record<string, unknown>;
const settleRaw = (raw: unknown): Settlement => settle(parseSettleInput(raw));

describe('worked cases (shared/cases)', () => {
  it('are all present', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(8);
  });

  it.each(caseFiles)('%s matches expect field for field', (file) => {
    const raw = load(file);
    expect(toSpecOutput(settleRaw(raw))).toEqual(raw.expect);
  });

  it.each(caseFiles)('%s gives the same amounts, moves and ytd without the trace', (file) => {
    const input = parseSettleInput(load(file));
    const full = settle(input);
    const lean = settle(input, { trace: false });
    expect(lean.trace).toEqual([]);
    expect(toSpecOutput(lean)).toEqual(toSpecOutput(full));
    expect(lean.moves).toEqual(full.moves);
    expect(lean.funds.map((f) => ({ ...f, setl_proc_info: '' }))).toEqual(full.funds.map((f) => ({ ...f, setl_proc_info: '' })));
  });

  it('toSpecOutput keeps the spec field order', () => {
    const out = toSpecOutput(settleRaw(load(caseFiles[0] ?? '')));
    expect(Object.keys(out)).toEqual([...AMOUNT_FIELDS, 'ytd_after']);
  });
});

describe('settlement details', () => {
  it('case 07 explains 起付线, 大病, 救助 and 兜底 in numbered lines', () => {
    const s = settleRaw(load('07-inpatient-poverty-safety-net.json'));
    const text = formatTrace(s.trace);
    for (const word of ['起付线', '大病', '救助', '兜底']) expect(text).toContain(word);
    expect(text.split('\n')).toHaveLength(9);
    expect(text.split('\n')[0]).toMatch(/^1\. 费用分类：/);
    expect(s.trace.map((t) => t.step)).toEqual([
      'lines', 'deductible', 'bands', 'cap', 'seriousIllness', 'assistance', 'safetyNet', 'account', 'totals',
    ]);
    expect(s.trace.find((t) => t.step === 'deductible')?.text).toContain('起付线 800.00 元');
    expect(s.trace.find((t) => t.step === 'safetyNet')?.amounts.oth_pay).toBe(196003);
  });

  it('case 07 lists the four funds with platform codes', () => {
    const s = settleRaw(load('07-inpatient-poverty-safety-net.json'));
    expect(s.funds.map((f) => [f.fund_pay_type, f.fund_payamt])).toEqual([
      ['390100', 2696106],
      ['390200', 122656],
      ['610100', 219628],
      ['640100', 196003],
    ]);
    expect(s.funds.every((f) => f.fund_pay_type_name.length > 0 && f.setl_proc_info.length > 0)).toBe(true);
    expect(s.policyId).toBe('demo-county-2026');
  });

  it('case 08 (employee) pays from the employee pooled fund and the account', () => {
    const s = settleRaw(load('08-employee-account.json'));
    expect(s.funds.map((f) => f.fund_pay_type)).toEqual(['310100']);
    expect(s.trace.find((t) => t.step === 'seriousIllness')?.text).toBe('本次为普通门诊，不属于大病保险范围');
    expect(s.trace.find((t) => t.step === 'account')?.text).toContain('账户支付 30.00 元');
  });

  it('settles lines per class: C is all self-paid even with a cap price, B pays its ratio first', () => {
    const s = settleRaw(load('04-inpatient-township.json'));
    expect(s.lines[0]).toEqual({ code: 'CW001', name: '普通床位费', class: 'A', amount: 10000, overlimit: 1000, fulamt: 0, preself: 0, inscope: 9000 });
    expect(s.lines[5]).toMatchObject({ class: 'B', amount: 2800, preself: 560, inscope: 2240 });
    expect(s.lines[7]).toMatchObject({ class: 'C', amount: 2350, overlimit: 0, fulamt: 2350, inscope: 0 });
  });

  it('moves list every touched account, zero deltas included', () => {
    const s = settleRaw(load('01-outpatient-plain.json'));
    expect(s.moves).toEqual([
      { account: 'deductiblePaid:resident/outpatient/township', delta: 0 },
      { account: 'pools:outpatient:eligible', delta: 2300 },
      { account: 'pools:outpatient:paid', delta: 1380 },
    ]);
  });
});

/** Small hand-computed cases for rules the worked cases do not reach. */
describe('spec rules beyond the worked cases', () => {
  const base = (over: Partial<Record<'person' | 'visit' | 'ytd' | 'bill', unknown>> = {}, policy = demoPolicy()): unknown => ({
    policy,
    bill: { lines: [{ code: 'X', name: '项目', class: 'A', price: 100000, qty: 1 }] },
    person: { insuredType: 'resident', groups: [] },
    visit: { medType: 'inpatient', level: 'township' },
    ytd: {},
    ...over,
  });

  it('no rule for the combination: no basic fund, no deductible, no pool touched', () => {
    const s = settleRaw(base({ person: { insuredType: 'employee', groups: [] }, visit: { medType: 'chronic', level: 'city' } }));
    expect(s.hifp_pay).toBe(0);
    expect(s.act_pay_dedc).toBe(0);
    expect(s.ytd_after.pools).toBeUndefined();
    // Serious illness still applies to chronic: its base is the whole in-scope amount.
    expect(s.ytd_after.seriousIllness).toEqual({ base: 100000, paid: 0 });
    expect(s.trace.find((t) => t.step === 'deductible')?.text).toContain('政策未设');
  });

  it('groups the policy does not define are ignored', () => {
    const plain = settleRaw(base());
    const unknown = settleRaw(base({ person: { insuredType: 'resident', groups: ['veteran'] } }));
    expect(toSpecOutput(unknown)).toEqual(toSpecOutput(plain));
    expect(unknown.trace.find((t) => t.step === 'assistance')?.text).toBe('患者不属于医疗救助对象');
  });

  it('takes the most favourable value per parameter across groups', () => {
    const policy = demoPolicy();
    policy.groups = { a: { deductibleFactor: 0.5, ratioBonus: 0.02 }, b: { deductibleFactor: 0.8, ratioBonus: 0.06 } };
    const s = settleRaw(base({ person: { insuredType: 'resident', groups: ['b', 'a'] } }, policy));
    // D = 8000 × 0.5 = 4000; E = 96000 × min(1, 0.9 + 0.06) = 92160.
    expect(s.act_pay_dedc).toBe(4000);
    expect(s.hifp_pay).toBe(92160);
  });

  it('assistance: the single group with the highest ratio, ties to the one listed first', () => {
    const policy = demoPolicy();
    policy.assistance = {
      medTypes: ['inpatient'],
      groups: {
        first: { deductible: 0, ratio: 0.5, annualCap: 100 },
        second: { deductible: 0, ratio: 0.5, annualCap: 999999 },
        low: { deductible: 0, ratio: 0.1, annualCap: 999999 },
      },
    };
    const s = settleRaw(base({ person: { insuredType: 'resident', groups: ['low', 'second', 'first'] } }, policy));
    expect(s.maf_pay).toBe(100); // "first" won the tie, so its cap of 100 applies
    expect(s.trace.find((t) => t.step === 'assistance')?.text).toContain('first');
  });

  it('safety net: lowest maxOutOfPocketRatio wins; basis inscope', () => {
    const policy = demoPolicy();
    policy.safetyNet = {
      medTypes: ['inpatient'],
      groups: { loose: { basis: 'total', maxOutOfPocketRatio: 0.5 }, tight: { basis: 'inscope', maxOutOfPocketRatio: 0.05 } },
    };
    const s = settleRaw(base({ person: { insuredType: 'resident', groups: ['loose', 'tight'] } }, policy));
    // hifp = (100000 − 8000) × 0.9 = 82800; P = 100000 − 82800 = 17200; L = 5000.
    expect(s.hifp_pay).toBe(82800);
    expect(s.oth_pay).toBe(12200);
    expect(s.psn_part_amt).toBe(5000);
  });

  it('year deductible is due once: the second bill pays none', () => {
    const visit = { medType: 'chronic', level: 'township' };
    const first = settleRaw(base({ visit }));
    expect(first.act_pay_dedc).toBe(20000);
    const second = settleRaw(base({ visit, ytd: first.ytd_after }));
    expect(second.act_pay_dedc).toBe(0);
    expect(second.ytd_after.deductiblePaid).toEqual({ 'resident/chronic/township': 20000 });
  });

  it('serious illness: capped by the annual cap unless a group has noCap', () => {
    // B = 100000 − 82800 = 17200 at 60% = 10320, capped to the 10000 left of the 20,000,000 cap.
    const plain = settleRaw(base({ ytd: { seriousIllness: { base: 5_000_000, paid: 19_990_000 } } }));
    expect(plain.hifmi_pay).toBe(10000);
    // Poverty: the cap is already used up, but noCap; B = 100000 − 91200 = 8800 at 65% = 5720.
    const ytd = { seriousIllness: { base: 5_000_000, paid: 20_000_000 } };
    expect(settleRaw(base({ ytd })).hifmi_pay).toBe(0);
    const poverty = settleRaw(base({ ytd, person: { insuredType: 'resident', groups: ['poverty'] } }));
    expect(poverty.hifmi_pay).toBe(5720);
  });

  it('a capPrice above the price means no overlimit; a free item is fine', () => {
    const s = settleRaw(
      base({
        bill: {
          lines: [
            { code: 'A', name: '甲', class: 'A', price: 500, qty: 2, capPrice: 800 },
            { code: 'F', name: '免费', class: 'A', price: 0, qty: 1 },
          ],
        },
      }),
    );
    expect(s.overlmt_selfpay).toBe(0);
    expect(s.medfee_sumamt).toBe(1000);
  });

  it('does not modify its input', () => {
    const raw = load('07-inpatient-poverty-safety-net.json');
    const input = parseSettleInput(raw);
    const before = structuredClone(input);
    const s = settle(input);
    s.ytd_after.pools = {};
    expect(input).toEqual(before);
  });
});
