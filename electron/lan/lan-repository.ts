import type { TerminalSummary } from '../../shared/lan';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import type { ServerIdentity } from './server-identity';

export interface PairingCodeRow {
  id: number;
  name: string;
  counter_id: string;
  created_by: string;
  expires_at: string;
}

/** A paired terminal as the credential check needs it. */
export interface TerminalCredentialRow {
  id: number;
  counter_id: string;
  revoked: 0 | 1;
}

const TERMINAL_SUMMARY = `
  SELECT t.id, t.name, t.counter_id AS counterId, t.paired_at AS pairedAt, c.created_by AS pairedBy,
         k.last_contact_at AS lastContactAt, r.revoked_at AS revokedAt, r.revoked_by AS revokedBy
  FROM lan_terminals t
  JOIN lan_pairing_codes c ON c.id = t.code_id
  LEFT JOIN lan_revocations r ON r.terminal_id = t.id
  LEFT JOIN lan_contacts k ON k.terminal_id = t.id`;

/** The SQL of the hospital network's tables (migration 0012). */
export class LanRepository {
  constructor(private readonly db: Db) {}

  identity(): ServerIdentity | undefined {
    return prepared(
      this.db,
      'SELECT installation_id AS installationId, key_pem AS keyPem, cert_pem AS certPem, fingerprint FROM lan_identity WHERE id = 1',
    ).get() as ServerIdentity | undefined;
  }

  insertIdentity(identity: ServerIdentity, createdAt: string): void {
    prepared(
      this.db,
      'INSERT INTO lan_identity (id, installation_id, key_pem, cert_pem, fingerprint, created_at) VALUES (1, ?, ?, ?, ?, ?)',
    ).run(identity.installationId, identity.keyPem, identity.certPem, identity.fingerprint, createdAt);
  }

  listenAddress(): string | null {
    const row = prepared(this.db, 'SELECT address FROM lan_listen WHERE id = 1').get() as { address: string } | undefined;
    return row?.address ?? null;
  }

  setListenAddress(address: string, at: string): void {
    prepared(
      this.db,
      `INSERT INTO lan_listen (id, address, started_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET address = excluded.address, started_at = excluded.started_at`,
    ).run(address, at);
  }

  insertCode(code: { hash: string; name: string; counterId: string; createdBy: string; createdAt: string; expiresAt: string }): number {
    return Number(
      prepared(
        this.db,
        'INSERT INTO lan_pairing_codes (code_hash, name, counter_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(code.hash, code.name, code.counterId, code.createdBy, code.createdAt, code.expiresAt).lastInsertRowid,
    );
  }

  codeByHash(hash: string): PairingCodeRow | undefined {
    return prepared(this.db, 'SELECT id, name, counter_id, created_by, expires_at FROM lan_pairing_codes WHERE code_hash = ?').get(hash) as
      | PairingCodeRow
      | undefined;
  }

  /** The terminal a code already paired, if any. */
  terminalOfCode(codeId: number): { id: number; paired_at: string } | undefined {
    return prepared(this.db, 'SELECT id, paired_at FROM lan_terminals WHERE code_id = ?').get(codeId) as { id: number; paired_at: string } | undefined;
  }

  /** The live (not revoked) terminal at a counter number, if any. */
  liveTerminalAt(counterId: string): { id: number; name: string } | undefined {
    return prepared(
      this.db,
      `SELECT t.id, t.name FROM lan_terminals t
       WHERE t.counter_id = ? AND NOT EXISTS (SELECT 1 FROM lan_revocations r WHERE r.terminal_id = t.id)`,
    ).get(counterId) as { id: number; name: string } | undefined;
  }

  insertTerminal(terminal: { codeId: number; name: string; counterId: string; credentialHash: string; pairedAt: string }): number {
    return Number(
      prepared(
        this.db,
        'INSERT INTO lan_terminals (code_id, name, counter_id, credential_hash, paired_at) VALUES (?, ?, ?, ?, ?)',
      ).run(terminal.codeId, terminal.name, terminal.counterId, terminal.credentialHash, terminal.pairedAt).lastInsertRowid,
    );
  }

  terminalByCredential(credentialHash: string): TerminalCredentialRow | undefined {
    return prepared(
      this.db,
      `SELECT t.id, t.counter_id, EXISTS (SELECT 1 FROM lan_revocations r WHERE r.terminal_id = t.id) AS revoked
       FROM lan_terminals t WHERE t.credential_hash = ?`,
    ).get(credentialHash) as TerminalCredentialRow | undefined;
  }

  terminals(): TerminalSummary[] {
    return prepared(this.db, `${TERMINAL_SUMMARY} ORDER BY t.id`).all() as TerminalSummary[];
  }

  terminal(id: number): TerminalSummary | undefined {
    return prepared(this.db, `${TERMINAL_SUMMARY} WHERE t.id = ?`).get(id) as TerminalSummary | undefined;
  }

  insertRevocation(terminalId: number, revokedBy: string, at: string): void {
    prepared(this.db, 'INSERT INTO lan_revocations (terminal_id, revoked_by, revoked_at) VALUES (?, ?, ?)').run(terminalId, revokedBy, at);
  }

  saveContact(terminalId: number, at: string): void {
    prepared(
      this.db,
      `INSERT INTO lan_contacts (terminal_id, last_contact_at) VALUES (?, ?)
       ON CONFLICT (terminal_id) DO UPDATE SET last_contact_at = excluded.last_contact_at`,
    ).run(terminalId, at);
  }
}
