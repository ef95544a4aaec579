import type { Envelope } from '../../shared/api/errors';
import type { PairingGrant } from '../../shared/lan';
import { normalizeFingerprint } from './fingerprint';
import { fetchCertificate, fingerprintMismatch, PinnedHttps } from './pinned-https';
import { LAN_PAIR_PATH } from './protocol';
import { hasTerminalConfig, terminalConfigPath, writeTerminalConfig, type TerminalConfig } from './terminal-config';

export interface PairOptions {
  /** https://addr:port, as `counter serve --lan` printed it. */
  serverUrl: string;
  code: string;
  /** The server certificate's SHA-256, as the administrator read it out (colons and case do not matter). */
  fingerprint: string;
  dataDir: string;
  /** Pair again over an existing pairing (its credential is forgotten). */
  replace?: boolean;
  now?: () => Date;
}

/**
 * Pairs this PC as a terminal: reads the server's certificate and checks it against the fingerprint
 * before the code is sent, then sends the code over HTTPS pinned to that certificate and keeps what the
 * server grants in the data folder. Throws an Error in Chinese when anything is wrong; nothing is written then.
 */
export async function pairTerminal(options: PairOptions): Promise<TerminalConfig> {
  const serverUrl = serverOrigin(options.serverUrl);
  const expected = normalizeFingerprint(options.fingerprint);
  if (!expected) throw new Error('证书指纹应为 64 位十六进制数字（SHA-256，可带冒号），请按服务器显示的指纹输入');
  if (hasTerminalConfig(options.dataDir) && !options.replace) {
    throw new Error(`本机已与医院服务器配对（${terminalConfigPath(options.dataDir)}）：如需重新配对，请加 --replace`);
  }
  const presented = await fetchCertificate(serverUrl);
  if (presented.fingerprint !== expected) throw new Error(fingerprintMismatch(serverUrl, expected, presented.fingerprint));

  const link = new PinnedHttps({ url: serverUrl, fingerprint: expected, certPem: presented.certPem });
  let answer: { status: number; body: unknown };
  try {
    answer = await link.post(LAN_PAIR_PATH, { code: options.code }, {});
  } finally {
    link.close();
  }
  const envelope = answer.body as Envelope<PairingGrant>;
  if (!envelope.ok) throw new Error(envelope.error?.message ?? `配对失败（HTTP ${answer.status}）`);
  const grant = envelope.result;
  const config: TerminalConfig = {
    serverUrl,
    fingerprint: expected,
    certPem: presented.certPem,
    terminalId: grant.terminalId,
    credential: grant.credential,
    counterId: grant.counterId,
    name: grant.name,
    hospitalName: grant.hospitalName,
    installationId: grant.installationId,
    pairedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  writeTerminalConfig(options.dataDir, config);
  return config;
}

/** https://host:port from what was typed; refuses anything but an https URL with a host. */
function serverOrigin(typed: string): string {
  let url: URL;
  try {
    url = new URL(typed.includes('://') ? typed : `https://${typed}`);
  } catch {
    throw new Error(`服务器地址「${typed}」无效，应为 https://地址:端口`);
  }
  if (url.protocol !== 'https:' || !url.hostname) throw new Error(`服务器地址「${typed}」无效，应为 https://地址:端口`);
  return url.origin;
}
