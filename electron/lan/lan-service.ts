import { randomBytes } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import type { LanLink, LanServerInfo, PairingCode, PairingGrant, TerminalSummary } from '../../shared/lan';
import type { CallContext, CallOrigin } from '../api/handlers';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { Repositories } from '../db/repositories';
import { LanRepository } from './lan-repository';
import { CODE_LIFETIME_MS, hashSecret, newPairingCode, normalizeCode } from './pairing-code';
import { makeServerIdentity, type ServerIdentity } from './server-identity';

/** Last contact is written to the database at most this often per terminal; the list reads memory first. */
const CONTACT_SAVE_EVERY_MS = 60 * 1000;

/**
 * The hospital server's side of the network: its identity, pairing codes, paired terminals and their
 * revocation, and the credential check every LAN call passes before anything runs.
 */
export class LanService {
  private readonly rows: LanRepository;
  /** terminal id → last contact (ISO) and when it was last saved. */
  private readonly contacts = new Map<number, { at: string; savedAt: number }>();
  /** Where this process's LAN server listens (https://addr:port), once it does. */
  private servingAt: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
  ) {
    this.rows = new LanRepository(db);
  }

  /** The server's identity, made once (at the first `serve --lan` or pairing code) and kept in the database. */
  async ensureIdentity(): Promise<ServerIdentity> {
    const existing = this.rows.identity();
    if (existing) return existing;
    const made = await makeServerIdentity(this.now(), this.repos.settings.get('installationId') || undefined);
    // Another process (the CLI next to a running server) may have made one meanwhile: the first one stays.
    return this.db.transaction(() => {
      const first = this.rows.identity();
      if (first) return first;
      this.rows.insertIdentity(made, this.now().toISOString());
      writeAudit(this.db, { actor: 'system', action: 'lan.identity', entity: 'lan', details: { installationId: made.installationId, fingerprint: made.fingerprint } });
      return made;
    }).immediate();
  }

  /** Records where the LAN server listens, so a pairing code made elsewhere (the CLI) can name it. */
  listening(address: string): void {
    this.rows.setListenAddress(address, this.now().toISOString());
    this.servingAt = address;
  }

  /** The title bar's mode on this PC (a terminal's own host answers `lan.link` itself, see electron/lan/routing.ts). */
  link(): LanLink {
    return this.servingAt ? { mode: 'server', address: this.servingAt } : { mode: 'standalone' };
  }

  server(): LanServerInfo | null {
    const identity = this.rows.identity();
    if (!identity) return null;
    return {
      installationId: identity.installationId,
      fingerprint: identity.fingerprint,
      address: this.rows.listenAddress(),
      counterId: this.repos.settings.get('counterId'),
    };
  }

  async createPairingCode(input: { name: string; counterId: string }, context: CallContext): Promise<PairingCode> {
    const identity = await this.ensureIdentity();
    const code = newPairingCode();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + CODE_LIFETIME_MS).toISOString();
    this.db.transaction(() => {
      this.refuseTakenCounter(input.counterId);
      const id = this.rows.insertCode({
        hash: hashSecret(normalizeCode(code)),
        name: input.name,
        counterId: input.counterId,
        createdBy: context.operator,
        createdAt: createdAt.toISOString(),
        expiresAt,
      });
      writeAudit(this.db, { actor: context.operator, action: 'lan.createPairingCode', entity: `pairing-code:${id}`, details: { name: input.name, counterId: input.counterId, expiresAt } });
    }).immediate();
    return { code, name: input.name, counterId: input.counterId, expiresAt, fingerprint: identity.fingerprint, address: this.rows.listenAddress() };
  }

  /**
   * Exchanges a one-time code for a terminal credential. Unknown, used and expired codes are refused, and
   * so is a counter number another live terminal took since the code was made (two codes for one number:
   * the first to pair wins). A refusal writes nothing.
   */
  pair(typedCode: string): PairingGrant {
    const identity = this.rows.identity();
    if (!identity) throw new ApiError('UNAVAILABLE', '本机尚未设为医院服务器');
    return this.db.transaction(() => {
      const code = this.rows.codeByHash(hashSecret(normalizeCode(typedCode)));
      if (!code) throw new ApiError('FORBIDDEN', '配对码不正确：请核对后重新输入，或请信息员重新生成');
      const used = this.rows.terminalOfCode(code.id);
      if (used) throw new ApiError('FORBIDDEN', '配对码已使用过，每个配对码只能用一次：请信息员重新生成');
      if (Date.parse(code.expires_at) <= this.now().getTime()) {
        throw new ApiError('FORBIDDEN', '配对码已过期（有效期 10 分钟）：请信息员重新生成');
      }
      this.refuseTakenCounter(code.counter_id);
      const credential = randomBytes(32).toString('base64url');
      const terminalId = this.rows.insertTerminal({
        codeId: code.id,
        name: code.name,
        counterId: code.counter_id,
        credentialHash: hashSecret(credential),
        pairedAt: this.now().toISOString(),
      });
      writeAudit(this.db, { actor: code.created_by, action: 'lan.pair', entity: `terminal:${terminalId}`, details: { name: code.name, counterId: code.counter_id, codeId: code.id } });
      return {
        terminalId,
        credential,
        counterId: code.counter_id,
        name: code.name,
        hospitalName: this.repos.settings.get('hospitalName'),
        installationId: identity.installationId,
      };
    }).immediate();
  }

  /**
   * The terminal a LAN call comes through, from its credential; refused (nothing runs) when the credential
   * is missing, unknown or revoked. Read from the database on every call, so a revocation holds at once.
   */
  authenticate(credential: string | undefined): CallOrigin {
    const row = credential ? this.rows.terminalByCredential(hashSecret(credential)) : undefined;
    if (!row) throw new ApiError('FORBIDDEN', '本机不是已配对的终端（终端凭据缺失或无效）：请信息员生成配对码后重新配对');
    if (row.revoked) throw new ApiError('FORBIDDEN', '本终端已被信息员停用，不能再连接医院服务器：如需继续使用，请重新配对');
    this.touch(row.id);
    return { terminalId: row.id, counterId: row.counter_id };
  }

  /** The live terminal that holds a counter number (its name), or null. */
  counterHolder(counterId: string): string | null {
    return this.rows.liveTerminalAt(counterId)?.name ?? null;
  }

  terminals(): TerminalSummary[] {
    return this.rows.terminals().map((t) => this.withContact(t));
  }

  revoke(terminalId: number, context: CallContext): TerminalSummary {
    return this.db.transaction(() => {
      const terminal = this.rows.terminal(terminalId);
      if (!terminal) throw new ApiError('NOT_FOUND', `没有编号为 ${terminalId} 的终端`);
      if (terminal.revokedAt) throw new ApiError('CONFLICT', `终端「${terminal.name}」已于 ${terminal.revokedAt} 停用`);
      this.rows.insertRevocation(terminalId, context.operator, this.now().toISOString());
      writeAudit(this.db, { actor: context.operator, action: 'lan.revoke', entity: `terminal:${terminalId}`, details: { name: terminal.name, counterId: terminal.counterId } });
      return this.withContact(this.rows.terminal(terminalId)!);
    }).immediate();
  }

  /** A counter number belongs to one window: not the server PC's own, not a live terminal's. */
  private refuseTakenCounter(counterId: string): void {
    const issue = (message: string) => ({ issues: [{ path: 'counterId', message }] });
    if (counterId === this.repos.settings.get('counterId')) {
      const message = `收费台编号 ${counterId} 是服务器本机的编号，请为该窗口换一个收费台编号`;
      throw new ApiError('CONFLICT', message, issue(message));
    }
    const holder = this.rows.liveTerminalAt(counterId);
    if (holder) {
      const message = `收费台编号 ${counterId} 已由终端「${holder.name}」使用：请换一个编号，或先停用该终端`;
      throw new ApiError('CONFLICT', message, issue(message));
    }
  }

  private touch(terminalId: number): void {
    const now = this.now();
    const previous = this.contacts.get(terminalId);
    const due = !previous || now.getTime() - previous.savedAt >= CONTACT_SAVE_EVERY_MS;
    if (due) this.rows.saveContact(terminalId, now.toISOString());
    this.contacts.set(terminalId, { at: now.toISOString(), savedAt: due ? now.getTime() : previous.savedAt });
  }

  /** A terminal as people read it: its last contact, and the operators who paired and revoked it by name. */
  private withContact(terminal: TerminalSummary): TerminalSummary {
    const seen = this.contacts.get(terminal.id);
    const { users } = this.repos;
    return {
      ...terminal,
      pairedBy: users.displayName(terminal.pairedBy),
      revokedBy: terminal.revokedBy === null ? null : users.displayName(terminal.revokedBy),
      ...(seen ? { lastContactAt: seen.at } : {}),
    };
  }
}
