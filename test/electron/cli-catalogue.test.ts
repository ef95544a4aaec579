import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCounterApp } from '../../electron/app/counter-app';
import { counter } from '../helpers/cli';
import { tempDir } from '../helpers/temp-app';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A seeded demo database in a fresh folder, and a place for the files to import. */
async function seeded(): Promise<string> {
  const { dir, remove } = tempDir();
  cleanups.push(remove);
  expect((await counter(['demo', 'seed', '--data-dir', join(dir, 'data')])).code).toBe(0);
  return dir;
}

function readItem(dir: string, code: string) {
  const app = openCounterApp({ dataDir: join(dir, 'data') });
  try {
    return app.repos.catalogue.get(code);
  } finally {
    app.close();
  }
}

const CSV = [
  '\uFEFF院内编码,医保编码,名称,类别,规格,单位,甲乙类,单价（元）,基药',
  'XY0001,XJ01CAA040A001010100001,阿莫西林胶囊,药品,0.25g*24粒,盒,甲,7.20,国家基本药物',
  'YP3001,,"蒙脱石散",药品,"3g,10袋",盒,乙,12.00,非基药',
  'YP3002,,坏药,药品,,盒,丁,1.00,',
].join('\n');

describe('counter catalogue import', () => {
  it('--dry-run prints the report in Chinese and writes nothing; without it the rows land', async () => {
    const dir = await seeded();
    const file = join(dir, '目录.csv');
    writeFileSync(file, CSV);

    const dry = await counter(['catalogue', 'import', file, '--dry-run', '--data-dir', join(dir, 'data')]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('试运行，未写入数据库');
    expect(dry.stdout).toContain('新增 1 项，修改 1 项，未变 0 项，拒绝 1 行');
    expect(dry.stdout).toContain('YP3001 蒙脱石散');
    expect(dry.stdout).toContain('XY0001 阿莫西林胶囊：单价');
    expect(dry.stdout).toContain('第 3 行「甲乙类」：「丁」无法识别');
    expect(readItem(dir, 'XY0001')?.price).toBe(680);
    expect(readItem(dir, 'YP3001')).toBeNull();

    const real = await counter(['catalogue', 'import', file, '--data-dir', join(dir, 'data')]);
    expect(real.code).toBe(0);
    expect(real.stdout).not.toContain('试运行');
    expect(real.stdout).toContain('新增 1 项，修改 1 项，未变 0 项，拒绝 1 行');
    expect(readItem(dir, 'XY0001')?.price).toBe(720);
    expect(readItem(dir, 'YP3001')).toMatchObject({ spec: '3g,10袋', chargeClass: 'B', price: 1200, insurerCode: null });
  }, 60_000);

  it('imports a JSON file in the demo catalogue shape', async () => {
    const dir = await seeded();
    const file = join(dir, 'district.json');
    writeFileSync(file, JSON.stringify({ items: [{ code: 'FW3001', insurerCode: null, name: '雾化吸入', kind: 'service', unit: '次', chargeClass: 'A', price: 800, essential: 'none' }] }));
    const result = await counter(['catalogue', 'import', file, '--data-dir', join(dir, 'data')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('新增 1 项，修改 0 项，未变 0 项，拒绝 0 项');
    expect(readItem(dir, 'FW3001')).toMatchObject({ name: '雾化吸入', price: 800, pinyin: 'whxr' });
  }, 60_000);

  it('exits 1 with a Chinese message when the file cannot be read or parsed at all', async () => {
    const dir = await seeded();
    const data = join(dir, 'data');
    const missing = await counter(['catalogue', 'import', join(dir, 'nowhere.csv'), '--data-dir', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('文件不存在');

    writeFileSync(join(dir, 'broken.json'), '{"items": [');
    const broken = await counter(['catalogue', 'import', join(dir, 'broken.json'), '--data-dir', data]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('JSON 文件无法解析');

    writeFileSync(join(dir, 'gbk.csv'), Buffer.from([0xd4, 0xba, 0xc4, 0xda, 0xb1, 0xe0, 0xc2, 0xeb, 0x0a])); // 院内编码 in GBK
    const gbk = await counter(['catalogue', 'import', join(dir, 'gbk.csv'), '--data-dir', data]);
    expect(gbk.code).toBe(1);
    expect(gbk.stderr).toContain('不是 UTF-8 编码');

    writeFileSync(join(dir, 'list.xlsx'), 'x');
    const xlsx = await counter(['catalogue', 'import', join(dir, 'list.xlsx'), '--data-dir', data]);
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toContain('只能导入 .json 或 .csv 文件');
    expect(readItem(dir, 'XY0001')?.price).toBe(680);
  }, 60_000);
});
