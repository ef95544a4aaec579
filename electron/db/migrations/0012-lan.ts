import type { Migration } from '../migration';

/**
 * The hospital network (issue 13): the server's own identity (key, self-signed certificate, installation
 * id), the pairing codes the administrator made, the terminals paired with them and their revocations.
 * Codes and credentials are stored only as SHA-256 hashes. Identity, codes, pairings and revocations are
 * evidence of who could reach the ledger, so they are never updated or deleted; a terminal is live while
 * it has no revocation row. Last contact is bookkeeping, not evidence, and is simply overwritten.
 */
export const lan: Migration = {
  version: 12,
  name: 'lan',
  sql: /* sql */ `
    CREATE TABLE lan_identity (
      id              INTEGER PRIMARY KEY CHECK (id = 1),
      installation_id TEXT NOT NULL CHECK (length(installation_id) = 16),
      key_pem         TEXT NOT NULL,
      cert_pem        TEXT NOT NULL,
      fingerprint     TEXT NOT NULL,
      created_at      TEXT NOT NULL
    ) STRICT;

    -- Where the LAN server last listened, so a code made from the CLI can name it.
    CREATE TABLE lan_listen (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      address    TEXT NOT NULL,
      started_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE lan_pairing_codes (
      id         INTEGER PRIMARY KEY,
      code_hash  TEXT NOT NULL UNIQUE,
      name       TEXT NOT NULL,
      counter_id TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE lan_terminals (
      id              INTEGER PRIMARY KEY,
      -- A code pairs at most one terminal: a replayed code cannot make a second.
      code_id         INTEGER NOT NULL UNIQUE REFERENCES lan_pairing_codes (id),
      name            TEXT NOT NULL,
      counter_id      TEXT NOT NULL,
      credential_hash TEXT NOT NULL UNIQUE,
      paired_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX lan_terminals_counter ON lan_terminals (counter_id);

    CREATE TABLE lan_revocations (
      terminal_id INTEGER PRIMARY KEY REFERENCES lan_terminals (id),
      revoked_by  TEXT NOT NULL,
      revoked_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE lan_contacts (
      terminal_id     INTEGER PRIMARY KEY REFERENCES lan_terminals (id),
      last_contact_at TEXT NOT NULL
    ) STRICT;

    -- Two live terminals never share a counter number: receipts are numbered per counter.
    CREATE TRIGGER lan_terminals_unique_counter BEFORE INSERT ON lan_terminals
      WHEN EXISTS (
        SELECT 1 FROM lan_terminals t
        WHERE t.counter_id = NEW.counter_id AND NOT EXISTS (SELECT 1 FROM lan_revocations r WHERE r.terminal_id = t.id)
      )
      BEGIN SELECT RAISE(ABORT, '收费台编号已由另一台终端使用'); END;

    CREATE TRIGGER lan_identity_no_update BEFORE UPDATE ON lan_identity
      BEGIN SELECT RAISE(ABORT, '服务器证书一经生成不可修改'); END;
    CREATE TRIGGER lan_identity_no_delete BEFORE DELETE ON lan_identity
      BEGIN SELECT RAISE(ABORT, '服务器证书不可删除'); END;

    CREATE TRIGGER lan_pairing_codes_no_update BEFORE UPDATE ON lan_pairing_codes
      BEGIN SELECT RAISE(ABORT, '配对码记录一经写入不可修改'); END;
    CREATE TRIGGER lan_pairing_codes_no_delete BEFORE DELETE ON lan_pairing_codes
      BEGIN SELECT RAISE(ABORT, '配对码记录不可删除'); END;

    CREATE TRIGGER lan_terminals_no_update BEFORE UPDATE ON lan_terminals
      BEGIN SELECT RAISE(ABORT, '终端配对记录一经写入不可修改'); END;
    CREATE TRIGGER lan_terminals_no_delete BEFORE DELETE ON lan_terminals
      BEGIN SELECT RAISE(ABORT, '终端配对记录不可删除'); END;

    CREATE TRIGGER lan_revocations_no_update BEFORE UPDATE ON lan_revocations
      BEGIN SELECT RAISE(ABORT, '终端停用记录一经写入不可修改'); END;
    CREATE TRIGGER lan_revocations_no_delete BEFORE DELETE ON lan_revocations
      BEGIN SELECT RAISE(ABORT, '终端停用记录不可删除'); END;
  `,
};
