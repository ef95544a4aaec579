import { Command, CommanderError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCounterApp } from '../app/counter-app';
import { DatabaseOpenError } from '../db/errors';
import { databasePath, openDatabase } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { LATEST_VERSION } from '../db/migrations/index';
import { seedDemo } from '../demo/seed-demo';
import { startHttpHost } from '../host/http-host';
import { importPolicy, parsePolicyFile } from '../policy/policy-import';
import { defaultDataDir } from '../system/paths';
import { settleCommand } from './settle-command';

const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** Runs one CLI invocation; returns the exit code. Errors a person must fix are printed in Chinese. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof DatabaseOpenError) {
      process.stderr.write(`错误：${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function buildProgram(): Command {
  const program = new Command('counter')
    .description('乡镇卫生院收费台：命令行工具')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const dataDirOption = (command: Command) =>
    command.option('--data-dir <dir>', '数据目录（默认与桌面程序相同）', defaultDataDir());

  dataDirOption(
    program
      .command('serve')
      .description('在 127.0.0.1 上提供界面与接口（浏览器版收费台）')
      .option('--port <port>', '端口，0 表示任选空闲端口', '5180')
      .option('--demo', '数据库为空时写入演示医院数据'),
  ).action(async (options: { dataDir: string; port: string; demo?: boolean }) => {
    const app = openCounterApp({ dataDir: resolve(options.dataDir) });
    if (options.demo) {
      const report = seedDemo(app.db, app.repos);
      if (report.seeded) console.log('已写入演示医院数据');
    }
    const host = await startHttpHost({ dispatch: app.dispatch, rendererDir: RENDERER_DIR, port: Number(options.port) });
    console.log(`数据库：${app.file}`);
    console.log(`收费台已启动：${host.url}`);
    const stop = () => {
      void host.close().then(() => {
        app.close();
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
  });

  const db = program.command('db').description('数据库维护');
  dataDirOption(db.command('migrate').description('升级数据库结构到最新版本')).action((options: { dataDir: string }) => {
    const { db: handle, migration } = openDatabase(databasePath(resolve(options.dataDir)));
    handle.close();
    const applied = migration?.applied ?? [];
    console.log(
      applied.length === 0
        ? `数据库结构已是最新（版本 ${migration?.to}）`
        : `已升级数据库结构：${migration?.from} → ${migration?.to}（${applied.join('，')}）`,
    );
  });
  dataDirOption(db.command('check').description('检查数据库完整性与结构版本（只读）')).action((options: { dataDir: string }) => {
    const file = databasePath(resolve(options.dataDir));
    if (!existsSync(file)) {
      process.stderr.write(`${file} 没有数据库：请先运行 counter db migrate 或启动收费台\n`);
      process.exitCode = 1;
      return;
    }
    const { db: handle } = openDatabase(file, { migrate: false });
    const version = schemaVersion(handle);
    const integrity = (handle.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const foreignKeys = handle.pragma('foreign_key_check') as unknown[];
    handle.close();
    const ok = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0;
    console.log(`数据库：${file}`);
    console.log(`结构版本：${version}（程序支持 ${LATEST_VERSION}）${version < LATEST_VERSION ? '，需要升级：counter db migrate' : ''}`);
    console.log(`完整性：${ok ? '正常' : `异常：${integrity.slice(0, 5).join('；')}；外键问题 ${foreignKeys.length} 处`}`);
    if (!ok || version > LATEST_VERSION) process.exitCode = 1;
  });

  const demo = program.command('demo').description('演示数据');
  dataDirOption(demo.command('seed').description('向空数据库写入演示医院（用户、目录、参保人、政策）')).action(
    (options: { dataDir: string }) => {
      const app = openCounterApp({ dataDir: resolve(options.dataDir) });
      const report = seedDemo(app.db, app.repos);
      app.close();
      const { users, catalogueItems, people, policies } = report.counts;
      console.log(report.seeded ? '已写入演示医院数据' : (report.reason ?? '未写入'));
      console.log(`用户 ${users} 人，目录 ${catalogueItems} 项，参保人 ${people} 人，政策 ${policies} 份`);
    },
  );

  program
    .command('settle')
    .description('从标准输入读取一个结算案例（policy-spec 的格式，忽略 expect），输出结算结果 JSON')
    .option('--explain', '输出中文计算过程，而不是 JSON')
    .action(async (options: { explain?: boolean }) => {
      process.exitCode = settleCommand(await readStdin(), options);
    });

  const policy = program.command('policy').description('医保结算政策');
  dataDirOption(
    policy
      .command('import <file>')
      .description('导入区县下发的结算政策文件（township-policy/1）')
      .option('--from <date>', '生效日期 yyyy-mm-dd（默认政策年度 1 月 1 日）')
      .option('--to <date>', '失效日期 yyyy-mm-dd（默认政策年度 12 月 31 日）'),
  ).action((file: string, options: { dataDir: string; from?: string; to?: string }) => {
    const app = openCounterApp({ dataDir: resolve(options.dataDir) });
    try {
      const summary = importPolicy(app, parsePolicyFile(readFileSync(file, 'utf8')), options, 'cli');
      console.log(`已导入政策 ${summary.id}「${summary.name}」，${summary.effectiveFrom} 至 ${summary.effectiveTo} 生效`);
    } catch (error) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      app.close();
    }
  });

  return program;
}

function readStdin(): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolvePromise(text));
    process.stdin.on('error', reject);
  });
}
