/**
 * Turns raw JSON (a district's policy document, a bill, a person, a visit, year-to-date accumulators) into
 * the validated types the engine computes with — or refuses it, naming every wrong field by its JSON path
 * in Chinese. Nothing is computed from input that fails here.
 *
 * Hand-written rather than a zod schema: every message must be a Chinese sentence naming the field and the
 * value received, and several checks (band order, duplicate rules, line amounts) span fields.
 *
 * Unknown keys are refused everywhere except at the top level of a policy document: a misspelt
 * `selfPayRatio` or `deductiblePaid` silently ignored would move money, while a district's metadata beside
 * the format (effectiveFrom, notes …) is harmless.
 */
import { fen, MAX_FEN, RATIO_ONE, parseRatioBp, ZERO_FEN, type Fen, type RatioBp } from '../money';
import { lineAmount } from './engine';
import {
  CHARGE_CLASSES,
  INSURED_TYPES,
  LEVELS,
  MED_TYPES,
  POLICY_SCHEMA,
  type Assistance,
  type AssistanceGroup,
  type Band,
  type Bill,
  type BillLine,
  type ChargeClass,
  type GroupAdjustment,
  type Person,
  type Policy,
  type Rule,
  type SafetyNet,
  type SafetyNetGroup,
  type SeriousIllness,
  type SeriousIllnessGroup,
  type SettleInput,
  type Visit,
  type Ytd,
} from './types';

export interface InputIssue {
  /** JSON path of the field, e.g. `bill.lines[3].qty`. */
  path: string;
  /** Chinese, without the path. */
  message: string;
}

/** Refused input: `path` is the first problem, `issues` all of them, `message` the first as one sentence. */
export class SettlementInputError extends Error {
  readonly path: string;
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    const first = issues[0] ?? { path: '', message: '输入不正确' };
    const more = issues.length > 1 ? `（共 ${issues.length} 处问题）` : '';
    super(`${first.path ? `${first.path}：` : ''}${first.message}${more}`);
    this.name = 'SettlementInputError';
    this.path = first.path;
    this.issues = issues;
  }
}

const MED_TYPE_NAMES: Record<string, string> = { outpatient: '普通门诊', chronic: '门诊慢特病', inpatient: '住院' };
const LEVEL_NAMES: Record<string, string> = { township: '乡镇卫生院', county: '县级', city: '市级及以上' };
const INSURED_NAMES: Record<string, string> = { resident: '城乡居民', employee: '职工' };
const CLASS_NAMES: Record<string, string> = { A: '甲类', B: '乙类', C: '丙类' };
const BASIS_NAMES: Record<string, string> = { admission: '每次住院/就诊', year: '每年一次' };
const SAFETY_BASIS_NAMES: Record<string, string> = { total: '费用总额', inscope: '政策范围内费用' };

type Obj = Record<string, unknown>;

/** Collects issues while reading; readers return undefined after recording a problem. */
class Reader {
  readonly issues: InputIssue[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  object(value: unknown, path: string): Obj | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, `${path === '' ? '结算输入' : ''}应为对象，收到 ${describe(value)}`);
    }
    return value as Obj;
  }

  /** An object whose keys are all in `allowed`. */
  strict(value: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    const obj = this.object(value, path);
    if (obj) {
      for (const key of Object.keys(obj)) {
        if (!allowed.includes(key)) this.fail(child(path, key), `未知字段，格式 ${POLICY_SCHEMA} 中没有「${key}」`);
      }
    }
    return obj;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (!Array.isArray(value)) return this.fail(path, `应为数组，收到 ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string, nonEmpty = true): string | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value !== 'string') return this.fail(path, `应为文字，收到 ${describe(value)}`);
    if (nonEmpty && value.trim() === '') return this.fail(path, '不能为空');
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value !== 'boolean') return this.fail(path, `应为 true 或 false，收到 ${describe(value)}`);
    return value;
  }

  /** An integer amount of fen in [0, 10¹¹]. */
  fen(value: unknown, path: string): Fen | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return this.fail(path, `金额应为整数分，收到 ${describe(value)}`);
    }
    if (!Number.isInteger(value)) return this.fail(path, `金额必须是整数分，收到 ${describe(value)}`);
    if (value < 0) return this.fail(path, `金额不能为负数，收到 ${describe(value)}`);
    if (value > MAX_FEN) return this.fail(path, `金额超过上限 ${MAX_FEN} 分（10 亿元），收到 ${describe(value)}`);
    return fen(value);
  }

  optionalFen(value: unknown, path: string): Fen | null | undefined {
    return value === undefined || value === null ? null : this.fen(value, path);
  }

  /** A decimal ratio in [0, 1] with at most four places, as parts per ten thousand. */
  ratio(value: unknown, path: string): RatioBp | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return this.fail(path, `比例应为 0 到 1 之间的数字，收到 ${describe(value)}`);
    }
    if (value < 0 || value > 1) return this.fail(path, `比例应在 0 到 1 之间，收到 ${describe(value)}`);
    const bp = parseRatioBp(value);
    if (bp === null || bp > RATIO_ONE) return this.fail(path, `比例最多四位小数，收到 ${describe(value)}`);
    return bp;
  }

  optionalRatio(value: unknown, path: string): RatioBp | null | undefined {
    return value === undefined || value === null ? null : this.ratio(value, path);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], names: Record<string, string>, what: string): T | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const options = allowed.map((v) => `${v}（${names[v] ?? v}）`);
    const list = options.length > 1 ? `${options.slice(0, -1).join('、')}或 ${options[options.length - 1] ?? ''}` : options.join('');
    return this.fail(path, `未知的${what} ${describe(value)}，应为 ${list}`);
  }

  /** A quantity > 0 with at most three decimals, as an exact number of thousandths. */
  qtyMilli(value: unknown, path: string): number | undefined {
    if (value === undefined) return this.fail(path, '缺少必填字段');
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, `数量应为数字，收到 ${describe(value)}`);
    if (value <= 0) return this.fail(path, `数量必须大于 0，收到 ${describe(value)}`);
    const text = String(value);
    const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
    const whole = match?.[1];
    const decimals = match?.[2] ?? '';
    // No match means exponent notation: either a tiny value (too many decimals) or a huge one.
    if (whole === undefined) return this.fail(path, value < 1 ? `数量最多三位小数，收到 ${text}` : `数量过大，收到 ${text}`);
    if (decimals.length > 3) return this.fail(path, `数量最多三位小数，收到 ${text}`);
    if (whole.length > 9) return this.fail(path, `数量过大，收到 ${text}`);
    return Number(whole) * 1000 + Number(decimals.padEnd(3, '0'));
  }

  /** Object entries in document order, refusing names a JS object would reorder (pure digits). */
  groupEntries(value: unknown, path: string): [string, unknown, string][] {
    const obj = this.object(value, path);
    if (!obj) return [];
    return Object.keys(obj).flatMap((name): [string, unknown, string][] => {
      const p = child(path, name);
      if (/^\d+$/.test(name)) {
        this.fail(p, `人群代码不能是纯数字（「${name}」会打乱政策中的先后顺序）`);
        return [];
      }
      return [[name, obj[name], p]];
    });
  }
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (path === '') return key;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return '（缺失）';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return '数组';
  if (typeof value === 'object') return '对象';
  return typeof value;
}

// ---------------------------------------------------------------------------------------------------------
// Policy

function readBands(r: Reader, value: unknown, path: string): Band[] {
  const list = r.array(value, path);
  if (!list) return [];
  if (list.length === 0) {
    r.fail(path, '至少需要一段（最后一段不写 upTo）');
    return [];
  }
  const bands: Band[] = [];
  let previous = 0;
  list.forEach((raw, i) => {
    const p = child(path, i);
    const band = r.strict(raw, p, ['upTo', 'ratio']);
    if (!band) return;
    const ratio = r.ratio(band.ratio, child(p, 'ratio'));
    const last = i === list.length - 1;
    const upToPath = child(p, 'upTo');
    let upTo: Fen | null = null;
    if (band.upTo === undefined || band.upTo === null) {
      if (!last) r.fail(upToPath, '缺少 upTo：只有最后一段可以不写 upTo');
    } else if (last) {
      r.fail(upToPath, '缺少最后的开放段：最后一段不能写 upTo');
    } else {
      const value = r.fen(band.upTo, upToPath);
      if (value !== undefined) {
        if (value <= previous) r.fail(upToPath, `upTo 必须严格递增，上一段为 ${previous}，收到 ${value}`);
        else previous = value;
        upTo = value;
      }
    }
    if (ratio !== undefined) bands.push({ upTo, ratio });
  });
  return bands;
}

function readMedTypes(r: Reader, value: unknown, path: string): Policy['rules'][number]['medType'][] {
  const list = r.array(value, path) ?? [];
  const out: Policy['rules'][number]['medType'][] = [];
  list.forEach((raw, i) => {
    const medType = r.oneOf(raw, child(path, i), MED_TYPES, MED_TYPE_NAMES, '就诊类型');
    if (medType && !out.includes(medType)) out.push(medType);
  });
  return out;
}

function readRules(r: Reader, value: unknown, path: string, pools: Record<string, unknown>): Rule[] {
  const list = r.array(value, path) ?? [];
  const seen = new Map<string, string>();
  const rules: Rule[] = [];
  list.forEach((raw, i) => {
    const p = child(path, i);
    const o = r.strict(raw, p, ['insuredType', 'medType', 'level', 'pool', 'deductible', 'deductibleBasis', 'bands', 'perVisitCap']);
    if (!o) return;
    const insuredType = r.oneOf(o.insuredType, child(p, 'insuredType'), INSURED_TYPES, INSURED_NAMES, '参保类型');
    const medType = r.oneOf(o.medType, child(p, 'medType'), MED_TYPES, MED_TYPE_NAMES, '就诊类型');
    const level = r.oneOf(o.level, child(p, 'level'), LEVELS, LEVEL_NAMES, '医院等级');
    const pool = r.string(o.pool, child(p, 'pool'));
    if (pool !== undefined && !Object.hasOwn(pools, pool)) {
      r.fail(child(p, 'pool'), `基金池「${pool}」未在 pools 中定义`);
    }
    const deductible = r.fen(o.deductible, child(p, 'deductible'));
    const deductibleBasis = r.oneOf(o.deductibleBasis, child(p, 'deductibleBasis'), ['admission', 'year'] as const, BASIS_NAMES, '起付线计算方式');
    const bands = readBands(r, o.bands, child(p, 'bands'));
    const perVisitCap = r.optionalFen(o.perVisitCap, child(p, 'perVisitCap'));
    if (insuredType && medType && level) {
      const key = `${insuredType}/${medType}/${level}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) r.fail(p, `与 ${earlier} 重复：同一参保类型、就诊类型、医院等级（${key}）只能有一条规则`);
      else seen.set(key, p);
    }
    if (insuredType && medType && level && pool !== undefined && deductible !== undefined && deductibleBasis && perVisitCap !== undefined) {
      rules.push({ insuredType, medType, level, pool, deductible, deductibleBasis, bands, perVisitCap });
    }
  });
  return rules;
}

function readGroups(r: Reader, value: unknown, path: string): GroupAdjustment[] {
  if (value === undefined || value === null) return [];
  return r.groupEntries(value, path).flatMap(([group, raw, p]) => {
    const o = r.strict(raw, p, ['deductibleFactor', 'ratioBonus']);
    if (!o) return [];
    const deductibleFactor = r.optionalRatio(o.deductibleFactor, child(p, 'deductibleFactor'));
    const ratioBonus = r.optionalRatio(o.ratioBonus, child(p, 'ratioBonus'));
    return deductibleFactor === undefined || ratioBonus === undefined ? [] : [{ group, deductibleFactor, ratioBonus }];
  });
}

function readSeriousIllness(r: Reader, value: unknown, path: string): SeriousIllness | null {
  if (value === undefined || value === null) return null;
  const o = r.strict(value, path, ['medTypes', 'threshold', 'bands', 'annualCap', 'groups']);
  if (!o) return null;
  const medTypes = readMedTypes(r, o.medTypes, child(path, 'medTypes'));
  const threshold = r.fen(o.threshold, child(path, 'threshold'));
  const bands = readBands(r, o.bands, child(path, 'bands'));
  const annualCap = r.fen(o.annualCap, child(path, 'annualCap'));
  const groups: SeriousIllnessGroup[] = [];
  if (o.groups !== undefined && o.groups !== null) {
    for (const [group, raw, p] of r.groupEntries(o.groups, child(path, 'groups'))) {
      const g = r.strict(raw, p, ['thresholdFactor', 'ratioBonus', 'noCap']);
      if (!g) continue;
      const thresholdFactor = r.optionalRatio(g.thresholdFactor, child(p, 'thresholdFactor'));
      const ratioBonus = r.optionalRatio(g.ratioBonus, child(p, 'ratioBonus'));
      const noCap = g.noCap === undefined || g.noCap === null ? false : r.boolean(g.noCap, child(p, 'noCap'));
      if (thresholdFactor !== undefined && ratioBonus !== undefined && noCap !== undefined) {
        groups.push({ group, thresholdFactor, ratioBonus, noCap });
      }
    }
  }
  if (threshold === undefined || annualCap === undefined) return null;
  return { medTypes, threshold, bands, annualCap, groups };
}

function readAssistance(r: Reader, value: unknown, path: string): Assistance | null {
  if (value === undefined || value === null) return null;
  const o = r.strict(value, path, ['medTypes', 'groups']);
  if (!o) return null;
  const medTypes = readMedTypes(r, o.medTypes, child(path, 'medTypes'));
  const groups: AssistanceGroup[] = [];
  for (const [group, raw, p] of r.groupEntries(o.groups, child(path, 'groups'))) {
    const g = r.strict(raw, p, ['deductible', 'ratio', 'annualCap']);
    if (!g) continue;
    const deductible = r.fen(g.deductible, child(p, 'deductible'));
    const ratio = r.ratio(g.ratio, child(p, 'ratio'));
    const annualCap = r.fen(g.annualCap, child(p, 'annualCap'));
    if (deductible !== undefined && ratio !== undefined && annualCap !== undefined) groups.push({ group, deductible, ratio, annualCap });
  }
  return { medTypes, groups };
}

function readSafetyNet(r: Reader, value: unknown, path: string): SafetyNet | null {
  if (value === undefined || value === null) return null;
  const o = r.strict(value, path, ['medTypes', 'groups']);
  if (!o) return null;
  const medTypes = readMedTypes(r, o.medTypes, child(path, 'medTypes'));
  const groups: SafetyNetGroup[] = [];
  for (const [group, raw, p] of r.groupEntries(o.groups, child(path, 'groups'))) {
    const g = r.strict(raw, p, ['basis', 'maxOutOfPocketRatio']);
    if (!g) continue;
    const basis = r.oneOf(g.basis, child(p, 'basis'), ['total', 'inscope'] as const, SAFETY_BASIS_NAMES, '兜底计算基数');
    const maxOutOfPocketRatio = r.ratio(g.maxOutOfPocketRatio, child(p, 'maxOutOfPocketRatio'));
    if (basis && maxOutOfPocketRatio !== undefined) groups.push({ group, basis, maxOutOfPocketRatio });
  }
  return { medTypes, groups };
}

function readPolicy(r: Reader, raw: unknown, path: string): Policy | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  if (o.schema !== POLICY_SCHEMA) {
    // Another format's fields would only produce noise: report the schema alone.
    r.fail(child(path, 'schema'), `不支持的政策格式 ${describe(o.schema)}，应为 ${POLICY_SCHEMA}`);
    return undefined;
  }
  const id = r.string(o.id, child(path, 'id'));
  const name = r.string(o.name, child(path, 'name'), false);
  let year: number | undefined;
  if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < 1900 || o.year > 9999) {
    r.fail(child(path, 'year'), o.year === undefined ? '缺少必填字段' : `年度应为四位整数，收到 ${describe(o.year)}`);
  } else year = o.year;
  const classBSelfPayRatio = r.ratio(o.classBSelfPayRatio, child(path, 'classBSelfPayRatio'));

  const pools: Policy['pools'] = {};
  const poolsRaw = r.object(o.pools, child(path, 'pools')) ?? {};
  for (const [pool, value] of Object.entries(poolsRaw)) {
    const p = child(child(path, 'pools'), pool);
    const entry = r.strict(value, p, ['annualCap']);
    const annualCap = entry && r.fen(entry.annualCap, child(p, 'annualCap'));
    if (annualCap !== undefined && annualCap !== null) pools[pool] = { annualCap };
  }
  const rules = readRules(r, o.rules, child(path, 'rules'), poolsRaw);
  const groups = readGroups(r, o.groups, child(path, 'groups'));
  const seriousIllness = readSeriousIllness(r, o.seriousIllness, child(path, 'seriousIllness'));
  const assistance = readAssistance(r, o.assistance, child(path, 'assistance'));
  const safetyNet = readSafetyNet(r, o.safetyNet, child(path, 'safetyNet'));
  if (id === undefined || name === undefined || year === undefined || classBSelfPayRatio === undefined) return undefined;
  return { schema: POLICY_SCHEMA, id, name, year, classBSelfPayRatio, pools, rules, groups, seriousIllness, assistance, safetyNet };
}

// ---------------------------------------------------------------------------------------------------------
// Bill, person, visit, year-to-date

function readBill(r: Reader, raw: unknown, path: string): Bill {
  const o = r.strict(raw, path, ['lines']);
  const linesPath = child(path, 'lines');
  const list = o ? (r.array(o.lines, linesPath) ?? []) : [];
  if (o && Array.isArray(o.lines) && list.length === 0) r.fail(linesPath, '费用明细不能为空');
  const lines: BillLine[] = [];
  let total = 0;
  list.forEach((rawLine, i) => {
    const p = child(linesPath, i);
    const l = r.strict(rawLine, p, ['code', 'name', 'class', 'price', 'qty', 'capPrice', 'selfPayRatio']);
    if (!l) return;
    const code = r.string(l.code, child(p, 'code'));
    const name = r.string(l.name, child(p, 'name'));
    const cls = r.oneOf<ChargeClass>(l.class, child(p, 'class'), CHARGE_CLASSES, CLASS_NAMES, '费用类别');
    const price = r.fen(l.price, child(p, 'price'));
    const qtyMilli = r.qtyMilli(l.qty, child(p, 'qty'));
    const capPrice = r.optionalFen(l.capPrice, child(p, 'capPrice'));
    const selfPayRatio = r.optionalRatio(l.selfPayRatio, child(p, 'selfPayRatio'));
    if (cls && cls !== 'B' && selfPayRatio) {
      r.fail(child(p, 'selfPayRatio'), `只有乙类项目有先行自付比例，本项为${CLASS_NAMES[cls] ?? cls}`);
    }
    if (price === undefined || qtyMilli === undefined) return;
    // Compare in floating point first: the exact product is only computed once it is known to be safe.
    if (price * qtyMilli > (MAX_FEN + 1) * 1000) {
      r.fail(p, `金额（单价 ${price} 分 × 数量 ${String(l.qty)}）超过上限 ${MAX_FEN} 分`);
      return;
    }
    const amount = lineAmount(price, qtyMilli);
    if (amount > MAX_FEN) {
      r.fail(p, `金额 ${amount} 分超过上限 ${MAX_FEN} 分`);
      return;
    }
    total += amount;
    if (code !== undefined && name !== undefined && cls && capPrice !== undefined && selfPayRatio !== undefined) {
      lines.push({ code, name, class: cls, price, qty: l.qty as number, qtyMilli, capPrice, selfPayRatio: cls === 'B' ? selfPayRatio : null });
    }
  });
  if (total > MAX_FEN) r.fail(linesPath, `费用合计 ${total} 分超过上限 ${MAX_FEN} 分`);
  return { lines };
}

function readPerson(r: Reader, raw: unknown, path: string): Person | undefined {
  const o = r.strict(raw, path, ['insuredType', 'groups', 'accountBalance', 'useAccount']);
  if (!o) return undefined;
  const insuredType = r.oneOf(o.insuredType, child(path, 'insuredType'), INSURED_TYPES, INSURED_NAMES, '参保类型');
  const groupsPath = child(path, 'groups');
  const groups: string[] = [];
  (r.array(o.groups, groupsPath) ?? []).forEach((g, i) => {
    const name = r.string(g, child(groupsPath, i));
    if (name !== undefined && !groups.includes(name)) groups.push(name);
  });
  const useAccount = o.useAccount === undefined || o.useAccount === null ? false : r.boolean(o.useAccount, child(path, 'useAccount'));
  let accountBalance: Fen | undefined = ZERO_FEN;
  if (o.accountBalance !== undefined && o.accountBalance !== null) accountBalance = r.fen(o.accountBalance, child(path, 'accountBalance'));
  else if (useAccount) r.fail(child(path, 'accountBalance'), '使用个人账户（useAccount 为 true）时必须给出账户余额');
  if (!insuredType || useAccount === undefined || accountBalance === undefined) return undefined;
  return { insuredType, groups, accountBalance, useAccount };
}

function readVisit(r: Reader, raw: unknown, path: string): Visit | undefined {
  const o = r.strict(raw, path, ['medType', 'level']);
  if (!o) return undefined;
  const medType = r.oneOf(o.medType, child(path, 'medType'), MED_TYPES, MED_TYPE_NAMES, '就诊类型');
  const level = r.oneOf(o.level, child(path, 'level'), LEVELS, LEVEL_NAMES, '医院等级');
  return medType && level ? { medType, level } : undefined;
}

const DEDUCTIBLE_KEY = /^(resident|employee)\/(outpatient|chronic|inpatient)\/(township|county|city)$/;

/** Reads `{ a?: fen, b?: fen }` keeping only the keys present, so ytd_after keeps the input's shape. */
function readCounters<K extends string>(r: Reader, raw: unknown, path: string, keys: readonly K[]): Partial<Record<K, Fen>> | undefined {
  const o = r.strict(raw, path, keys);
  if (!o) return undefined;
  const out: Partial<Record<K, Fen>> = {};
  for (const key of keys) {
    if (o[key] === undefined) continue;
    const value = r.fen(o[key], child(path, key));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function readYtd(r: Reader, raw: unknown, path: string): Ytd {
  const o = r.strict(raw, path, ['deductiblePaid', 'pools', 'seriousIllness', 'assistance']);
  const ytd: Ytd = {};
  if (!o) return ytd;
  if (o.deductiblePaid !== undefined) {
    const p = child(path, 'deductiblePaid');
    const d = r.object(o.deductiblePaid, p);
    if (d) {
      ytd.deductiblePaid = {};
      for (const [key, value] of Object.entries(d)) {
        if (!DEDUCTIBLE_KEY.test(key)) r.fail(child(p, key), '键应为 参保类型/就诊类型/医院等级，如 resident/outpatient/township');
        const amount = r.fen(value, child(p, key));
        if (amount !== undefined) ytd.deductiblePaid[key] = amount;
      }
    }
  }
  if (o.pools !== undefined) {
    const p = child(path, 'pools');
    const pools = r.object(o.pools, p);
    if (pools) {
      ytd.pools = {};
      for (const [pool, value] of Object.entries(pools)) {
        const counters = readCounters(r, value, child(p, pool), ['eligible', 'paid']);
        if (counters) ytd.pools[pool] = counters;
      }
    }
  }
  if (o.seriousIllness !== undefined) {
    const counters = readCounters(r, o.seriousIllness, child(path, 'seriousIllness'), ['base', 'paid']);
    if (counters) ytd.seriousIllness = counters;
  }
  if (o.assistance !== undefined) {
    const counters = readCounters(r, o.assistance, child(path, 'assistance'), ['paid', 'deductibleMet']);
    if (counters) ytd.assistance = counters;
  }
  return ytd;
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

/** Validates a district's policy document (`township-policy/1`); throws SettlementInputError. */
export function parsePolicy(raw: unknown, path = 'policy'): Policy {
  const r = new Reader();
  const policy = readPolicy(r, raw, path);
  if (r.issues.length > 0 || !policy) throw new SettlementInputError(r.issues);
  return policy;
}

/**
 * Validates `{ policy, bill, person, visit, ytd }` (an `expect` key, as in the worked cases, is ignored).
 * `ytd` is required, though it may be `{}`: a forgotten year-to-date would silently pay beyond the caps.
 */
export function parseSettleInput(raw: unknown): SettleInput {
  const r = new Reader();
  const o = r.strict(raw, '', ['policy', 'bill', 'person', 'visit', 'ytd', 'expect']);
  if (!o) throw new SettlementInputError(r.issues);
  const policy = readPolicy(r, o.policy, 'policy');
  const bill = readBill(r, o.bill, 'bill');
  const person = readPerson(r, o.person, 'person');
  const visit = readVisit(r, o.visit, 'visit');
  const ytd = readYtd(r, o.ytd, 'ytd');
  if (r.issues.length > 0 || !policy || !person || !visit) throw new SettlementInputError(r.issues);
  return { policy, bill, person, visit, ytd };
}

/**
 * As `parseSettleInput`, for a policy that was validated when it was imported: the ledger's hot path checks
 * the bill, person, visit and year-to-date of every settlement without re-reading the whole policy.
 */
export function parseSettleInputFor(policy: Policy, raw: unknown): SettleInput {
  const r = new Reader();
  const o = r.strict(raw, '', ['bill', 'person', 'visit', 'ytd']);
  if (!o) throw new SettlementInputError(r.issues);
  const bill = readBill(r, o.bill, 'bill');
  const person = readPerson(r, o.person, 'person');
  const visit = readVisit(r, o.visit, 'visit');
  const ytd = readYtd(r, o.ytd, 'ytd');
  if (r.issues.length > 0 || !person || !visit) throw new SettlementInputError(r.issues);
  return { policy, bill, person, visit, ytd };
}
