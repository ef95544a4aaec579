import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/db/migrations/index';
import { counter } from '../helpers/cli';
import { tempDir } from '../helpers/temp-app';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const CASES_DIR = join(import.meta.dirname, '../fixtures/cases');

describe('counter CLI', () => {
  it('migrates, seeds the demo hospital once, and checks the database', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    expect((await counter(['db', 'migrate', '--data-dir', dir])).stdout).toContain(`已升级数据库结构：0 → ${LATEST_VERSION}`);
    expect((await counter(['db', 'migrate', '--data-dir', dir])).stdout).toContain('已是最新');
    const seeded = await counter(['demo', 'seed', '--data-dir', dir]);
    expect(seeded.stdout).toContain('已写入演示医院数据');
    expect(seeded.stdout).toContain('目录 42 项');
    expect((await counter(['demo', 'seed', '--data-dir', dir])).stdout).toContain('未写入演示数据');
    const check = await counter(['db', 'check', '--data-dir', dir]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('完整性：正常');
  }, 30_000);

  it('says in Chinese when there is no database to check', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const check = await counter(['db', 'check', '--data-dir', join(dir, 'nowhere')]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('没有数据库');
  }, 30_000);

  it('settle: prints the spec output for every worked case, field for field', async () => {
    for (const file of readdirSync(CASES_DIR).filter((f) => /^\d+-.*\.json$/.test(f))) {
      const text = readFileSync(join(CASES_DIR, file), 'utf8');
      const result = await counter(['settle'], text);
      expect(result.code, file).toBe(0);
      expect(JSON.parse(result.stdout), file).toEqual(JSON.parse(text).expect);
    }
  }, 60_000);

  it('settle --explain prints the Chinese trace', async () => {
    const text = readFileSync(join(CASES_DIR, '07-inpatient-poverty-safety-net.json'), 'utf8');
    const result = await counter(['settle', '--explain'], text);
    expect(result.code).toBe(0);
    for (const word of ['起付线', '大病保险', '医疗救助', '兜底']) expect(result.stdout).toContain(word);
  }, 30_000);

  it('settle: bad input exits 1 naming the field, with nothing on stdout', async () => {
    const broken = JSON.parse(readFileSync(join(CASES_DIR, '01-outpatient-plain.json'), 'utf8'));
    broken.bill.lines[0].qty = 1.2345;
    const result = await counter(['settle'], JSON.stringify(broken));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('bill.lines[0].qty');
    const notJson = await counter(['settle'], '{');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('JSON');
  }, 30_000);

  it('policy import: stores a valid policy once and refuses a broken one', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const policy = JSON.parse(readFileSync(join(CASES_DIR, 'demo-policy.json'), 'utf8'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ ...policy, id: 'county-2027', year: 2027 }));
    const imported = await counter(['policy', 'import', file, '--data-dir', dir]);
    expect(imported.stdout).toContain('2027-01-01 至 2027-12-31');
    expect((await counter(['policy', 'import', file, '--data-dir', dir])).stderr).toContain('已导入过');
    writeFileSync(file, JSON.stringify({ ...policy, id: 'broken', classBSelfPayRatio: 1.5 }));
    const broken = await counter(['policy', 'import', file, '--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('classBSelfPayRatio');
  }, 30_000);
});
