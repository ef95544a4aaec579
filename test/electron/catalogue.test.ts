import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueHit, CatalogueItem } from '../../shared/domain';
import type { CatalogueImportReport } from '../../shared/reports';
import { MAX_IMPORT_ROWS } from '../../electron/catalogue/catalogue-import';
import { generateItems } from '../bench/search';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { TEST_CONTEXT, openDemoApp, snapshot } from '../helpers/temp-app';

let app: ReturnType<typeof openDemoApp>;
const client = inProcessClient(() => app);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);
beforeEach(() => {
  app = openDemoApp();
});
afterEach(() => app.dispose());


async function importFile(format: 'json' | 'csv', content: string, dryRun = false): Promise<CatalogueImportReport> {
  return client['catalogue.import']({ format, content, dryRun });
}

function item(code: string): CatalogueItem | null {
  return app.repos.catalogue.get(code);
}

function audit(action: string): { actor: string; entity: string; details: Record<string, unknown> }[] {
  return (
    app.db.prepare('SELECT actor, entity, details_json FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
      actor: string;
      entity: string;
      details_json: string;
    }[]
  ).map((row) => ({ actor: row.actor, entity: row.entity, details: JSON.parse(row.details_json) as Record<string, unknown> }));
}

const AMOXICILLIN = {
  code: 'XY0001',
  insurerCode: 'XJ01CAA040A001010100001',
  name: '阿莫西林胶囊',
  kind: 'drug',
  spec: '0.25g*24粒',
  unit: '盒',
  chargeClass: 'A',
  price: 680,
  essential: 'national',
  genericName: '阿莫西林胶囊',
  dosageForm: '胶囊剂',
  packSize: '24粒/盒',
  manufacturer: '湘江制药有限公司',
};

describe('catalogue import: JSON', () => {
  it('re-importing the demo catalogue changes nothing and writes nothing', async () => {
    const { readFileSync } = await import('node:fs');
    const content = readFileSync(new URL('../../resources/demo/catalogue.json', import.meta.url), 'utf8');
    const before = snapshot(app.db);
    const report = await importFile('json', content);
    expect(report).toEqual({ dryRun: false, added: [], changed: [], unchanged: 42, refused: [] });
    expect(snapshot(app.db)).toEqual(before);
  });

  it('adds, changes, leaves unchanged and refuses, naming the item and the field', async () => {
    const report = await importFile(
      'json',
      JSON.stringify({
        items: [
          AMOXICILLIN, // unchanged
          { ...AMOXICILLIN, code: 'XY0003', name: '阿奇霉素片', insurerCode: 'XJ01FAA020A001010100003', price: 1300, spec: '0.25g*6片', dosageForm: '片剂', packSize: '6片/盒', genericName: '阿奇霉素片', manufacturer: '岳麓制药有限公司' },
          {
            code: 'YP1001',
            insurerCode: '',
            name: '蒙脱石散',
            kind: 'drug',
            unit: '盒',
            chargeClass: '乙',
            priceYuan: '12.50',
            selfPayRatio: '0.15',
            essential: '国家基本药物',
            manufacturer: '雪峰制药有限公司',
          },
          { code: 'FW1001', insurerCode: '001102000010000-110200002', name: '雾化吸入', kind: 'service', unit: '次', chargeClass: '01', price: 800 },
          { code: 'FW1002', insurerCode: null, name: '拔罐', kind: 'service', unit: '次', chargeClass: 3, priceYuan: 15, essential: '非基药' },
          { code: 'YP1002', name: '布洛芬颗粒', kind: 'drug', unit: '盒', chargeClass: '丁', price: 12.5 },
          { code: 'YP1003', name: '', kind: 'pill', unit: '盒', chargeClass: 'B', price: 100, selfPayRatio: 1.5 },
          'not an item',
        ],
      }),
    );

    expect(report.added).toEqual([
      { code: 'YP1001', name: '蒙脱石散' },
      { code: 'FW1001', name: '雾化吸入' },
      { code: 'FW1002', name: '拔罐' },
    ]);
    expect(report.changed).toEqual([{ code: 'XY0003', name: '阿奇霉素片', fields: ['单价'] }]);
    expect(report.unchanged).toBe(1);
    expect(report.refused.map((r) => [r.row, r.code])).toEqual([[6, 'YP1002'], [7, 'YP1003'], [8, null]]);
    const [six, seven, eight] = report.refused;
    expect(six!.reasons).toHaveLength(2);
    expect(six!.reasons[0]).toMatch(/^第 6 项「chargeClass（甲乙类）」：「丁」无法识别/);
    expect(six!.reasons[1]).toMatch(/^第 6 项「price（单价，分）」：应为以分为单位的整数，收到 12\.5/);
    expect(seven!.reasons.join('\n')).toContain('第 7 项「name（名称）」：不能为空');
    expect(seven!.reasons.join('\n')).toContain('第 7 项「kind（类别）」：「pill」无法识别');
    expect(seven!.reasons.join('\n')).toContain('第 7 项「selfPayRatio（自付比例）」：应为 0 到 1 之间');
    expect(eight!.reasons).toEqual(['第 8 项：应为一个对象（{ "code": …, "name": … }）']);

    expect(item('YP1001')).toEqual({
      code: 'YP1001',
      insurerCode: null,
      name: '蒙脱石散',
      kind: 'drug',
      genericName: '',
      tradeName: '',
      dosageForm: '',
      spec: '',
      unit: '盒',
      packSize: '',
      manufacturer: '雪峰制药有限公司',
      stocked: true,
      chargeClass: 'B',
      price: 1250,
      capPrice: null,
      selfPayRatioBp: 1500,
      essential: 'national',
      pinyin: 'mtss',
    });
    expect(item('FW1001')).toMatchObject({ chargeClass: 'A', price: 800, stocked: false, essential: 'none' });
    expect(item('FW1002')).toMatchObject({ chargeClass: 'C', price: 1500, insurerCode: null, pinyin: 'bg' });
    expect(item('XY0003')?.price).toBe(1300);
    expect(item('YP1002')).toBeNull();
    expect(item('YP1003')).toBeNull();

    const [summary] = audit('catalogue.import');
    expect(summary).toMatchObject({
      actor: 'tester',
      entity: 'catalogue',
      details: { format: 'json', rows: 8, added: 3, changed: 1, unchanged: 1, refused: 3, addedCodes: ['YP1001', 'FW1001', 'FW1002'] },
    });
    expect(summary!.details.changes).toEqual([{ code: 'XY0003', fields: { price: { before: 1250, after: 1300 } } }]);
    expect(audit('catalogue.mapping')).toEqual([]); // new items are not mapping changes; the summary lists them
  });

  it('accepts a bare array, and every spelling of the charge class and essential status', async () => {
    const classes = ['A', 'a', '甲', '甲类', '01', '1', 1, 'B', '乙', '乙类', '02', '2', 2, 'C', '丙', '丙类', '03', '3', 3];
    const items = classes.map((chargeClass, i) => ({
      code: `T${i}`,
      name: `测试${i}`,
      kind: 'drug',
      unit: '盒',
      chargeClass,
      price: 100,
      essential: (['national', '国家基本药物', 'provincial', '省增补', 'none', '非基药'] as const)[i % 6],
    }));
    const report = await importFile('json', JSON.stringify(items));
    expect(report.refused).toEqual([]);
    expect(classes.map((_, i) => item(`T${i}`)?.chargeClass).join('')).toBe('AAAAAAABBBBBBCCCCCC');
    expect(classes.map((_, i) => item(`T${i}`)?.essential)).toEqual(
      classes.map((_, i) => (['national', 'national', 'provincial', 'provincial', 'none', 'none'] as const)[i % 6]),
    );
  });

  it('refuses a price given twice that disagrees, a ratio outside class B, an essential service, a numeric code', async () => {
    const report = await importFile(
      'json',
      JSON.stringify([
        { code: 'N1', name: '甲', kind: 'drug', unit: '盒', chargeClass: 'A', price: 100, priceYuan: '1.10' },
        { code: 'N2', name: '乙', kind: 'drug', unit: '盒', chargeClass: 'A', price: 100, selfPayRatio: 0.1 },
        { code: 'N3', name: '丙', kind: 'service', unit: '次', chargeClass: 'A', price: 100, essential: 'national' },
        { code: 1234, name: '丁', kind: 'drug', unit: '盒', chargeClass: 'A', price: 100 },
        { code: 'N5', name: '戊', kind: 'drug', unit: '盒', chargeClass: 'A' },
        { code: 'N6', name: '己', kind: 'drug', unit: '盒', chargeClass: 'A', priceYuan: '1.234' },
        { code: 'N7', name: '庚', kind: 'drug', unit: '盒', chargeClass: 'A', price: 100, priceYuan: '1.00', capPrice: -1 },
      ]),
    );
    const reasons = report.refused.map((r) => r.reasons.join('；'));
    expect(reasons).toHaveLength(7);
    expect(reasons[0]).toContain('100 分与 priceYuan「1.10」元不一致');
    expect(reasons[1]).toContain('只有乙类项目可以设先行自付比例，此项为甲类');
    expect(reasons[2]).toContain('只有药品可以是基本药物，此项为诊疗项目');
    expect(reasons[3]).toContain('第 4 项「code（院内编码）」：应写成文字');
    expect(reasons[4]).toContain('第 5 项「price（单价，分）」：缺少');
    expect(reasons[5]).toContain('第 6 项「priceYuan（单价，元）」：格式不正确：「1.234」');
    expect(reasons[6]).toContain('第 7 项「capPrice（限价，分）」：应在 0 到');
    expect(report.added).toEqual([]);
    expect(app.repos.catalogue.count()).toBe(42);
  });

  it('refuses the second of two rows with the same code, and the first one lands', async () => {
    const report = await importFile('json', JSON.stringify([
      { code: 'N1', name: '甲药', kind: 'drug', unit: '盒', chargeClass: 'A', price: 100 },
      { code: 'N1', name: '乙药', kind: 'drug', unit: '盒', chargeClass: 'A', price: 200 },
    ]));
    expect(report.added).toEqual([{ code: 'N1', name: '甲药' }]);
    expect(report.refused).toEqual([{ row: 2, code: 'N1', reasons: ['第 2 项「code（院内编码）」：「N1」与第 1 项重复，同一文件中每个编码只能出现一次'] }]);
    expect(item('N1')?.price).toBe(100);
  });

  it('a changed insurer code is a mapping change: audited per item, with before and after', async () => {
    const report = await importFile('json', JSON.stringify([
      { ...AMOXICILLIN, insurerCode: 'XJ01CAA040A001010100999' },
      { ...AMOXICILLIN, code: 'XY0024', name: '盐酸小檗碱片（新进，待对码）', insurerCode: 'XA07AAA010A001010100024', genericName: '盐酸小檗碱片', spec: '0.1g*100片', unit: '瓶', price: 450, dosageForm: '片剂', packSize: '100片/瓶', manufacturer: '沅水药业有限公司' },
    ]));
    expect(report.changed.map((c) => c.code)).toEqual(['XY0001', 'XY0024']);
    expect(report.changed[0]!.fields).toEqual(['医保编码']);
    expect(item('XY0001')?.insurerCode).toBe('XJ01CAA040A001010100999');
    const mappings = audit('catalogue.mapping');
    expect(mappings.map((m) => m.entity)).toEqual(['catalogue:XY0001', 'catalogue:XY0024']);
    expect(mappings[0]).toMatchObject({
      actor: 'tester',
      details: { name: '阿莫西林胶囊', before: 'XJ01CAA040A001010100001', after: 'XJ01CAA040A001010100999' },
    });
    expect(mappings[0]!.details.reason).toContain('目录导入');
    expect(mappings[1]!.details).toMatchObject({ before: null, after: 'XA07AAA010A001010100024' });
    expect(audit('catalogue.import')).toHaveLength(1);
  });

  it('refuses to turn a drug with stock batches into a service', async () => {
    const report = await importFile('json', JSON.stringify([{ ...AMOXICILLIN, kind: 'service', essential: 'none' }]));
    expect(report.refused[0]?.reasons).toEqual(['第 1 项「kind（类别）」：不能从「药品」改为「诊疗项目」：该项目已有库存批次']);
    expect(item('XY0001')?.kind).toBe('drug');
  });
});

describe('catalogue import: CSV', () => {
  const HEADER = '院内编码,医保编码,名称,类别,通用名,规格,单位,包装,生产企业,甲乙类,单价（元）,限价（元）,自付比例,基药';

  it('reads a BOM, quoted fields with commas and line breaks, 甲/乙/丙, yuan prices; a bad row is refused while good rows land', async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      'XY0001,XJ01CAA040A001010100001,阿莫西林胶囊,药品,阿莫西林胶囊,0.25g*24粒,盒,24粒/盒,湘江制药有限公司,甲,6.90,,,国家基本药物',
      'YP2001,XR05CBA010A001010109999,"复方甘草片",药品,复方甘草片,"100片,糖衣",瓶,100片/瓶,"雪峰制药\n有限公司",乙,"1,234.50",1000,10%,省增补',
      'HC2001,,一次性使用留置针,医用耗材,,24G,支,,,丙,￥8,,,非基药',
      'YP2002,,坏药,药品,,,盒,,,丁,abc,,,',
      '',
      'FW2001,,雾化吸入,诊疗项目,,,次,,,乙,8.00,,0.2,',
    ].join('\r\n');
    const report = await importFile('csv', csv);
    expect(report.changed).toEqual([{ code: 'XY0001', name: '阿莫西林胶囊', fields: ['单价'] }]);
    expect(report.added.map((a) => a.code)).toEqual(['YP2001', 'HC2001', 'FW2001']);
    expect(report.refused).toEqual([
      {
        row: 4,
        code: 'YP2002',
        reasons: [
          '第 4 行「甲乙类」：「丁」无法识别，应为 甲/乙/丙、A/B/C 或 01/02/03',
          '第 4 行「单价（元）」：格式不正确：「abc」，请输入如 12.50 的金额（最多两位小数）',
        ],
      },
    ]);
    expect(item('XY0001')?.price).toBe(690);
    expect(item('YP2001')).toMatchObject({
      spec: '100片,糖衣',
      manufacturer: '雪峰制药 有限公司',
      chargeClass: 'B',
      price: 123450,
      capPrice: 100000,
      selfPayRatioBp: 1000,
      essential: 'provincial',
      pinyin: 'ffgcp',
      stocked: true,
    });
    expect(item('HC2001')).toMatchObject({ kind: 'material', insurerCode: null, chargeClass: 'C', price: 800, stocked: false });
    expect(item('FW2001')).toMatchObject({ kind: 'service', chargeClass: 'B', selfPayRatioBp: 2000, essential: 'none' });
  });

  it('takes the English column names; a column the file lacks leaves existing items as they are', async () => {
    const csv = 'code,name,kind,unit,chargeClass,priceYuan\nXY0001,阿莫西林胶囊,drug,盒,A,7.00\n';
    const report = await importFile('csv', csv);
    expect(report.changed).toEqual([{ code: 'XY0001', name: '阿莫西林胶囊', fields: ['单价'] }]);
    expect(item('XY0001')).toMatchObject({
      insurerCode: 'XJ01CAA040A001010100001',
      manufacturer: '湘江制药有限公司',
      essential: 'national',
      price: 700,
    });
  });

  it('an empty insurer code cell unmaps the item, and that is audited as a mapping change', async () => {
    const report = await importFile('csv', `${HEADER}\nXY0002,,头孢克肟片,药品,头孢克肟片,100mg*6片,盒,6片/盒,洞庭药业股份有限公司,乙,18.90,,,国家基本药物\n`);
    expect(report.changed).toEqual([{ code: 'XY0002', name: '头孢克肟片', fields: ['医保编码'] }]);
    expect(item('XY0002')?.insurerCode).toBeNull();
    expect(audit('catalogue.mapping')).toMatchObject([{ entity: 'catalogue:XY0002', details: { before: 'XJ01DDA080A001010100002', after: null } }]);
  });

  it('numbers rows as data rows (header not counted, a quoted line break does not count), and refuses a row with shifted cells', async () => {
    const csv = `${HEADER}\nN1,,"两行\n名称",药品,,,盒,,,甲,1,,,\nN2,,多一列,药品,,,盒,,,甲,1,,,,多余\nN3,,少列,药品\n`;
    const report = await importFile('csv', csv);
    expect(report.added.map((a) => a.code)).toEqual(['N1']);
    expect(report.refused).toEqual([
      { row: 2, code: 'N2', reasons: ['第 2 行：有 15 列，多于表头的 14 列（含逗号的内容要加英文双引号）'] },
      { row: 3, code: 'N3', reasons: ['第 3 行：只有 4 列，表头有 14 列'] },
    ]);
  });

  it('dryRun reports exactly what the import would do and writes nothing', async () => {
    const csv = `${HEADER}\nXY0001,,阿莫西林胶囊,药品,阿莫西林胶囊,0.25g*24粒,盒,24粒/盒,湘江制药有限公司,甲,7.00,,,国家基本药物\nN1,,新药,药品,,,盒,,,甲,1,,,\nN2,,坏药,药品,,,盒,,,甲,-1,,,\n`;
    const before = snapshot(app.db);
    const dry = await importFile('csv', csv, true);
    expect(snapshot(app.db)).toEqual(before);
    expect(dry.dryRun).toBe(true);
    expect(dry.added).toHaveLength(1);
    expect(dry.changed[0]?.fields).toEqual(['医保编码', '单价']);
    expect(dry.refused[0]?.reasons[0]).toBe('第 3 行「单价（元）」：不能为负，收到「-1」');
    const real = await importFile('csv', csv, false);
    expect(real).toEqual({ ...dry, dryRun: false });
  });
});

describe('catalogue import: files that cannot be read at all', () => {
  const cases: [string, 'json' | 'csv', string, RegExp][] = [
    ['broken JSON', 'json', '{"items": [', /JSON 文件无法解析/],
    ['JSON without items', 'json', '{"note": "空"}', /项目数组/],
    ['an empty item list', 'json', '[]', /没有任何目录项目/],
    ['a CSV without the price column', 'csv', '院内编码,名称,类别,单位,甲乙类\nX,Y,药品,盒,甲\n', /缺少必需的列：单价（元）/],
    ['a CSV with one column twice', 'csv', '院内编码,code,名称,类别,单位,甲乙类,单价\nX,X,Y,药品,盒,甲,1\n', /「code」与「院内编码」是同一列/],
    ['an unclosed quote', 'csv', '院内编码,名称,类别,单位,甲乙类,单价\nX,"Y,药品,盒,甲,1\n', /CSV 文件无法解析：第 2 行（文件行号）有一个引号没有闭合/],
    ['a GBK file read as UTF-8', 'csv', '院内编码,名称\n\uFFFD\uFFFD,x\n', /UTF-8/],
  ];
  for (const [what, format, content, message] of cases) {
    it(`refuses ${what} whole, writing nothing`, async () => {
      const before = snapshot(app.db);
      const result = await envelope('catalogue.import', { format, content, dryRun: false });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('BAD_INPUT');
      expect(!result.ok && result.error.message).toMatch(message);
      expect(snapshot(app.db)).toEqual(before);
    });
  }

  it(`refuses more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows`, async () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `N${i},药${i},药品,盒,甲,1`);
    const result = await envelope('catalogue.import', { format: 'csv', content: `院内编码,名称,类别,单位,甲乙类,单价\n${rows.join('\n')}`, dryRun: false });
    expect(!result.ok && result.error.message).toContain('超过一次导入的上限 50,000 行');
    expect(app.repos.catalogue.count()).toBe(42);
  });
});

describe('code mapping (对码)', () => {
  it('catalogue.unmapped lists XY0024 and the self-pay items without insurer codes', async () => {
    const items = await client['catalogue.unmapped']();
    expect(items.map((i) => i.code)).toEqual(['XY0022', 'XY0024', 'HC0003', 'FW0011']);
    expect(items.every((i) => i.insurerCode === null)).toBe(true);
  });

  it('catalogue.setMapping changes the insurer code and audits before, after and reason', async () => {
    const result = await client['catalogue.setMapping']({ code: 'XY0024', insurerCode: ' XA07AAA010A001010100024 ', reason: '区县目录已下发' });
    expect(result).toMatchObject({ code: 'XY0024', insurerCode: 'XA07AAA010A001010100024' });
    expect(audit('catalogue.mapping')).toEqual([
      {
        actor: 'tester',
        entity: 'catalogue:XY0024',
        details: { name: '盐酸小檗碱片（新进，待对码）', before: null, after: 'XA07AAA010A001010100024', reason: '区县目录已下发' },
      },
    ]);
    const unmapped = await client['catalogue.unmapped']();
    expect(unmapped.map((i) => i.code)).not.toContain('XY0024');
  });

  it('an unknown code is NOT_FOUND and a malformed call is BAD_INPUT; neither changes anything', async () => {
    const before = snapshot(app.db);
    const unknown = await envelope('catalogue.setMapping', { code: 'NOPE', insurerCode: 'X', reason: '测试' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    expect(!unknown.ok && unknown.error.message).toContain('NOPE');
    for (const input of [
      { code: 'XY0024', insurerCode: 'X' },
      { code: 'XY0024', insurerCode: 42, reason: '测试' },
      { code: 'XY0024', insurerCode: 'X', reason: '测试', extra: 1 },
      { code: '', insurerCode: 'X', reason: '测试' },
    ]) {
      // Deliberately malformed input: straight to the dispatcher, past the typed client.
      const result = await app.dispatch('catalogue.setMapping', input, TEST_CONTEXT);
      expect(!result.ok && result.error.code, JSON.stringify(input)).toBe('BAD_INPUT');
    }
    expect(snapshot(app.db)).toEqual(before);
  });
});

describe('catalogue.search', () => {
  async function search(query: string, limit = 20): Promise<CatalogueHit[]> {
    return client['catalogue.search']({ query, limit });
  }

  it('finds by pinyin initials, code prefix (any case), exact insurer code and Chinese substring', async () => {
    expect((await search('amxl'))[0]?.name).toBe('阿莫西林胶囊');
    expect((await search('AMXL'))[0]?.name).toBe('阿莫西林胶囊');
    const prefix = await search('xy001');
    expect(prefix.length).toBe(10);
    expect(prefix.every((h) => h.code.startsWith('XY001'))).toBe(true);
    expect((await search('XJ01CAA040A001010100001')).map((h) => h.code)).toEqual(['XY0001']);
    expect(await search('XJ01CAA040')).toEqual([]); // insurer codes match whole, not by prefix
    expect((await search('莫西')).map((h) => h.code)).toEqual(['XY0001']);
    expect((await search('注射液')).map((h) => h.name)).toEqual(['5%葡萄糖注射液', '0.9%氯化钠注射液', '地塞米松磷酸钠注射液']); // shortest name first
  });

  it('takes % and _ literally', async () => {
    expect((await search('%')).map((h) => h.name)).toEqual(['5%葡萄糖注射液', '0.9%氯化钠注射液']);
    expect((await search('9%')).map((h) => h.code)).toEqual(['XY0017']);
    expect(await search('_')).toEqual([]);
    expect(await search('阿_')).toEqual([]);
  });

  it('ranks exact code first, then code or pinyin prefix, then name containing the text', async () => {
    await importFile('json', JSON.stringify([
      { code: 'WSS', name: '测试项目甲', kind: 'service', unit: '次', chargeClass: 'A', price: 100 },
      { code: 'WSS1', name: '乙', kind: 'service', unit: '次', chargeClass: 'A', price: 100 },
      { code: 'T1', name: '含wss字样的项目', kind: 'service', unit: '次', chargeClass: 'A', price: 100 },
    ]));
    const hits = (await search('WSS')).map((h) => h.code);
    expect(hits[0]).toBe('WSS'); // exact code
    // then prefixes by shortest name: WSS1 (乙), then 维生素C片 / 维生素C泡腾片 (wssc…), then the name match
    expect(hits).toEqual(['WSS', 'WSS1', 'XY0021', 'XY0022', 'T1']);
    expect((await search('WSS', 2)).map((h) => h.code)).toEqual(['WSS', 'WSS1']);
  });

  it('gives live stock for drugs and none for services', async () => {
    const [amoxicillin] = await search('XY0001');
    expect(amoxicillin?.code).toBe('XY0001');
    expect(amoxicillin?.stock?.availableMilli).toBeGreaterThan(0);
    expect(amoxicillin?.stock?.salePrice).toBe(680);
    const [service] = await search('FW0001');
    expect(service?.kind).toBe('service');
    expect(service?.stock).toBeNull();
  });

  it('on a district-sized catalogue returns exactly what the one-query definition of the ranking returns', () => {
    const generated = generateItems(3000, 11);
    app.db.transaction(() => generated.forEach((i) => app.repos.catalogue.insert(i))).immediate();
    // The ranking written as one plain query over every row: the indexed search must agree with it.
    const reference = app.db.prepare(
      `SELECT code FROM catalogue_items
        WHERE code LIKE :prefix ESCAPE '\\' OR insurer_code = :exact OR pinyin LIKE :prefix ESCAPE '\\' OR name LIKE :anywhere ESCAPE '\\'
        ORDER BY CASE WHEN code = :exact OR insurer_code = :exact THEN 0
                      WHEN code LIKE :prefix ESCAPE '\\' OR pinyin LIKE :prefix ESCAPE '\\' THEN 1 ELSE 2 END,
                 length(name), code
        LIMIT :limit`,
    );
    const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
    const queries = new Set(['x', 'X', 'XY', 'xy1', 'a', 'am', 'z', '阿', '注射', '片', '%', '5%', '_', 'c', 'zzz', 'FW0003', '一次性']);
    for (const g of generated.slice(0, 60)) {
      [g.code, g.code.slice(0, 3), g.code.toLowerCase().slice(0, 5), g.pinyin.slice(0, 1), g.pinyin.slice(0, 3), g.name.slice(1, 3), g.insurerCode ?? 'none']
        .forEach((q) => queries.add(q));
    }
    for (const query of queries) {
      for (const limit of [1, 7, 20, 100]) {
        const expected = (
          reference.all({ exact: query, prefix: `${escape(query.toLowerCase())}%`, anywhere: `%${escape(query)}%`, limit }) as { code: string }[]
        ).map((r) => r.code);
        expect(app.repos.catalogue.search(query, limit).map((h) => h.code), `${query} / ${limit}`).toEqual(expected);
      }
    }
  });
});
