import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-app';

const BIN = join(import.meta.dirname, '../../electron/cli/bin.mjs');
const run = promisify(execFile);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function counter(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('counter CLI', () => {
  it('migrates, seeds the demo hospital once, and checks the database', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    expect((await counter('db', 'migrate', '--data-dir', dir)).stdout).toContain('已升级数据库结构：0 → 1');
    expect((await counter('db', 'migrate', '--data-dir', dir)).stdout).toContain('已是最新');
    const seeded = await counter('demo', 'seed', '--data-dir', dir);
    expect(seeded.stdout).toContain('已写入演示医院数据');
    expect(seeded.stdout).toContain('目录 42 项');
    expect((await counter('demo', 'seed', '--data-dir', dir)).stdout).toContain('未写入演示数据');
    const check = await counter('db', 'check', '--data-dir', dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('完整性：正常');
  }, 30_000);

  it('says in Chinese when there is no database to check', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const check = await counter('db', 'check', '--data-dir', join(dir, 'nowhere'));
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('没有数据库');
  }, 30_000);
});
