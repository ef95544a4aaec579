/**
 * The settlement's explanation: one step per stage of the computation, each a Chinese sentence a cashier
 * can read aloud to the patient, plus the amounts (fen) it speaks of, for programs and tests.
 */
import { formatRatio, formatYuan, subFen, type Fen, type RatioBp } from '../money';
import { groupName } from './groups';
import type { BandPiece, Computation, MedType, NotApplied, TraceStep, TraceStepKind } from './types';

export type { TraceStep, TraceStepKind } from './types';

export const TRACE_TITLES: Record<TraceStepKind, string> = {
  lines: '费用分类',
  deductible: '起付线',
  bands: '分段报销',
  cap: '封顶',
  seriousIllness: '大病保险',
  assistance: '医疗救助',
  safetyNet: '兜底保障',
  account: '个人账户',
  totals: '合计',
};

const MED_TYPE_NAMES: Record<MedType, string> = { outpatient: '普通门诊', chronic: '门诊慢特病', inpatient: '住院' };
const LEVEL_NAMES: Record<string, string> = { township: '乡镇卫生院', county: '县级医院', city: '市级及以上医院' };
const INSURED_NAMES: Record<string, string> = { resident: '城乡居民', employee: '职工' };

// The same few amounts recur across steps (合计, 基本医保 …); formatting dominates the trace's cost, so each
// amount is formatted once per trace. Cleared at the start of every buildTrace: nothing outlives one bill.
const yuanOnce = new Map<number, string>();

function y(amount: Fen): string {
  let text = yuanOnce.get(amount);
  if (text === undefined) {
    text = `${formatYuan(amount)} 元`;
    yuanOnce.set(amount, text);
  }
  return text;
}
const pct = (ratio: RatioBp): string => formatRatio(ratio);

function piecesText(pieces: readonly BandPiece[]): string {
  let text = '';
  for (const p of pieces) text += `${text === '' ? '' : '、'}${y(p.amount)}按 ${pct(p.ratio)} 报销 ${y(p.pay)}`;
  return text;
}

function notApplied(reason: NotApplied, what: string, medType: MedType): string {
  if (reason === 'noPolicy') return `本政策未设${what}`;
  if (reason === 'medType') return `本次为${MED_TYPE_NAMES[medType]}，不属于${what}范围`;
  return `患者不属于${what}对象`;
}

function step(kind: TraceStepKind, text: string, amounts: Record<string, number>): TraceStep {
  return { step: kind, title: TRACE_TITLES[kind], text, amounts };
}

function basicSteps(c: Computation): TraceStep[] {
  const b = c.basic;
  if (!b) {
    const { person, visit } = c.input;
    const what = `${INSURED_NAMES[person.insuredType] ?? ''}${MED_TYPE_NAMES[visit.medType]}（${LEVEL_NAMES[visit.level] ?? ''}）`;
    return [
      step('deductible', `政策未设${what}的基本医保报销规则，基本医保不予支付，不计起付线`, { act_pay_dedc: 0 }),
      step('bands', '无基本医保报销规则，不计算分段报销', { hifp_pay: 0 }),
      step('cap', '无基本医保报销规则，不涉及封顶', { hifp_pay: 0 }),
    ];
  }
  const { rule } = b;
  let deductibleText = `起付线 ${y(rule.deductible)}`;
  if (b.factorGroup !== null) deductibleText += `，${groupName(b.factorGroup)}减免后 ${y(b.deductible)}`;
  if (rule.deductibleBasis === 'year') deductibleText += `，按年度计算，本年已付 ${y(b.alreadyPaid)}`;
  deductibleText += `，本次支付起付线 ${y(b.actPayDedc)}`;

  let bandsText: string;
  if (b.eligible === 0) bandsText = '扣除起付线后没有进入统筹的费用，基本医保不支付';
  else {
    const bonus = b.bonusGroup !== null ? `（比例含${groupName(b.bonusGroup)}提高 ${pct(b.ratioBonus)}）` : '';
    bandsText =
      `扣除起付线后 ${y(b.eligible)}进入统筹（本年累计从 ${y(b.eligibleBefore)}起），` +
      `${piecesText(b.pieces)}${bonus}，合计 ${y(b.beforeCap)}`;
  }

  const limits: string[] = [];
  if (rule.perVisitCap !== null) limits.push(`单次限额 ${y(rule.perVisitCap)}`);
  limits.push(`年度封顶线 ${y(b.poolCap)}，本年已支付 ${y(b.poolPaidBefore)}，尚余 ${y(b.poolRoom)}`);
  const capped = b.hifp < b.beforeCap ? `受封顶限制，基本医保实际支付 ${y(b.hifp)}` : `未触及封顶，基本医保支付 ${y(b.hifp)}`;
  const capAmounts: Record<string, number> = {
    before_cap: b.beforeCap,
    annual_cap: b.poolCap,
    paid_before: b.poolPaidBefore,
    room: b.poolRoom,
    hifp_pay: b.hifp,
  };
  if (rule.perVisitCap !== null) capAmounts.per_visit_cap = rule.perVisitCap;

  return [
    step('deductible', deductibleText, {
      deductible: rule.deductible,
      deductible_after_groups: b.deductible,
      already_paid: b.alreadyPaid,
      act_pay_dedc: b.actPayDedc,
    }),
    step('bands', bandsText, { eligible: b.eligible, eligible_before: b.eligibleBefore, before_cap: b.beforeCap }),
    step('cap', `${limits.join('；')}，${capped}`, capAmounts),
  ];
}

function seriousStep(c: Computation): TraceStep {
  const s = c.serious;
  if (!s.applies) return step('seriousIllness', notApplied(s.reason, '大病保险', c.input.visit.medType), { hifmi_pay: 0 });
  const original = c.input.policy.seriousIllness?.threshold ?? s.threshold;
  let text = `大病保险起付线 ${y(original)}`;
  if (s.threshold !== original) text += `，困难群体降低后 ${y(s.threshold)}`;
  text += `，本次纳入大病保险的费用 ${y(s.base)}（本年累计从 ${y(s.baseBefore)}起），超过起付线的部分 ${y(s.over)}`;
  if (s.pieces.length > 0) text += `，${piecesText(s.pieces)}，合计 ${y(s.beforeCap)}`;
  if (s.noCap) text += '，困难群体不设封顶';
  else if (s.hifmi < s.beforeCap) text += `，受年度封顶（尚余 ${y(s.room)}）限制`;
  text += `，大病保险支付 ${y(s.hifmi)}`;
  return step('seriousIllness', text, {
    threshold: s.threshold,
    base: s.base,
    base_before: s.baseBefore,
    over_threshold: s.over,
    before_cap: s.beforeCap,
    hifmi_pay: s.hifmi,
  });
}

function assistanceStep(c: Computation): TraceStep {
  const a = c.assistance;
  if (!a.applies) return step('assistance', notApplied(a.reason, '医疗救助', c.input.visit.medType), { maf_pay: 0 });
  let text =
    `按${groupName(a.group.group)}救助：救助基数 ${y(a.base)}，年度救助起付线尚余 ${y(a.deductibleDue)}，本次扣除 ${y(a.used)}，` +
    `其余 ${y(subFen(a.base, a.used))}按 ${pct(a.group.ratio)} 救助 ${y(a.beforeCap)}`;
  if (a.maf < a.beforeCap) text += `，受年度救助限额（尚余 ${y(a.room)}）限制`;
  text += `，医疗救助支付 ${y(a.maf)}`;
  return step('assistance', text, {
    base: a.base,
    deductible_due: a.deductibleDue,
    deductible_used: a.used,
    before_cap: a.beforeCap,
    room: a.room,
    maf_pay: a.maf,
  });
}

function safetyNetStep(c: Computation): TraceStep {
  const s = c.safetyNet;
  if (!s.applies) return step('safetyNet', notApplied(s.reason, '兜底保障', c.input.visit.medType), { oth_pay: 0 });
  const basis = s.group.basis === 'total' ? '费用总额' : '政策范围内费用';
  const text =
    `按${groupName(s.group.group)}兜底：基金支付后个人负担 ${y(s.outOfPocket)}，` +
    `以${basis}的 ${pct(s.group.maxOutOfPocketRatio)} 为限即 ${y(s.allowed)}，兜底支付 ${y(s.oth)}`;
  return step('safetyNet', text, { out_of_pocket: s.outOfPocket, allowed: s.allowed, oth_pay: s.oth });
}

/** Builds the trace of a computation (called by `settle` unless `{ trace: false }`). */
export function buildTrace(c: Computation): TraceStep[] {
  yuanOnce.clear();
  const t = c.totals;
  const m = c.amounts;
  const { person } = c.input;
  const account = person.useAccount
    ? `个人负担 ${y(m.psnPart)}，个人账户余额 ${y(person.accountBalance)}，账户支付 ${y(m.acct)}`
    : `本次不使用个人账户，个人负担 ${y(m.psnPart)}全部现金支付`;
  return [
    step(
      'lines',
      `费用合计 ${y(t.medfee)}，其中全自费 ${y(t.fulamt)}、超限价自付 ${y(t.overlimit)}、乙类先行自付 ${y(t.preself)}，` +
        `政策范围内 ${y(t.inscope)}`,
      {
        medfee_sumamt: t.medfee,
        fulamt_ownpay_amt: t.fulamt,
        overlmt_selfpay: t.overlimit,
        preselfpay_amt: t.preself,
        inscp_scp_amt: t.inscope,
      },
    ),
    ...basicSteps(c),
    seriousStep(c),
    assistanceStep(c),
    safetyNetStep(c),
    step('account', account, { psn_part_amt: m.psnPart, account_balance: person.accountBalance, acct_pay: m.acct }),
    step(
      'totals',
      `费用合计 ${y(t.medfee)}，基金支付 ${y(m.fund)}（基本医保 ${y(m.hifp)}、大病保险 ${y(m.hifmi)}、` +
        `医疗救助 ${y(m.maf)}、兜底保障 ${y(m.oth)}），个人负担 ${y(m.psnPart)}（个人账户 ${y(m.acct)}、现金 ${y(m.cash)}）`,
      {
        medfee_sumamt: t.medfee,
        fund_pay_sumamt: m.fund,
        psn_part_amt: m.psnPart,
        acct_pay: m.acct,
        psn_cash_pay: m.cash,
      },
    ),
  ];
}

/** Numbered lines for a terminal (`counter settle --explain`). */
export function formatTrace(trace: readonly TraceStep[]): string {
  return trace.map((s, i) => `${i + 1}. ${s.title}：${s.text}。`).join('\n');
}
