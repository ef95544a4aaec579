import { Command, CommanderError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCounterApp } from '../app/counter-app';
import { importCatalogue } from '../catalogue/catalogue-import';
import { DatabaseOpenError } from '../db/errors';
import { databasePath, openDatabase } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { LATEST_VERSION } from '../db/migrations/index';
import { seedDemo } from '../demo/seed-demo';
import { startHttpHost } from '../host/http-host';
import { importPolicy, parsePolicyFile } from '../policy/policy-import';
import { defaultDataDir } from '../system/paths';
import { parseListenAddress, registerLanCommands, startLanForServe, type ListenAddress } from './lan-commands';
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
      .option('--demo', '数据库为空时写入演示医院数据')
      .option('--read-only', '只查看：拒绝一切修改数据的操作（如查看备份副本）')
      .option('--lan <addr:port>', '同时作为医院服务器，在这个局域网地址上为已配对的终端提供服务（HTTPS），如 192.168.1.10:5443'),
  ).action(async (options: { dataDir: string; port: string; demo?: boolean; readOnly?: boolean; lan?: string }) => {
    let listen: ListenAddress | null = null;
    try {
      if (options.lan && options.readOnly) throw new Error('只读方式打开的收费台不能作为医院服务器（--lan 与 --read-only 不能同时使用）');
      listen = options.lan ? parseListenAddress(options.lan) : null;
    } catch (error) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    const app = openCounterApp({
      dataDir: resolve(options.dataDir),
      ...(options.readOnly ? { readOnly: '本收费台以只读方式打开（counter serve --read-only），不能修改数据' } : {}),
    });
    if (options.demo) {
      const report = seedDemo(app.db, app.repos);
      if (report.seeded) console.log('已写入演示医院数据');
    }
    if (!options.readOnly) {
      await app.startDevices({ drainEveryMs: 3000 });
      app.district.start();
    }
    const host = await startHttpHost({
      call: (token, method, input) => app.callFrom('http', token, method, input),
      rendererDir: RENDERER_DIR,
      port: Number(options.port),
    });
    console.log(`数据库：${app.file}`);
    console.log(`收费台已启动：${host.url}`);
    let lanServer: Awaited<ReturnType<typeof startLanForServe>> | null = null;
    if (listen) {
      try {
        lanServer = await startLanForServe(app, listen);
      } catch (error) {
        process.stderr.write(`错误：${(error as Error).message}\n`);
        await host.close();
        app.close();
        process.exitCode = 1;
        return;
      }
    }
    const stop = () => {
      void Promise.all([host.close(), lanServer?.close()]).then(() => {
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

  const catalogue = program.command('catalogue').description('药品、诊疗项目与耗材目录');
  dataDirOption(
    catalogue
      .command('import <file>')
      .description('导入区县目录文件（.json 或 .csv，UTF-8）：逐行检查，报告新增、修改、未变与拒绝的行')
      .option('--dry-run', '只检查并报告，不写入数据库'),
  ).action((file: string, options: { dataDir: string; dryRun?: boolean }) => {
    const extension = extname(file).toLowerCase();
    const format = extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : null;
    if (!format) {
      process.stderr.write(`错误：只能导入 .json 或 .csv 文件，收到「${file}」\n`);
      process.exitCode = 1;
      return;
    }
    let content: string;
    try {
      const bytes = readFileSync(file);
      try {
        content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new Error('文件不是 UTF-8 编码（Excel 请「另存为」→「CSV UTF-8（逗号分隔）」）');
      }
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message;
      process.stderr.write(`错误：无法读取 ${file}：${reason}\n`);
      process.exitCode = 1;
      return;
    }
    const app = openCounterApp({ dataDir: resolve(options.dataDir) });
    try {
      const report = importCatalogue(app.db, app.repos, { format, content, dryRun: options.dryRun === true }, 'cli');
      const unit = format === 'csv' ? '行' : '项';
      const lines = [
        `目录导入：${file}${report.dryRun ? '（试运行，未写入数据库）' : ''}`,
        `新增 ${report.added.length} 项，修改 ${report.changed.length} 项，未变 ${report.unchanged} 项，拒绝 ${report.refused.length} ${unit}`,
      ];
      const list = <T>(title: string, entries: T[], show: (entry: T) => string[], max: number) => {
        if (entries.length === 0) return;
        lines.push(`${title}：`);
        for (const entry of entries.slice(0, max)) lines.push(...show(entry).map((line) => `  ${line}`));
        if (entries.length > max) lines.push(`  ……另有 ${entries.length - max} 项`);
      };
      list(report.dryRun ? '将新增' : '新增', report.added, (a) => [`${a.code} ${a.name}`], 50);
      list(report.dryRun ? '将修改' : '修改', report.changed, (c) => [`${c.code} ${c.name}：${c.fields.join('、')}`], 200);
      list('拒绝（未导入）', report.refused, (r) => r.reasons, Number.POSITIVE_INFINITY);
      console.log(lines.join('\n'));
    } catch (error) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      app.close();
    }
  });

  registerLanCommands(program, dataDirOption, RENDERER_DIR);

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
