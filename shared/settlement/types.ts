/**
 * Types of the one-stop settlement (一站式结算), format `township-policy/1` (docs: shared/settlement/policy-spec.md).
 * Everything here is already validated: amounts are integer fen, ratios integer parts per ten thousand.
 * Raw JSON becomes these types only through `validate.ts`.
 */
import type { Fen, RatioBp } from '../money';

export const POLICY_SCHEMA = 'township-policy/1';

export type InsuredType = 'resident' | 'employee';
export type MedType = 'outpatient' | 'chronic' | 'inpatient';
export type Level = 'township' | 'county' | 'city';
export type ChargeClass = 'A' | 'B' | 'C';
export type DeductibleBasis = 'admission' | 'year';
export type SafetyNetBasis = 'total' | 'inscope';

export const INSURED_TYPES: readonly InsuredType[] = ['resident', 'employee'];
export const MED_TYPES: readonly MedType[] = ['outpatient', 'chronic', 'inpatient'];
export const LEVELS: readonly Level[] = ['township', 'county', 'city'];
export const CHARGE_CLASSES: readonly ChargeClass[] = ['A', 'B', 'C'];

/** One band of a ratio table; `upTo` is null only for the last, open band. */
export interface Band {
  upTo: Fen | null;
  ratio: RatioBp;
}

/** Basic medical insurance (基本医保统筹) for one (insuredType, medType, level). */
export interface Rule {
  insuredType: InsuredType;
  medType: MedType;
  level: Level;
  pool: string;
  deductible: Fen;
  deductibleBasis: DeductibleBasis;
  bands: Band[];
  perVisitCap: Fen | null;
}

/** A population group's adjustment of the basic fund; null = the group does not set that parameter. */
export interface GroupAdjustment {
  group: string;
  deductibleFactor: RatioBp | null;
  ratioBonus: RatioBp | null;
}

export interface SeriousIllnessGroup {
  group: string;
  thresholdFactor: RatioBp | null;
  ratioBonus: RatioBp | null;
  noCap: boolean;
}

export interface SeriousIllness {
  medTypes: MedType[];
  threshold: Fen;
  bands: Band[];
  annualCap: Fen;
  groups: SeriousIllnessGroup[];
}

export interface AssistanceGroup {
  group: string;
  deductible: Fen;
  ratio: RatioBp;
  annualCap: Fen;
}

export interface Assistance {
  medTypes: MedType[];
  groups: AssistanceGroup[];
}

export interface SafetyNetGroup {
  group: string;
  basis: SafetyNetBasis;
  maxOutOfPocketRatio: RatioBp;
}

export interface SafetyNet {
  medTypes: MedType[];
  groups: SafetyNetGroup[];
}

/**
 * A validated policy. Group maps of the document become arrays in document order, because "ties go to the
 * group listed first" must not depend on how a map happens to iterate.
 */
export interface Policy {
  schema: typeof POLICY_SCHEMA;
  id: string;
  name: string;
  year: number;
  classBSelfPayRatio: RatioBp;
  pools: Record<string, { annualCap: Fen }>;
  rules: Rule[];
  groups: GroupAdjustment[];
  seriousIllness: SeriousIllness | null;
  assistance: Assistance | null;
  safetyNet: SafetyNet | null;
}

export interface BillLine {
  code: string;
  name: string;
  class: ChargeClass;
  price: Fen;
  /** The quantity as given (for display); arithmetic uses `qtyMilli`. */
  qty: number;
  /** The quantity in thousandths, an exact integer. */
  qtyMilli: number;
  capPrice: Fen | null;
  /** Class B only; null = the policy's `classBSelfPayRatio`. */
  selfPayRatio: RatioBp | null;
}

export interface Bill {
  lines: BillLine[];
}

export interface Person {
  insuredType: InsuredType;
  groups: string[];
  accountBalance: Fen;
  useAccount: boolean;
}

export interface Visit {
  medType: MedType;
  level: Level;
}

/** Year-to-date accumulators; a missing key counts as zero. */
export interface Ytd {
  /** Keyed `insuredType/medType/level`. */
  deductiblePaid?: Record<string, Fen>;
  pools?: Record<string, { eligible?: Fen; paid?: Fen }>;
  seriousIllness?: { base?: Fen; paid?: Fen };
  assistance?: { paid?: Fen; deductibleMet?: Fen };
}

export interface SettleInput {
  policy: Policy;
  bill: Bill;
  person: Person;
  visit: Visit;
  ytd: Ytd;
}

/** The 14 amounts of the spec's output, named as the national platform's `setlinfo` (all fen). */
export interface SettlementAmounts {
  medfee_sumamt: Fen;
  fulamt_ownpay_amt: Fen;
  overlmt_selfpay: Fen;
  preselfpay_amt: Fen;
  inscp_scp_amt: Fen;
  act_pay_dedc: Fen;
  hifp_pay: Fen;
  hifmi_pay: Fen;
  maf_pay: Fen;
  oth_pay: Fen;
  fund_pay_sumamt: Fen;
  psn_part_amt: Fen;
  acct_pay: Fen;
  psn_cash_pay: Fen;
}

/** The amount fields in the spec's order (used for output, reversal and tests). */
export const AMOUNT_FIELDS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'hifmi_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
] as const satisfies readonly (keyof SettlementAmounts)[];

/**
 * One accumulator movement. `account` is a flat key: `deductiblePaid:<insuredType/medType/level>`,
 * `pools:<pool>:eligible`, `pools:<pool>:paid`, `seriousIllness:base`, `seriousIllness:paid`,
 * `assistance:paid`, `assistance:deductibleMet`.
 */
export interface YtdMove {
  account: string;
  delta: Fen;
}

/** A line as settled (step 1 of the spec). */
export interface SettledLine {
  code: string;
  name: string;
  class: ChargeClass;
  amount: Fen;
  overlimit: Fen;
  fulamt: Fen;
  preself: Fen;
  inscope: Fen;
}

/** One row of the fund breakdown, shaped like the platform's `setldetail`. */
export interface FundPayment {
  fund_pay_type: string;
  fund_pay_type_name: string;
  fund_payamt: Fen;
  /** The calculation narrative (the trace sentence), empty when the trace was switched off. */
  setl_proc_info: string;
}

export interface Settlement extends SettlementAmounts {
  policyId: string;
  ytd_after: Ytd;
  moves: YtdMove[];
  lines: SettledLine[];
  funds: FundPayment[];
  trace: TraceStep[];
}

// ------------------------------------------------------------------- the engine's computation, for the trace

export type TraceStepKind =
  | 'lines'
  | 'deductible'
  | 'bands'
  | 'cap'
  | 'seriousIllness'
  | 'assistance'
  | 'safetyNet'
  | 'account'
  | 'totals';

export interface TraceStep {
  step: TraceStepKind;
  /** Chinese heading: 费用分类, 起付线 … */
  title: string;
  /** One sentence, amounts in yuan. */
  text: string;
  /** The amounts the sentence mentions, in fen. */
  amounts: Record<string, number>;
}

export interface SettleOptions {
  /**
   * Build the Chinese trace (default true). The bench and bulk recomputation switch it off: the amounts,
   * moves and funds are identical either way; only `trace` is empty and `setl_proc_info` is ''.
   */
  trace?: boolean;
}

/** The part of one band a bill's amount fell into. */
export interface BandPiece {
  amount: Fen;
  ratio: RatioBp;
  pay: Fen;
}

/** Everything the trace narrates; kept apart from the output so the output stays the spec's shape. */
export interface Computation {
  input: SettleInput;
  lines: SettledLine[];
  totals: { medfee: Fen; fulamt: Fen; overlimit: Fen; preself: Fen; inscope: Fen };
  basic: BasicStep | null;
  serious: SeriousStep | { applies: false; reason: NotApplied };
  assistance: AssistanceStep | { applies: false; reason: NotApplied };
  safetyNet: SafetyNetStep | { applies: false; reason: NotApplied };
  amounts: { hifp: Fen; hifmi: Fen; maf: Fen; oth: Fen; fund: Fen; psnPart: Fen; acct: Fen; cash: Fen };
}

export type NotApplied = 'noPolicy' | 'medType' | 'noGroup';

export interface BasicStep {
  rule: Rule;
  deductibleFactor: RatioBp;
  factorGroup: string | null;
  ratioBonus: RatioBp;
  bonusGroup: string | null;
  /** `D`, the deductible after the group factor. */
  deductible: Fen;
  /** Deductible already paid this year (basis `year` only, else 0). */
  alreadyPaid: Fen;
  remaining: Fen;
  actPayDedc: Fen;
  eligibleBefore: Fen;
  eligible: Fen;
  pieces: BandPiece[];
  beforeCap: Fen;
  poolCap: Fen;
  poolPaidBefore: Fen;
  poolRoom: Fen;
  hifp: Fen;
}

export interface SeriousStep {
  applies: true;
  threshold: Fen;
  thresholdFactor: RatioBp;
  ratioBonus: RatioBp;
  noCap: boolean;
  base: Fen;
  baseBefore: Fen;
  /** The part of this bill's base above the threshold. */
  over: Fen;
  pieces: BandPiece[];
  beforeCap: Fen;
  annualCap: Fen;
  paidBefore: Fen;
  room: Fen;
  hifmi: Fen;
}

export interface AssistanceStep {
  applies: true;
  group: AssistanceGroup;
  base: Fen;
  deductibleDue: Fen;
  used: Fen;
  beforeCap: Fen;
  paidBefore: Fen;
  room: Fen;
  maf: Fen;
}

export interface SafetyNetStep {
  applies: true;
  group: SafetyNetGroup;
  outOfPocket: Fen;
  allowed: Fen;
  oth: Fen;
}
