import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy, parseSettleInput, settle, SettlementInputError } from '../../shared/settlement';

/** Case 07 uses every part of the format: it is the valid input each test breaks in one place. */
const valid = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../fixtures/cases/07-inpatient-poverty-safety-net.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at a JSON path such as `bill.lines[3].qty` or `ytd.deductiblePaid["a/b"]`. */
function edit(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = [...path.matchAll(/([^.[\]"]+)|\[(\d+)\]|\["([^"]+)"\]/g)].map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]) ?? '');
  let node: unknown = root;
  for (const key of keys.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  const target = node as Record<string | number, unknown>;
  const last = keys[keys.length - 1] ?? '';
  if (value === DELETE) delete target[last];
  else target[last] = value;
}

function refusal(raw: unknown): SettlementInputError {
  try {
    settle(parseSettleInput(raw));
  } catch (error) {
    if (error instanceof SettlementInputError) return error;
    throw error;
  }
  throw new Error('input was accepted');
}

const CHINESE = /[\u4e00-\u9fff]/;
const rule0 = { insuredType: 'resident', medType: 'inpatient', level: 'township', pool: 'inpatient', deductible: 8000, deductibleBasis: 'admission', bands: [{ ratio: 0.9 }] };

/** [what is broken, path to edit, new value (DELETE removes it), expected error path if not the edited one]. */
const broken: [string, string, unknown, string?][] = [
  // bill
  ['unknown class', 'bill.lines[2].class', 'D'],
  ['negative price', 'bill.lines[0].price', -1],
  ['fractional price', 'bill.lines[0].price', 12.5],
  ['price as text', 'bill.lines[0].price', '100'],
  ['missing price', 'bill.lines[1].price', DELETE],
  ['qty with 4 decimals', 'bill.lines[3].qty', 1.2345],
  ['qty zero', 'bill.lines[3].qty', 0],
  ['negative qty', 'bill.lines[3].qty', -2],
  ['tiny qty in exponent form', 'bill.lines[3].qty', 1e-7],
  ['huge qty', 'bill.lines[3].qty', 1e21],
  ['missing qty', 'bill.lines[3].qty', DELETE],
  ['negative capPrice', 'bill.lines[0].capPrice', -5],
  ['selfPayRatio above 1', 'bill.lines[5].selfPayRatio', 1.5],
  ['selfPayRatio with 5 decimals', 'bill.lines[5].selfPayRatio', 0.12345],
  ['selfPayRatio on a class A line', 'bill.lines[0].selfPayRatio', 0.2],
  ['misspelt line field', 'bill.lines[5].selfpayRatio', 0.2],
  ['empty code', 'bill.lines[1].code', ' '],
  ['empty lines', 'bill.lines', []],
  ['lines not a list', 'bill.lines', {}],
  ['line amount above 10^11 fen', 'bill.lines[1].price', 100_000_000_000, 'bill.lines[1]'],
  ['bill total above 10^11 fen', 'bill.lines', [1, 2].map((i) => ({ code: `X${i}`, name: 'x', class: 'A', price: 60_000_000_000, qty: 1 }))],
  ['missing bill', 'bill', DELETE],
  // person, visit
  ['unknown insuredType', 'person.insuredType', 'farmer'],
  ['groups not a list', 'person.groups', 'poverty'],
  ['missing groups', 'person.groups', DELETE],
  ['useAccount without a balance', 'person.useAccount', true, 'person.accountBalance'],
  ['negative account balance', 'person.accountBalance', -1],
  ['useAccount not boolean', 'person.useAccount', 'yes'],
  ['missing visit', 'visit', DELETE],
  ['unknown medType', 'visit.medType', 'emergency'],
  ['unknown level', 'visit.level', 'province'],
  // ytd
  ['missing ytd', 'ytd', DELETE],
  ['negative ytd', 'ytd.pools', { inpatient: { paid: -1 } }, 'ytd.pools.inpatient.paid'],
  ['fractional ytd', 'ytd.seriousIllness.base', 1.5],
  ['ytd value as text', 'ytd.assistance', { paid: '0' }, 'ytd.assistance.paid'],
  ['bad deductible key', 'ytd.deductiblePaid', { 'resident/outpatient': 0 }, 'ytd.deductiblePaid["resident/outpatient"]'],
  ['misspelt ytd section', 'ytd.deductablePaid', {}],
  ['ytd above 10^11 fen', 'ytd.seriousIllness.paid', 100_000_000_001],
  // policy
  ['wrong schema', 'policy.schema', 'township-policy/2'],
  ['missing id', 'policy.id', DELETE],
  ['year as text', 'policy.year', '2026'],
  ['classB ratio above 1', 'policy.classBSelfPayRatio', 1.1],
  ['classB ratio with 5 decimals', 'policy.classBSelfPayRatio', 0.12345],
  ['negative ratio', 'policy.groups.dibao.ratioBonus', -0.05],
  ['ratio as text', 'policy.groups.dibao.ratioBonus', '0.05'],
  ['pool cap above 10^11 fen', 'policy.pools.inpatient.annualCap', 1e12],
  ['upTo not increasing', 'policy.rules[2].bands[1].upTo', 3000000],
  ['upTo decreasing', 'policy.rules[2].bands[0].upTo', 6000000, 'policy.rules[2].bands[1].upTo'],
  ['missing last open band', 'policy.rules[2].bands', [{ upTo: 3000000, ratio: 0.8 }, { upTo: 5000000, ratio: 0.7 }], 'policy.rules[2].bands[1].upTo'],
  ['open band before the last', 'policy.rules[2].bands[0].upTo', DELETE],
  ['no bands', 'policy.rules[0].bands', []],
  ['rule pool not in pools', 'policy.rules[0].pool', 'nope'],
  ['duplicate rule', 'policy.rules[7]', rule0],
  ['unknown deductibleBasis', 'policy.rules[0].deductibleBasis', 'month'],
  ['unknown rule level', 'policy.rules[1].level', 'province'],
  ['unknown rule insuredType', 'policy.rules[1].insuredType', 'student'],
  ['unknown rule medType', 'policy.rules[1].medType', 'dental'],
  ['missing deductible', 'policy.rules[3].deductible', DELETE],
  ['negative perVisitCap', 'policy.rules[3].perVisitCap', -1],
  ['serious illness bands decreasing', 'policy.seriousIllness.bands[1].upTo', 100],
  ['serious illness unknown medType', 'policy.seriousIllness.medTypes', ['surgery'], 'policy.seriousIllness.medTypes[0]'],
  ['noCap not boolean', 'policy.seriousIllness.groups.poverty.noCap', 'yes'],
  ['assistance ratio above 1', 'policy.assistance.groups.dibao.ratio', 1.2],
  ['assistance missing annualCap', 'policy.assistance.groups.tekun.annualCap', DELETE],
  ['unknown safety net basis', 'policy.safetyNet.groups.poverty.basis', 'half'],
  ['numeric group name', 'policy.groups["123"]', { ratioBonus: 0.1 }],
  ['unknown group parameter', 'policy.groups.dibao.bonus', 0.1],
  // the input as a whole
  ['unknown top-level key', 'extra', 1],
];

describe('bad input is refused', () => {
  it.each(broken)('%s (%s)', (_what, editPath, value, expected) => {
    const path = expected ?? editPath;
    const c = valid();
    edit(c, editPath, value);
    const error = refusal(c);
    expect(error).toBeInstanceOf(SettlementInputError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SettlementInputError');
    expect(error.path).toBe(path);
    expect(error.issues[0]?.path).toBe(path);
    expect(error.message.startsWith(`${path}：`)).toBe(true);
    expect(error.issues[0]?.message).toMatch(CHINESE);
  });

  it('names the field and the value received, as the spec example', () => {
    const c = valid();
    edit(c, 'bill.lines[3].qty', 1.2345);
    expect(refusal(c).message).toBe('bill.lines[3].qty：数量最多三位小数，收到 1.2345');
  });

  it('reports every problem, the first as the path', () => {
    const c = valid();
    edit(c, 'bill.lines[1].price', -3);
    edit(c, 'visit.level', 'moon');
    edit(c, 'policy.rules[0].pool', 'nope');
    const error = refusal(c);
    expect(error.issues.map((i) => i.path)).toEqual(['policy.rules[0].pool', 'bill.lines[1].price', 'visit.level']);
    expect(error.path).toBe('policy.rules[0].pool');
    expect(error.message).toContain('共 3 处问题');
  });

  it('refuses something that is not an object at all', () => {
    for (const raw of [null, 42, 'x', []]) {
      const error = refusal(raw);
      expect(error.path).toBe('');
      expect(error.message).toMatch(CHINESE);
    }
  });

  it('parsePolicy uses the path it is given', () => {
    const c = valid();
    edit(c, 'policy.rules[1].bands[0].ratio', 2);
    const policy = c.policy;
    expect(() => parsePolicy(policy, 'doc')).toThrow(SettlementInputError);
    try {
      parsePolicy(policy, 'doc');
    } catch (error) {
      expect((error as SettlementInputError).path).toBe('doc.rules[1].bands[0].ratio');
    }
  });
});

describe('valid input is accepted', () => {
  const accepted: [string, [string, unknown][]][] = [
    ['the worked case itself (its expect key ignored)', []],
    ['perVisitCap null', [['policy.rules[0].perVisitCap', null]]],
    ['no serious illness, assistance or safety net', [['policy.seriousIllness', DELETE], ['policy.assistance', DELETE], ['policy.safetyNet', DELETE]]],
    ['no policy groups', [['policy.groups', DELETE]]],
    ['metadata beside the policy format', [['policy.effectiveFrom', '2026-01-01']]],
    ['qty with three decimals', [['bill.lines[0].qty', 0.001]]],
    ['a free item', [['bill.lines[0].price', 0]]],
    ['ratios exactly 0 and 1', [['policy.groups.dibao.deductibleFactor', 0], ['policy.groups.dibao.ratioBonus', 1]]],
    ['ratio with four decimals', [['policy.classBSelfPayRatio', 0.1234]]],
    ['selfPayRatio 0 on a class A line', [['bill.lines[0].selfPayRatio', 0]]],
    ['partial ytd entries', [['ytd', { pools: { inpatient: { paid: 5 } }, assistance: {} }]]],
    ['empty ytd', [['ytd', {}]]],
  ];
  it.each(accepted)('%s', (_what, edits) => {
    const c = valid();
    for (const [path, value] of edits) edit(c, path, value);
    expect(() => settle(parseSettleInput(c))).not.toThrow();
  });

  it('parses ratios and quantities exactly', () => {
    const c = valid();
    edit(c, 'bill.lines[5].selfPayRatio', 0.0007);
    edit(c, 'bill.lines[1].qty', 0.007);
    const input = parseSettleInput(c);
    expect(input.bill.lines[5]?.selfPayRatio).toBe(7);
    expect(input.bill.lines[1]?.qtyMilli).toBe(7);
    expect(input.policy.classBSelfPayRatio).toBe(1000);
    expect(input.policy.groups.map((g) => g.group)).toEqual(['dibao', 'tekun', 'poverty']);
  });
});
