import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PairingGrant } from '../../shared/lan';

/**
 * What a paired terminal keeps (it holds no ledger): where the server is, the certificate it trusts there,
 * and its own credential. The credential is a secret, so the file is readable by its owner only.
 */
export interface TerminalConfig extends PairingGrant {
  serverUrl: string;
  fingerprint: string;
  certPem: string;
  pairedAt: string;
}

export const TERMINAL_FILE = 'terminal.json';

export function terminalConfigPath(dataDir: string): string {
  return join(dataDir, TERMINAL_FILE);
}

export function hasTerminalConfig(dataDir: string): boolean {
  return existsSync(terminalConfigPath(dataDir));
}

/** The terminal's pairing, or an Error in Chinese saying what to do when there is none. */
export function readTerminalConfig(dataDir: string): TerminalConfig {
  const file = terminalConfigPath(dataDir);
  let parsed: Partial<TerminalConfig>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<TerminalConfig>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`本机尚未与医院服务器配对（${file} 不存在）：请先运行 counter terminal pair <服务器地址> <配对码> --fingerprint <指纹>`);
    }
    throw new Error(`终端配对文件 ${file} 无法读取：${(error as Error).message}；请重新配对`);
  }
  const fields: (keyof TerminalConfig)[] = ['serverUrl', 'fingerprint', 'certPem', 'terminalId', 'credential', 'counterId'];
  const missing = fields.filter((field) => parsed[field] === undefined || parsed[field] === '');
  if (missing.length > 0) throw new Error(`终端配对文件 ${file} 不完整（缺少 ${missing.join('、')}）：请重新配对`);
  return parsed as TerminalConfig;
}

/** Written whole (a temporary file renamed over the old one), mode 0600. */
export function writeTerminalConfig(dataDir: string, config: TerminalConfig): void {
  mkdirSync(dataDir, { recursive: true });
  const file = terminalConfigPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
