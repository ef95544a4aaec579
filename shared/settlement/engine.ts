/**
 * The one-stop settlement engine: steps 1–7 of shared/settlement/policy-spec.md, pure and deterministic.
 * Integer fen and integer parts-per-ten-thousand only; every rounding is `mulRatio` (half up) or the
 * line-amount rounding, applied exactly where the spec applies it (per line, per band).
 *
 * Input must come from `parseSettleInput`/`parsePolicy`: the engine trusts its types and checks nothing.
 */
import { addFen, minFen, mulRatio, RATIO_ONE, subFen, ZERO_FEN, type Fen, type RatioBp } from '../money';
import { buildTrace } from './trace';
import type {
  AssistanceGroup,
  BandPiece,
  BasicStep,
  Computation,
  SettleOptions,
  TraceStep,
  Band,
  FundPayment,
  Policy,
  Rule,
  SafetyNetGroup,
  SettledLine,
  SettleInput,
  Settlement,
  Ytd,
  YtdMove,
} from './types';

export type { BandPiece, Computation, NotApplied, SettleOptions } from './types';

/** A line's amount: `floor((price × qtyMilli + 500) / 1000)`, i.e. rounded half up to the fen. */
export function lineAmount(price: Fen, qtyMilli: number): Fen {
  return Math.floor((price * qtyMilli + 500) / 1000) as Fen;
}

/** max(0, n): what is left of an amount, never below nothing. */
function max0(n: Fen): Fen {
  return n > 0 ? n : ZERO_FEN;
}

/**
 * Pays the interval `[start, start + length)` of a band axis, rounding per band. `bonus` is added to each
 * band's ratio and the sum clamped to 1. Pieces are recorded only when `pieces` is given (for the trace).
 */
function payBands(bands: readonly Band[], start: Fen, length: Fen, bonus: RatioBp, pieces: BandPiece[] | null): Fen {
  const end = addFen(start, length);
  let pay = ZERO_FEN;
  let lower = ZERO_FEN;
  for (const band of bands) {
    const upper = band.upTo; // null: the last band, open above
    const lo = start > lower ? start : lower;
    const hi = upper === null || end < upper ? end : upper;
    if (hi > lo) {
      const ratio = Math.min(RATIO_ONE, band.ratio + bonus);
      const piece = mulRatio(subFen(hi, lo), ratio);
      pay = addFen(pay, piece);
      pieces?.push({ amount: subFen(hi, lo), ratio, pay: piece });
    }
    if (upper === null || upper >= end) break;
    lower = upper;
  }
  return pay;
}

function findRule(policy: Policy, input: SettleInput): Rule | null {
  const { insuredType } = input.person;
  const { medType, level } = input.visit;
  for (const rule of policy.rules) {
    if (rule.insuredType === insuredType && rule.medType === medType && rule.level === level) return rule;
  }
  return null;
}

const deductibleKey = (rule: Rule): string => `${rule.insuredType}/${rule.medType}/${rule.level}`;

function basicStep(input: SettleInput, inscope: Fen, pieces: BandPiece[] | null): BasicStep | null {
  const { policy, person, ytd } = input;
  const rule = findRule(policy, input);
  if (!rule) return null;
  // Most favourable per parameter among the groups the person has and the policy defines.
  let deductibleFactor: RatioBp = RATIO_ONE;
  let factorGroup: string | null = null;
  let ratioBonus: RatioBp = 0;
  let bonusGroup: string | null = null;
  for (const g of policy.groups) {
    if (!person.groups.includes(g.group)) continue;
    if (g.deductibleFactor !== null && g.deductibleFactor < deductibleFactor) {
      deductibleFactor = g.deductibleFactor;
      factorGroup = g.group;
    }
    if (g.ratioBonus !== null && g.ratioBonus > ratioBonus) {
      ratioBonus = g.ratioBonus;
      bonusGroup = g.group;
    }
  }
  const deductible = mulRatio(rule.deductible, deductibleFactor);
  const alreadyPaid = rule.deductibleBasis === 'year' ? (ytd.deductiblePaid?.[deductibleKey(rule)] ?? ZERO_FEN) : ZERO_FEN;
  const remaining = max0(subFen(deductible, alreadyPaid));
  const actPayDedc = inscope < remaining ? inscope : remaining;
  const eligible = subFen(inscope, actPayDedc);
  const poolYtd = ytd.pools?.[rule.pool];
  const eligibleBefore = poolYtd?.eligible ?? ZERO_FEN;
  const beforeCap = payBands(rule.bands, eligibleBefore, eligible, ratioBonus, pieces);
  const poolCap = policy.pools[rule.pool]?.annualCap ?? ZERO_FEN;
  const poolPaidBefore = poolYtd?.paid ?? ZERO_FEN;
  const poolRoom = max0(subFen(poolCap, poolPaidBefore));
  let hifp = beforeCap;
  if (rule.perVisitCap !== null && rule.perVisitCap < hifp) hifp = rule.perVisitCap;
  if (poolRoom < hifp) hifp = poolRoom;
  return {
    rule,
    deductibleFactor,
    factorGroup,
    ratioBonus,
    bonusGroup,
    deductible,
    alreadyPaid,
    remaining,
    actPayDedc,
    eligibleBefore,
    eligible,
    pieces: pieces ?? [],
    beforeCap,
    poolCap,
    poolPaidBefore,
    poolRoom,
    hifp,
  };
}

function seriousStep(input: SettleInput, base: Fen, pieces: BandPiece[] | null): Computation['serious'] {
  const { policy, person, visit, ytd } = input;
  const si = policy.seriousIllness;
  if (!si) return { applies: false, reason: 'noPolicy' };
  if (!si.medTypes.includes(visit.medType)) return { applies: false, reason: 'medType' };
  let thresholdFactor: RatioBp = RATIO_ONE;
  let ratioBonus: RatioBp = 0;
  let noCap = false;
  for (const g of si.groups) {
    if (!person.groups.includes(g.group)) continue;
    if (g.thresholdFactor !== null && g.thresholdFactor < thresholdFactor) thresholdFactor = g.thresholdFactor;
    if (g.ratioBonus !== null && g.ratioBonus > ratioBonus) ratioBonus = g.ratioBonus;
    if (g.noCap) noCap = true;
  }
  const threshold = mulRatio(si.threshold, thresholdFactor);
  const baseBefore = ytd.seriousIllness?.base ?? ZERO_FEN;
  // Only the part of [B0, B0 + B) above T counts; band upTo values are distances above T.
  const from = baseBefore > threshold ? baseBefore : threshold;
  const over = max0(subFen(addFen(baseBefore, base), from));
  const beforeCap = payBands(si.bands, subFen(from, threshold), over, ratioBonus, pieces);
  const paidBefore = ytd.seriousIllness?.paid ?? ZERO_FEN;
  const room = max0(subFen(si.annualCap, paidBefore));
  const hifmi = noCap || beforeCap <= room ? beforeCap : room;
  return {
    applies: true,
    threshold,
    thresholdFactor,
    ratioBonus,
    noCap,
    base,
    baseBefore,
    over,
    pieces: pieces ?? [],
    beforeCap,
    annualCap: si.annualCap,
    paidBefore,
    room,
    hifmi,
  };
}

function assistanceStep(input: SettleInput, base: Fen): Computation['assistance'] {
  const { policy, person, visit, ytd } = input;
  const a = policy.assistance;
  if (!a) return { applies: false, reason: 'noPolicy' };
  if (!a.medTypes.includes(visit.medType)) return { applies: false, reason: 'medType' };
  // The single group with the highest ratio; strict `>` keeps the first listed on a tie.
  let group: AssistanceGroup | null = null;
  for (const g of a.groups) {
    if (person.groups.includes(g.group) && (group === null || g.ratio > group.ratio)) group = g;
  }
  if (!group) return { applies: false, reason: 'noGroup' };
  const deductibleDue = max0(subFen(group.deductible, ytd.assistance?.deductibleMet ?? ZERO_FEN));
  const used = base < deductibleDue ? base : deductibleDue;
  const beforeCap = mulRatio(subFen(base, used), group.ratio);
  const paidBefore = ytd.assistance?.paid ?? ZERO_FEN;
  const room = max0(subFen(group.annualCap, paidBefore));
  const maf = beforeCap < room ? beforeCap : room;
  return { applies: true, group, base, deductibleDue, used, beforeCap, paidBefore, room, maf };
}

function safetyNetStep(input: SettleInput, medfee: Fen, inscope: Fen, paidSoFar: Fen): Computation['safetyNet'] {
  const { policy, person, visit } = input;
  const s = policy.safetyNet;
  if (!s) return { applies: false, reason: 'noPolicy' };
  if (!s.medTypes.includes(visit.medType)) return { applies: false, reason: 'medType' };
  // The single group with the lowest allowed out-of-pocket ratio; strict `<` keeps the first on a tie.
  let group: SafetyNetGroup | null = null;
  for (const g of s.groups) {
    if (person.groups.includes(g.group) && (group === null || g.maxOutOfPocketRatio < group.maxOutOfPocketRatio)) group = g;
  }
  if (!group) return { applies: false, reason: 'noGroup' };
  const basis = group.basis === 'total' ? medfee : inscope;
  const outOfPocket = max0(subFen(basis, paidSoFar));
  const allowed = mulRatio(basis, group.maxOutOfPocketRatio);
  return { applies: true, group, outOfPocket, allowed, oth: max0(subFen(outOfPocket, allowed)) };
}

function settleLines(input: SettleInput): { lines: SettledLine[]; totals: Computation['totals'] } {
  const defaultRatio = input.policy.classBSelfPayRatio;
  const lines: SettledLine[] = [];
  let medfee = ZERO_FEN;
  let fulamt = ZERO_FEN;
  let overlimit = ZERO_FEN;
  let preself = ZERO_FEN;
  let inscope = ZERO_FEN;
  for (const line of input.bill.lines) {
    const amount = lineAmount(line.price, line.qtyMilli);
    let over = ZERO_FEN;
    let ful = ZERO_FEN;
    let pre = ZERO_FEN;
    let ins = ZERO_FEN;
    if (line.class === 'C') {
      ful = amount; // the whole amount is self-paid already; its overlimit is inside fulamt
    } else {
      if (line.capPrice !== null && line.price > line.capPrice) over = lineAmount(subFen(line.price, line.capPrice), line.qtyMilli);
      const base = subFen(amount, over);
      if (line.class === 'B') pre = mulRatio(base, line.selfPayRatio ?? defaultRatio);
      ins = subFen(base, pre);
    }
    lines.push({ code: line.code, name: line.name, class: line.class, amount, overlimit: over, fulamt: ful, preself: pre, inscope: ins });
    medfee = addFen(medfee, amount);
    fulamt = addFen(fulamt, ful);
    overlimit = addFen(overlimit, over);
    preself = addFen(preself, pre);
    inscope = addFen(inscope, ins);
  }
  return { lines, totals: { medfee, fulamt, overlimit, preself, inscope } };
}

/** Copies the ytd so the result never aliases the caller's objects. */
function copyYtd(ytd: Ytd): Ytd {
  const out: Ytd = {};
  if (ytd.deductiblePaid) out.deductiblePaid = { ...ytd.deductiblePaid };
  if (ytd.pools) {
    const pools: NonNullable<Ytd['pools']> = {};
    for (const [pool, counters] of Object.entries(ytd.pools)) pools[pool] = { ...counters };
    out.pools = pools;
  }
  if (ytd.seriousIllness) out.seriousIllness = { ...ytd.seriousIllness };
  if (ytd.assistance) out.assistance = { ...ytd.assistance };
  return out;
}

/**
 * Step 7: the accumulators this bill touches, as movement rows and as the resulting `ytd_after`.
 * Every touched account gets a row, zero deltas included, so that a ledger summing the rows reproduces
 * `ytd_after` key for key (the spec lists touched keys even when nothing moved, e.g. a zero deductible).
 */
function accumulate(input: SettleInput, c: Computation): { moves: YtdMove[]; ytdAfter: Ytd } {
  const moves: YtdMove[] = [];
  const after = copyYtd(input.ytd);
  const b = c.basic;
  if (b) {
    if (b.rule.deductibleBasis === 'year') {
      const key = deductibleKey(b.rule);
      const paid = (after.deductiblePaid ??= {});
      paid[key] = addFen(paid[key] ?? ZERO_FEN, b.actPayDedc);
      moves.push({ account: `deductiblePaid:${key}`, delta: b.actPayDedc });
    }
    const pools = (after.pools ??= {});
    const pool = (pools[b.rule.pool] ??= {});
    pool.eligible = addFen(pool.eligible ?? ZERO_FEN, b.eligible);
    pool.paid = addFen(pool.paid ?? ZERO_FEN, b.hifp);
    moves.push({ account: `pools:${b.rule.pool}:eligible`, delta: b.eligible });
    moves.push({ account: `pools:${b.rule.pool}:paid`, delta: b.hifp });
  }
  if (c.serious.applies) {
    const si = (after.seriousIllness ??= {});
    si.base = addFen(si.base ?? ZERO_FEN, c.serious.base);
    si.paid = addFen(si.paid ?? ZERO_FEN, c.serious.hifmi);
    moves.push({ account: 'seriousIllness:base', delta: c.serious.base });
    moves.push({ account: 'seriousIllness:paid', delta: c.serious.hifmi });
  }
  if (c.assistance.applies) {
    const a = (after.assistance ??= {});
    a.paid = addFen(a.paid ?? ZERO_FEN, c.assistance.maf);
    a.deductibleMet = addFen(a.deductibleMet ?? ZERO_FEN, c.assistance.used);
    moves.push({ account: 'assistance:paid', delta: c.assistance.maf });
    moves.push({ account: 'assistance:deductibleMet', delta: c.assistance.used });
  }
  return { moves, ytdAfter: after };
}

/** Fund codes as the national platform's `setldetail.fund_pay_type`; `setl_proc_info` from the trace. */
function fundsOf(input: SettleInput, c: Computation, trace: readonly TraceStep[]): FundPayment[] {
  // A loop rather than find() with closures: this runs once per bill on the hot path.
  const texts: Partial<Record<TraceStep['step'], string>> = {};
  for (const step of trace) texts[step.step] = step.text;
  const proc = {
    basic: trace.length > 0 ? `${texts.deductible ?? ''}；${texts.bands ?? ''}；${texts.cap ?? ''}` : '',
    seriousIllness: texts.seriousIllness ?? '',
    assistance: texts.assistance ?? '',
    safetyNet: texts.safetyNet ?? '',
  };
  const employee = input.person.insuredType === 'employee';
  const funds: FundPayment[] = [];
  if (c.basic) {
    funds.push({
      fund_pay_type: employee ? '310100' : '390100',
      fund_pay_type_name: employee ? '职工基本医疗保险统筹基金' : '城乡居民基本医疗保险基金',
      fund_payamt: c.amounts.hifp,
      setl_proc_info: proc.basic,
    });
  }
  if (c.serious.applies) {
    // The spec reports both as hifmi_pay; the platform's fund code tells residents' 大病 from employees' 大额.
    funds.push({
      fund_pay_type: employee ? '330100' : '390200',
      fund_pay_type_name: employee ? '职工大额医疗费用补助' : '城乡居民大病保险',
      fund_payamt: c.amounts.hifmi,
      setl_proc_info: proc.seriousIllness,
    });
  }
  if (c.assistance.applies) {
    funds.push({ fund_pay_type: '610100', fund_pay_type_name: '医疗救助基金', fund_payamt: c.amounts.maf, setl_proc_info: proc.assistance });
  }
  if (c.safetyNet.applies) {
    funds.push({ fund_pay_type: '640100', fund_pay_type_name: '政府兜底保障', fund_payamt: c.amounts.oth, setl_proc_info: proc.safetyNet });
  }
  return funds;
}

/** Settles one bill (spec steps 1–7). Pure: the same input always gives the same settlement. */
export function settle(input: SettleInput, options: SettleOptions = {}): Settlement {
  const withTrace = options.trace !== false;
  const { lines, totals } = settleLines(input);
  const inscope = totals.inscope;

  const basic = basicStep(input, inscope, withTrace ? [] : null);
  const hifp = basic ? basic.hifp : ZERO_FEN;
  const serious = seriousStep(input, subFen(inscope, hifp), withTrace ? [] : null);
  const hifmi = serious.applies ? serious.hifmi : ZERO_FEN;
  const assistance = assistanceStep(input, subFen(inscope, addFen(hifp, hifmi)));
  const maf = assistance.applies ? assistance.maf : ZERO_FEN;
  const safetyNet = safetyNetStep(input, totals.medfee, inscope, addFen(hifp, hifmi, maf));
  const oth = safetyNet.applies ? safetyNet.oth : ZERO_FEN;

  const fund = addFen(hifp, hifmi, maf, oth);
  const psnPart = subFen(totals.medfee, fund);
  const { person } = input;
  const acct = person.useAccount ? minFen(person.accountBalance, psnPart) : ZERO_FEN;
  const cash = subFen(psnPart, acct);

  const c: Computation = {
    input,
    lines,
    totals,
    basic,
    serious,
    assistance,
    safetyNet,
    amounts: { hifp, hifmi, maf, oth, fund, psnPart, acct, cash },
  };
  const { moves, ytdAfter } = accumulate(input, c);
  const trace = withTrace ? buildTrace(c) : [];

  return {
    medfee_sumamt: totals.medfee,
    fulamt_ownpay_amt: totals.fulamt,
    overlmt_selfpay: totals.overlimit,
    preselfpay_amt: totals.preself,
    inscp_scp_amt: inscope,
    act_pay_dedc: basic ? basic.actPayDedc : ZERO_FEN,
    hifp_pay: hifp,
    hifmi_pay: hifmi,
    maf_pay: maf,
    oth_pay: oth,
    fund_pay_sumamt: fund,
    psn_part_amt: psnPart,
    acct_pay: acct,
    psn_cash_pay: cash,
    ytd_after: ytdAfter,
    moves,
    lines,
    policyId: input.policy.id,
    funds: fundsOf(input, c, trace),
    trace,
  };
}
