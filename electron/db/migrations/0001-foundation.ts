import type { Migration } from '../migration';

/**
 * The foundation: settings, users, the catalogue, the roster of insured people, policies and the audit
 * trail. Money columns are INTEGER fen; CHECK constraints keep the invariants even against hand-made SQL.
 */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  sql: /* sql */ `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE users (
      id        INTEGER PRIMARY KEY,
      username  TEXT NOT NULL UNIQUE,
      name      TEXT NOT NULL,
      role      TEXT NOT NULL CHECK (role IN ('cashier', 'pharmacist', 'manager', 'admin')),
      active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;

    CREATE TABLE catalogue_items (
      code          TEXT PRIMARY KEY,
      insurer_code  TEXT,
      name          TEXT NOT NULL,
      kind          TEXT NOT NULL CHECK (kind IN ('drug', 'service', 'material')),
      spec          TEXT NOT NULL DEFAULT '',
      unit          TEXT NOT NULL,
      charge_class  TEXT NOT NULL CHECK (charge_class IN ('A', 'B', 'C')),
      price         INTEGER NOT NULL CHECK (price >= 0),
      cap_price     INTEGER CHECK (cap_price IS NULL OR cap_price >= 0),
      self_pay_ratio_bp INTEGER CHECK (self_pay_ratio_bp IS NULL OR self_pay_ratio_bp BETWEEN 0 AND 10000),
      essential     TEXT NOT NULL CHECK (essential IN ('national', 'provincial', 'none')),
      pinyin        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX catalogue_items_pinyin ON catalogue_items (pinyin);
    CREATE INDEX catalogue_items_name ON catalogue_items (name);

    CREATE TABLE insured_people (
      id           INTEGER PRIMARY KEY,
      id_number    TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
      name         TEXT NOT NULL,
      gender       TEXT NOT NULL CHECK (gender IN ('M', 'F')),
      birth_date   TEXT NOT NULL,
      -- 'none': not insured here (a walk-in billed as self-pay).
      insured_type TEXT NOT NULL CHECK (insured_type IN ('resident', 'employee', 'none')),
      groups_json  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(groups_json)),
      card_no      TEXT UNIQUE
    ) STRICT;
    CREATE INDEX insured_people_name ON insured_people (name);

    CREATE TABLE policies (
      id             TEXT PRIMARY KEY,
      name           TEXT NOT NULL,
      year           INTEGER NOT NULL,
      effective_from TEXT NOT NULL,
      effective_to   TEXT NOT NULL,
      document_json  TEXT NOT NULL CHECK (json_valid(document_json)),
      imported_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      CHECK (effective_from <= effective_to)
    ) STRICT;

    CREATE TABLE audit_log (
      id       INTEGER PRIMARY KEY,
      at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      actor    TEXT NOT NULL,
      action   TEXT NOT NULL,
      entity   TEXT NOT NULL,
      details_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details_json))
    ) STRICT;

    -- A policy is evidence of how past bills were settled: it can be superseded, never rewritten.
    CREATE TRIGGER policies_no_update BEFORE UPDATE ON policies
      BEGIN SELECT RAISE(ABORT, '结算政策导入后不可修改，请导入新版本'); END;
    CREATE TRIGGER policies_no_delete BEFORE DELETE ON policies
      BEGIN SELECT RAISE(ABORT, '结算政策不可删除'); END;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计记录不可修改'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计记录不可删除'); END;
  `,
};
