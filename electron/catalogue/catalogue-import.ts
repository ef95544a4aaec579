import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { ApiError } from '../../shared/api/errors';
import type { CatalogueItem, ChargeClass, EssentialStatus, ItemKind } from '../../shared/domain';
import { CHARGE_CLASS_NAMES, ITEM_KIND_NAMES } from '../../shared/domain';
import { fen, MAX_FEN, MoneyFormatError, parseRatioBp, parseYuan, RATIO_ONE, type Fen } from '../../shared/money';
import type { CatalogueImportReport } from '../../shared/reports';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { pinyinInitials } from './pinyin-initials';

/** One import at most: a county's whole catalogue is ~20,000 items. */
export const MAX_IMPORT_ROWS = 50_000;

/** What a row of either format may carry, by its JSON name. */
type Field =
  | 'code'
  | 'insurerCode'
  | 'name'
  | 'kind'
  | 'genericName'
  | 'tradeName'
  | 'dosageForm'
  | 'spec'
  | 'unit'
  | 'packSize'
  | 'manufacturer'
  | 'chargeClass'
  | 'price'
  | 'priceYuan'
  | 'capPrice'
  | 'capPriceYuan'
  | 'selfPayRatio'
  | 'essential';

const FIELD_LABELS: Record<Field, string> = {
  code: '院内编码',
  insurerCode: '医保编码',
  name: '名称',
  kind: '类别',
  genericName: '通用名',
  tradeName: '商品名',
  dosageForm: '剂型',
  spec: '规格',
  unit: '单位',
  packSize: '包装',
  manufacturer: '生产企业',
  chargeClass: '甲乙类',
  price: '单价（分）',
  priceYuan: '单价（元）',
  capPrice: '限价（分）',
  capPriceYuan: '限价（元）',
  selfPayRatio: '自付比例',
  essential: '基药',
};

/**
 * CSV column names, as people write them: the Chinese heading or the JSON name (any case); full-width and
 * half-width brackets and spaces do not matter. Amounts in a CSV are yuan, as a hand-kept list has them.
 */
const CSV_HEADINGS: Record<string, Field> = {};
for (const [field, names] of Object.entries({
  code: ['院内编码', '编码', '项目编码', 'code'],
  insurerCode: ['医保编码', '国家医保编码', '医保对码', 'insurerCode'],
  name: ['名称', '项目名称', '药品名称', 'name'],
  kind: ['类别', '项目类别', 'kind'],
  genericName: ['通用名', 'genericName'],
  tradeName: ['商品名', 'tradeName'],
  dosageForm: ['剂型', 'dosageForm'],
  spec: ['规格', 'spec'],
  unit: ['单位', 'unit'],
  packSize: ['包装', 'packSize'],
  manufacturer: ['生产企业', '生产厂家', '厂家', 'manufacturer'],
  chargeClass: ['甲乙类', '医保类别', '收费类别', 'chargeClass'],
  priceYuan: ['单价（元）', '单价', 'priceYuan'],
  capPriceYuan: ['限价（元）', '限价', 'capPriceYuan'],
  selfPayRatio: ['自付比例', '先行自付比例', 'selfPayRatio'],
  essential: ['基药', '基本药物', 'essential'],
} satisfies Partial<Record<Field, string[]>>)) {
  for (const name of names) CSV_HEADINGS[heading(name)] = field as Field;
}
const CSV_REQUIRED: readonly Field[] = ['code', 'name', 'kind', 'unit', 'chargeClass', 'priceYuan'];

function heading(text: string): string {
  return text.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();
}

const KINDS: Record<string, ItemKind> = {
  drug: 'drug', 药品: 'drug', 西药: 'drug', 中成药: 'drug', 药: 'drug',
  service: 'service', 诊疗项目: 'service', 诊疗: 'service', 医疗服务: 'service', 服务项目: 'service',
  material: 'material', 医用耗材: 'material', 耗材: 'material', 材料: 'material', 卫生材料: 'material',
};
const CHARGE_CLASSES: Record<string, ChargeClass> = {
  a: 'A', 甲: 'A', 甲类: 'A', '01': 'A', '1': 'A',
  b: 'B', 乙: 'B', 乙类: 'B', '02': 'B', '2': 'B',
  c: 'C', 丙: 'C', 丙类: 'C', '03': 'C', '3': 'C',
};
const ESSENTIALS: Record<string, EssentialStatus> = {
  national: 'national', 国家基本药物: 'national', 国家基药: 'national', 国基: 'national',
  provincial: 'provincial', 省增补: 'provincial', 省增补基药: 'provincial', 省增补基本药物: 'provincial', 省基: 'provincial',
  none: 'none', 非基药: 'none', 非基本药物: 'none', 否: 'none', 无: 'none', '': 'none',
};

/** The fields an import compares and the report names when they change, in the order people read them. */
const COMPARED: readonly (readonly [keyof CatalogueItem, string])[] = [
  ['insurerCode', '医保编码'],
  ['name', '名称'],
  ['kind', '类别'],
  ['genericName', '通用名'],
  ['tradeName', '商品名'],
  ['dosageForm', '剂型'],
  ['spec', '规格'],
  ['unit', '单位'],
  ['packSize', '包装'],
  ['manufacturer', '生产企业'],
  ['chargeClass', '甲乙类'],
  ['price', '单价'],
  ['capPrice', '限价'],
  ['selfPayRatioBp', '自付比例'],
  ['essential', '基药'],
];

/** One row of the file as read: the fields it gives (a missing key or column is absent, not empty). */
interface SourceRow {
  row: number;
  values: Partial<Record<Field, unknown>>;
  /** Problems found while reading the row itself (a CSV row with the wrong number of cells). */
  problems: string[];
}

interface SourceFile {
  format: 'json' | 'csv';
  rows: SourceRow[];
  /**
   * JSON items are whole records, in the demo catalogue's shape: a field left out takes its default (no
   * mapping, no cap, 非基药). A CSV is a hand-kept list that may hold only some columns: a column the file
   * lacks leaves that field of an existing item as it is.
   */
  absentKeepsExisting: boolean;
}

/**
 * Imports the district's catalogue file (JSON or CSV) in one transaction. Each row stands on its own: a
 * refused row is reported with its reasons (row number and field, in Chinese) while the valid rows land.
 * New codes are added, existing codes are updated when any field differs, and items the file does not
 * mention are left alone. A changed insurer code is a mapping change and gets its own `catalogue.mapping`
 * audit row; the import as a whole gets one `catalogue.import` row. `dryRun` reports and writes nothing.
 * A file that cannot be read at all is refused whole (BAD_INPUT).
 */
export function importCatalogue(
  db: Db,
  repos: Repositories,
  input: { format: 'json' | 'csv'; content: string; dryRun: boolean },
  operator: string,
): CatalogueImportReport {
  if (input.content.includes('\uFFFD')) {
    throw new ApiError(
      'BAD_INPUT',
      '文件中有无法识别的字符（�）：请确认文件以 UTF-8 编码保存（Excel 请「另存为」→「CSV UTF-8（逗号分隔）」）',
    );
  }
  const file = input.format === 'json' ? readJson(input.content) : readCsv(input.content);
  if (file.rows.length === 0) throw new ApiError('BAD_INPUT', '文件中没有任何目录项目');
  if (file.rows.length > MAX_IMPORT_ROWS) {
    throw new ApiError(
      'BAD_INPUT',
      `文件有 ${file.rows.length.toLocaleString('en-US')} 行，超过一次导入的上限 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行，请分批导入`,
    );
  }

  const run = (): CatalogueImportReport => {
    const report: CatalogueImportReport = { dryRun: input.dryRun, added: [], changed: [], unchanged: 0, refused: [] };
    const firstRowOf = new Map<string, number>();
    const changes: { code: string; fields: Record<string, { before: unknown; after: unknown }> }[] = [];

    for (const source of file.rows) {
      const reasons = [...source.problems];
      // A row that could not be read as a whole (not an object, cells shifted) is refused for that alone:
      // its fields would be noise. Its code is still read, to name it in the report.
      const unreadable = source.problems.length > 0;
      const code = unreadable && source.values.code === undefined ? null : readCode(source, file, reasons);
      if (code !== null) {
        const first = firstRowOf.get(code);
        if (first === undefined) firstRowOf.set(code, source.row);
        else reasons.push(`${where(source, file)}「${label('code', file)}」：「${code}」与第 ${first} ${rowWord(file)}重复，同一文件中每个编码只能出现一次`);
      }
      const existing = code !== null ? repos.catalogue.get(code) : null;
      const item = !unreadable ? readItem(source, file, code ?? '', existing, reasons) : null;
      if (item && existing && existing.kind !== item.kind && hasStockBatches(db, existing.code)) {
        reasons.push(
          `${where(source, file)}「${label('kind', file)}」：不能从「${ITEM_KIND_NAMES[existing.kind]}」改为「${ITEM_KIND_NAMES[item.kind]}」：该项目已有库存批次`,
        );
      }
      if (!item || reasons.length > 0) {
        report.refused.push({ row: source.row, code, reasons });
        continue;
      }

      if (!existing) {
        report.added.push({ code: item.code, name: item.name });
        if (!input.dryRun) repos.catalogue.insert(item);
        continue;
      }
      const different = COMPARED.filter(([key]) => existing[key] !== item[key]);
      if (different.length === 0) {
        report.unchanged += 1;
        continue;
      }
      report.changed.push({ code: item.code, name: item.name, fields: different.map(([, label]) => label) });
      changes.push({
        code: item.code,
        fields: Object.fromEntries(different.map(([key]) => [key, { before: existing[key], after: item[key] }])),
      });
      if (input.dryRun) continue;
      repos.catalogue.update(item);
      if (existing.insurerCode !== item.insurerCode) {
        writeAudit(db, {
          actor: operator,
          action: 'catalogue.mapping',
          entity: `catalogue:${item.code}`,
          details: {
            name: item.name,
            before: existing.insurerCode,
            after: item.insurerCode,
            reason: `目录导入（${file.format.toUpperCase()} 文件第 ${source.row} ${rowWord(file)}）`,
          },
        });
      }
    }

    if (!input.dryRun && (report.added.length > 0 || report.changed.length > 0)) {
      writeAudit(db, {
        actor: operator,
        action: 'catalogue.import',
        entity: 'catalogue',
        details: {
          format: file.format,
          rows: file.rows.length,
          added: report.added.length,
          changed: report.changed.length,
          unchanged: report.unchanged,
          refused: report.refused.length,
          addedCodes: report.added.map((a) => a.code),
          changes,
        },
      });
    }
    return report;
  };
  // A dry run reads in one snapshot too, so its report is what the real import would do at that moment.
  return input.dryRun ? db.transaction(run).deferred() : db.transaction(run).immediate();
}

function hasStockBatches(db: Db, code: string): boolean {
  return prepared(db, 'SELECT 1 FROM stock_batches WHERE item_code = ? LIMIT 1').get(code) !== undefined;
}

// ——— reading the file ———

function readJson(content: string): SourceFile {
  let document: unknown;
  try {
    document = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ApiError('BAD_INPUT', `JSON 文件无法解析：${(error as Error).message}`);
  }
  const items =
    Array.isArray(document) ? document
    : isObject(document) && Array.isArray(document.items) ? (document.items as unknown[])
    : null;
  if (!items) throw new ApiError('BAD_INPUT', 'JSON 文件应为项目数组，或含 items 数组的对象（如演示目录 catalogue.json）');
  return {
    format: 'json',
    absentKeepsExisting: false,
    rows: items.map((entry, index) => {
      const row = index + 1;
      if (!isObject(entry)) return { row, values: {}, problems: [`第 ${row} 项：应为一个对象（{ "code": …, "name": … }）`] };
      const values: Partial<Record<Field, unknown>> = {};
      for (const field of Object.keys(FIELD_LABELS) as Field[]) {
        if (Object.hasOwn(entry, field)) values[field] = entry[field];
      }
      return { row, values, problems: [] };
    }),
  };
}

function readCsv(content: string): SourceFile {
  let records: string[][];
  try {
    records = parseCsv(content, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const what =
        error.code === 'CSV_QUOTE_NOT_CLOSED' ? '有一个引号没有闭合'
        : error.code === 'CSV_INVALID_CLOSING_QUOTE' ? '引号闭合后紧跟了其他字符'
        : '格式不正确';
      throw new ApiError('BAD_INPUT', `CSV 文件无法解析：${line ? `第 ${line} 行（文件行号）` : ''}${what}（${error.message}）`);
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header || header.every((cell) => cell.trim() === '')) throw new ApiError('BAD_INPUT', 'CSV 文件的第一行应为表头（院内编码、名称、类别……）');

  const columns: (Field | null)[] = header.map((cell) => CSV_HEADINGS[heading(cell)] ?? null);
  const problems: string[] = [];
  columns.forEach((field, index) => {
    if (field && columns.indexOf(field) !== index) problems.push(`「${header[index]!.trim()}」与「${header[columns.indexOf(field)]!.trim()}」是同一列`);
  });
  const missing = CSV_REQUIRED.filter((field) => !columns.includes(field));
  if (missing.length > 0) problems.push(`缺少必需的列：${missing.map((f) => FIELD_LABELS[f]).join('、')}`);
  if (problems.length > 0) {
    throw new ApiError('BAD_INPUT', `CSV 表头有误：${problems.join('；')}。表头为：${header.map((c) => c.trim()).join('，')}`);
  }

  const rows: SourceRow[] = [];
  data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return; // a blank line keeps its number, as in a spreadsheet
    const row = index + 1;
    const rowProblems: string[] = [];
    if (cells.length < header.length) {
      rowProblems.push(`第 ${row} 行：只有 ${cells.length} 列，表头有 ${header.length} 列`);
    } else if (cells.slice(header.length).some((cell) => cell.trim() !== '')) {
      rowProblems.push(`第 ${row} 行：有 ${cells.length} 列，多于表头的 ${header.length} 列（含逗号的内容要加英文双引号）`);
    }
    const values: Partial<Record<Field, unknown>> = {};
    columns.forEach((field, column) => {
      if (field) values[field] = cells[column] ?? '';
    });
    rows.push({ row, values, problems: rowProblems });
  });
  return { format: 'csv', absentKeepsExisting: true, rows };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ——— checking one row ———

/** "第 3 行" for a CSV row (data rows from 1, the header not counted), "第 3 项" for a JSON item. */
function where(source: SourceRow, file: SourceFile): string {
  return `第 ${source.row} ${rowWord(file)}`;
}

function rowWord(file: SourceFile): string {
  return file.format === 'csv' ? '行' : '项';
}

/** The field's name as the file spells it: the Chinese heading for a CSV, the key (and its meaning) for JSON. */
function label(field: Field, file: SourceFile): string {
  return file.format === 'csv' ? FIELD_LABELS[field] : `${field}（${FIELD_LABELS[field].replace('（', '，').replace('）', '')}）`;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function readCode(source: SourceRow, file: SourceFile, reasons: string[]): string | null {
  const value = source.values.code;
  const problem = (text: string) => {
    reasons.push(`${where(source, file)}「${label('code', file)}」：${text}`);
    return null;
  };
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return problem('不能为空');
  if (typeof value !== 'string') return problem('应写成文字（JSON 中加引号）');
  const code = value.trim();
  if (/\s/.test(code)) return problem(`「${code}」中不能有空格或换行`);
  if (code.length > 40) return problem(`不能超过 40 个字符，收到 ${code.length} 个`);
  return code;
}

/**
 * Builds the catalogue item a valid row describes, or pushes its reasons. `existing` supplies the fields a
 * CSV leaves out; pinyin initials and `stocked` always follow from the name and kind.
 */
function readItem(
  source: SourceRow,
  file: SourceFile,
  code: string,
  existing: CatalogueItem | null,
  reasons: string[],
): CatalogueItem | null {
  const before = reasons.length;
  const at = where(source, file);
  const fail = (field: Field, text: string) => reasons.push(`${at}「${label(field, file)}」：${text}`);
  const given = (field: Field) => source.values[field] !== undefined;
  /** A field the row leaves out: an existing item keeps its value (CSV only), a new one takes the default. */
  const keep = <K extends keyof CatalogueItem>(key: K, fallback: CatalogueItem[K]): CatalogueItem[K] =>
    file.absentKeepsExisting && existing ? existing[key] : fallback;

  const text = (field: Field & keyof CatalogueItem, max: number, required: boolean): string => {
    const value = source.values[field];
    if (value === undefined && !required) return keep(field, '') as string;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) fail(field, '不能为空');
      return '';
    }
    if (typeof value !== 'string') {
      fail(field, '应写成文字');
      return '';
    }
    // A line break typed inside a spreadsheet cell becomes a space; other control characters are refused.
    const cleaned = value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    if (hasControlCharacter(cleaned)) fail(field, '含有不可见的控制字符');
    else if ([...cleaned].length > max) fail(field, `不能超过 ${max} 个字，收到 ${[...cleaned].length} 个`);
    return cleaned;
  };
  const choice = <T extends string>(field: Field, table: Record<string, T>, expected: string): T | null => {
    const value = source.values[field];
    const key = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().toLowerCase() : null;
    if (key === null || key === '') {
      fail(field, `不能为空，应为${expected}`);
      return null;
    }
    const found = Object.hasOwn(table, key) ? table[key] : undefined;
    if (found === undefined) fail(field, `「${String(value).trim()}」无法识别，应为${expected}`);
    return found ?? null;
  };

  // Insurer code: null or empty means unmapped (self-pay only).
  let insurerCode: string | null;
  const insurerValue = source.values.insurerCode;
  if (insurerValue === undefined) insurerCode = keep('insurerCode', null);
  else if (insurerValue === null || (typeof insurerValue === 'string' && insurerValue.trim() === '')) insurerCode = null;
  else if (typeof insurerValue !== 'string') {
    fail('insurerCode', '应写成文字（JSON 中加引号），未对码请写 null');
    insurerCode = null;
  } else {
    insurerCode = insurerValue.trim();
    if (/\s/.test(insurerCode)) fail('insurerCode', `「${insurerCode}」中不能有空格或换行`);
    else if (insurerCode.length > 60) fail('insurerCode', `不能超过 60 个字符，收到 ${insurerCode.length} 个`);
  }

  const name = text('name', 100, true);
  const kind = choice('kind', KINDS, ' drug/service/material 或 药品/诊疗项目/医用耗材');
  const genericName = text('genericName', 100, false);
  const tradeName = text('tradeName', 100, false);
  const dosageForm = text('dosageForm', 40, false);
  const spec = text('spec', 100, false);
  const unit = text('unit', 20, true);
  const packSize = text('packSize', 40, false);
  const manufacturer = text('manufacturer', 100, false);
  const chargeClass = choice('chargeClass', CHARGE_CLASSES, ' 甲/乙/丙、A/B/C 或 01/02/03');

  const priceReasons = reasons.length;
  const price = readAmount(source, 'price', 'priceYuan', fail);
  if ((price === undefined || price === null) && reasons.length === priceReasons) {
    if (file.format === 'csv') fail('priceYuan', '不能为空');
    else fail('price', '缺少：请给出 price（以分为单位的整数）或 priceYuan（以元为单位的文字，如 "12.50"）');
  }
  const capReasons = reasons.length;
  let capPrice = readAmount(source, 'capPrice', 'capPriceYuan', fail);
  if (capPrice === undefined && reasons.length === capReasons) capPrice = keep('capPrice', null);

  let selfPayRatioBp: number | null;
  if (!given('selfPayRatio')) selfPayRatioBp = keep('selfPayRatioBp', null);
  else selfPayRatioBp = readRatio(source.values.selfPayRatio, (text) => fail('selfPayRatio', text));

  let essential: EssentialStatus | null = 'none';
  const essentialValue = source.values.essential;
  if (essentialValue === undefined) essential = keep('essential', 'none');
  else if (essentialValue !== null && !(typeof essentialValue === 'string' && essentialValue.trim() === '')) essential = choice('essential', ESSENTIALS, ' 国家基本药物/省增补/非基药（national/provincial/none）');

  if (reasons.length > before || kind === null || chargeClass === null || essential === null || price === undefined || price === null || capPrice === undefined) {
    return null;
  }

  if (selfPayRatioBp !== null && chargeClass !== 'B') {
    fail('selfPayRatio', `只有乙类项目可以设先行自付比例，此项为${CHARGE_CLASS_NAMES[chargeClass]}`);
  }
  if (essential !== 'none' && kind !== 'drug') {
    fail('essential', `只有药品可以是基本药物，此项为${ITEM_KIND_NAMES[kind]}`);
  }
  if (reasons.length > before) return null;

  return {
    code,
    insurerCode,
    name,
    kind,
    genericName,
    tradeName,
    dosageForm,
    spec,
    unit,
    packSize,
    manufacturer,
    stocked: kind === 'drug',
    chargeClass,
    price,
    capPrice,
    selfPayRatioBp,
    essential,
    pinyin: pinyinInitials(name),
  };
}

/**
 * An amount given in fen (`fenField`, an integer) or yuan (`yuanField`, text such as "12.50"): undefined
 * when neither is given, null when given empty. Both given must agree.
 */
function readAmount(
  source: SourceRow,
  fenField: Field,
  yuanField: Field,
  fail: (field: Field, text: string) => void,
): Fen | null | undefined {
  const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const fenValue = source.values[fenField];
  const yuanValue = source.values[yuanField];
  let fromFen: Fen | undefined;
  let fromYuan: Fen | undefined;
  if (!blank(fenValue)) {
    if (typeof fenValue !== 'number' || !Number.isSafeInteger(fenValue)) {
      fail(fenField, `应为以分为单位的整数，收到 ${JSON.stringify(fenValue)}（以元为单位请写 ${yuanField}，如 "12.50"）`);
      return undefined;
    }
    if (fenValue < 0 || fenValue > MAX_FEN) {
      fail(fenField, `应在 0 到 ${MAX_FEN} 分之间，收到 ${fenValue}`);
      return undefined;
    }
    fromFen = fen(fenValue);
  }
  if (!blank(yuanValue)) {
    if (typeof yuanValue !== 'string' && typeof yuanValue !== 'number') {
      fail(yuanField, '应为以元为单位的金额，如 "12.50"');
      return undefined;
    }
    try {
      fromYuan = parseYuan(String(yuanValue), '');
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      fail(yuanField, error.message);
      return undefined;
    }
    if (fromYuan < 0) {
      fail(yuanField, `不能为负，收到「${String(yuanValue).trim()}」`);
      return undefined;
    }
  }
  if (fromFen !== undefined && fromYuan !== undefined && fromFen !== fromYuan) {
    fail(fenField, `${fromFen} 分与 ${yuanField}「${String(yuanValue).trim()}」元不一致，请只给一个`);
    return undefined;
  }
  if (fromFen !== undefined) return fromFen;
  if (fromYuan !== undefined) return fromYuan;
  return fenValue === undefined && yuanValue === undefined ? undefined : null;
}

/** A ratio from 0 to 1 with at most four decimals ("0.1", 0.05), or a percentage with at most two ("10%"). */
function readRatio(value: unknown, fail: (text: string) => void): number | null {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'number' && typeof value !== 'string') {
    fail('应为 0 到 1 之间的小数，如 0.1');
    return null;
  }
  const text = String(value).trim();
  const percent = text.endsWith('%');
  const bp = parseRatioBp(percent ? text.slice(0, -1) : text);
  const ratio = bp === null ? null : percent ? (bp % 100 === 0 ? bp / 100 : null) : bp;
  if (ratio === null || ratio > RATIO_ONE) {
    fail(`应为 0 到 1 之间最多四位小数的数（如 0.1）或百分数（如 10%），收到「${text}」`);
    return null;
  }
  return ratio;
}
