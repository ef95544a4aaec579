import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { MethodName, OutputOf } from '../../shared/api/contract';
import { formatDateTime } from '../../shared/dates';
import { openCounterApp, type CounterApp } from '../app/counter-app';
import { openTerminalApp, type TerminalApp } from '../app/terminal-app';
import { startHttpHost } from '../host/http-host';
import { startLanServer, type RunningLanServer } from '../lan/lan-server';
import { readTerminalConfig } from '../lan/terminal-config';
import { pairTerminal } from '../lan/terminal-pairing';

/** The IT person at the server's keyboard: trusted like every CLI command, named so in the audit trail. */
const CLI_CONTEXT: Parameters<CounterApp['dispatch']>[2] = { transport: 'cli', operator: 'cli', role: null };

export interface ListenAddress {
  host: string;
  port: number;
}

/** `192.168.1.10:5443`, `[fe80::1]:5443`, `127.0.0.1:0` → host and port; an Error in Chinese otherwise. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`局域网地址「${text}」无效，应为 地址:端口，如 192.168.1.10:5443`);
  return { host: (match[1] ?? match[2])!, port };
}

/**
 * `counter serve --lan`: the LAN server next to the loopback host, with the server's identity made on the
 * first start. Prints the address and the fingerprint the IT person reads out at every window.
 */
export async function startLanForServe(app: CounterApp, listen: ListenAddress): Promise<RunningLanServer> {
  const identity = await app.lan.ensureIdentity();
  let server: RunningLanServer;
  try {
    server = await startLanServer({ app, host: listen.host, port: listen.port, identity });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? '端口已被占用' : code === 'EADDRNOTAVAIL' ? '本机没有这个地址' : (error as Error).message;
    throw new Error(`无法在 ${listen.host}:${listen.port} 上启动医院服务器：${why}`);
  }
  console.log(`医院服务器（局域网）已启动：${server.url}`);
  console.log(`服务器证书指纹（SHA-256）：${identity.fingerprint}`);
  console.log(`本院安装编号：${identity.installationId}`);
  return server;
}

/** `counter lan …` (on the server) and `counter terminal …` (on a window's PC). */
export function registerLanCommands(program: Command, dataDirOption: (command: Command) => Command, rendererDir: string): void {
  const lan = program.command('lan').description('医院网络：为各窗口的终端生成配对码、查看与停用终端（在服务器上运行）');

  dataDirOption(lan.command('code <name> <counterId>').description('为一个窗口生成一次性配对码（10 分钟内有效），如：counter lan code 门诊收费二 02')).action(
    (name: string, counterId: string, options: { dataDir: string }) =>
      withApp(options.dataDir, async (app) => {
        const code = await call(app, 'lan.createPairingCode', { name, counterId });
        console.log(`配对码：${code.code}（${formatDateTime(code.expiresAt)} 前有效，只能使用一次）`);
        console.log(`窗口：${code.name}，收费台编号：${code.counterId}`);
        console.log(`服务器证书指纹（SHA-256）：${code.fingerprint}`);
        console.log(
          `在该窗口的电脑上运行：counter terminal pair ${code.address ?? 'https://<服务器地址:端口>'} ${code.code} --fingerprint ${code.fingerprint}`,
        );
      }),
  );

  dataDirOption(lan.command('terminals').description('列出已配对的终端')).action((options: { dataDir: string }) =>
    withApp(options.dataDir, async (app) => {
      const terminals = await call(app, 'lan.terminals', {});
      if (terminals.length === 0) {
        console.log('还没有配对的终端：用 counter lan code <窗口名称> <收费台编号> 生成配对码');
        return;
      }
      for (const t of terminals) {
        const state = t.revokedAt ? `已停用（${formatDateTime(t.revokedAt)}，${t.revokedBy}）` : '在用';
        const contact = t.lastContactAt ? formatDateTime(t.lastContactAt) : '尚未联系';
        console.log(`${t.id}\t${t.name}\t收费台 ${t.counterId}\t配对于 ${formatDateTime(t.pairedAt)}\t最近联系 ${contact}\t${state}`);
      }
    }),
  );

  dataDirOption(lan.command('revoke <terminalId>').description('停用一个终端：它的调用立即被拒绝，收费台编号可再分配')).action(
    (terminalId: string, options: { dataDir: string }) =>
      withApp(options.dataDir, async (app) => {
        const t = await call(app, 'lan.revoke', { terminalId: Number(terminalId) });
        console.log(`已停用终端 ${t.id}「${t.name}」（收费台 ${t.counterId}）`);
      }),
  );

  const terminal = program.command('terminal').description('终端（窗口的电脑）：与医院服务器配对，在本机提供界面');

  dataDirOption(
    terminal
      .command('pair <serverUrl> <code>')
      .description('用信息员给的配对码与医院服务器配对：先核对服务器证书指纹，再发送配对码')
      .requiredOption('--fingerprint <sha256>', '服务器证书指纹（SHA-256，服务器启动时显示）')
      .option('--replace', '本机已配对时，改为重新配对'),
  ).action(async (serverUrl: string, code: string, options: { dataDir: string; fingerprint: string; replace?: boolean }) => {
    try {
      const config = await pairTerminal({ serverUrl, code, fingerprint: options.fingerprint, dataDir: resolve(options.dataDir), replace: options.replace === true });
      console.log(`已与医院服务器配对：${config.hospitalName}（${config.serverUrl}）`);
      console.log(`本机为终端 ${config.terminalId}「${config.name}」，收费台编号 ${config.counterId}`);
      console.log('启动本机界面：counter terminal serve');
    } catch (error) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  });

  dataDirOption(
    terminal
      .command('serve')
      .description('在 127.0.0.1 上提供界面：本机的打印机与读卡器在本机操作，其余操作经局域网交医院服务器办理')
      .option('--port <port>', '端口，0 表示任选空闲端口', '5180'),
  ).action(async (options: { dataDir: string; port: string }) => {
    let terminalApp: TerminalApp;
    try {
      const dataDir = resolve(options.dataDir);
      terminalApp = openTerminalApp({ dataDir, config: readTerminalConfig(dataDir) });
    } catch (error) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    const { config } = terminalApp;
    await terminalApp.start({ drainEveryMs: 3000 });
    const host = await startHttpHost({ call: terminalApp.call, rendererDir, port: Number(options.port) });
    console.log(`终端「${config.name}」（收费台 ${config.counterId}）已启动：${host.url}`);
    console.log(`医院服务器：${config.serverUrl}（证书指纹 ${config.fingerprint}）`);
    const link = terminalApp.link.status();
    if (link.mode === 'terminal' && !link.reachable) console.log(`暂时无法连接医院服务器（${link.lastError ?? ''}），正在自动重连`);
    const stop = () => {
      void host.close().then(async () => {
        await terminalApp.close();
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
  });
}

async function withApp(dataDir: string, run: (app: CounterApp) => Promise<void>): Promise<void> {
  const app = openCounterApp({ dataDir: resolve(dataDir) });
  try {
    await run(app);
  } catch (error) {
    process.stderr.write(`错误：${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    app.close();
  }
}

/** A contract call as the CLI: validated by the same schema as a page's, its refusal thrown in Chinese. */
async function call<M extends MethodName>(app: CounterApp, method: M, input: unknown): Promise<OutputOf<M>> {
  const envelope = await app.dispatch(method, input, CLI_CONTEXT);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result as OutputOf<M>;
}
