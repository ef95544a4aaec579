import type { Migration } from '../migration';

// A frozen copy of the amount fields, not an import: a released migration must never change with the code.
const AMOUNT_COLUMNS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'hifmi_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
];

/**
 * The settlement ledger: bills and their lines, settlements and refunds (a refund is a settlement row of
 * kind 'refund' with every amount negated), year-to-date accumulator movements, personal-account
 * movements, payments and the outbox for the district upload.
 */
export const settlementLedger: Migration = {
  version: 2,
  name: 'settlement-ledger',
  sql: /* sql */ `
    CREATE TABLE bills (
      id         INTEGER PRIMARY KEY,
      person_id  INTEGER NOT NULL REFERENCES insured_people (id),
      med_type   TEXT NOT NULL CHECK (med_type IN ('outpatient', 'chronic', 'inpatient')),
      level      TEXT NOT NULL CHECK (level IN ('township', 'county', 'city')),
      -- 自费: billed without insurance (a walk-in, or an insured patient who chooses to pay in full).
      self_pay   INTEGER NOT NULL DEFAULT 0 CHECK (self_pay IN (0, 1)),
      operator   TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE bill_lines (
      bill_id       INTEGER NOT NULL REFERENCES bills (id),
      line_no       INTEGER NOT NULL CHECK (line_no >= 1),
      item_code     TEXT NOT NULL REFERENCES catalogue_items (code),
      insurer_code  TEXT,
      name          TEXT NOT NULL,
      charge_class  TEXT NOT NULL CHECK (charge_class IN ('A', 'B', 'C')),
      price         INTEGER NOT NULL CHECK (price >= 0),
      qty_milli     INTEGER NOT NULL CHECK (qty_milli > 0),
      cap_price     INTEGER,
      self_pay_ratio_bp INTEGER,
      amount        INTEGER NOT NULL CHECK (amount >= 0),
      overlimit     INTEGER NOT NULL CHECK (overlimit >= 0),
      fulamt        INTEGER NOT NULL CHECK (fulamt >= 0),
      preself       INTEGER NOT NULL CHECK (preself >= 0),
      inscope       INTEGER NOT NULL CHECK (inscope >= 0),
      PRIMARY KEY (bill_id, line_no)
    ) STRICT;

    CREATE TABLE settlements (
      id                INTEGER PRIMARY KEY,
      kind              TEXT NOT NULL CHECK (kind IN ('settle', 'refund')),
      bill_id           INTEGER NOT NULL REFERENCES bills (id),
      person_id         INTEGER NOT NULL REFERENCES insured_people (id),
      -- A settlement is refunded at most once: the refund row names it, and the name is unique.
      reverses_id       INTEGER UNIQUE REFERENCES settlements (id),
      client_request_id TEXT NOT NULL UNIQUE,
      request_hash      TEXT NOT NULL,
      policy_id         TEXT NOT NULL REFERENCES policies (id),
      year              INTEGER NOT NULL,
      counter_id        TEXT NOT NULL,
      receipt_no        INTEGER NOT NULL CHECK (receipt_no >= 1),
      business_date     TEXT NOT NULL,
      settled_at        TEXT NOT NULL,
      operator          TEXT NOT NULL,
      reason            TEXT,
      ${AMOUNT_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(',\n      ')},
      funds_json        TEXT NOT NULL CHECK (json_valid(funds_json)),
      trace_json        TEXT NOT NULL CHECK (json_valid(trace_json)),
      UNIQUE (counter_id, receipt_no),
      CHECK ((kind = 'refund') = (reverses_id IS NOT NULL)),
      CHECK ((kind = 'refund') = (reason IS NOT NULL)),
      CHECK (medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt),
      CHECK (medfee_sumamt = fund_pay_sumamt + psn_part_amt),
      CHECK (fund_pay_sumamt = hifp_pay + hifmi_pay + maf_pay + oth_pay),
      CHECK (psn_part_amt = acct_pay + psn_cash_pay)
    ) STRICT;
    CREATE INDEX settlements_business_date ON settlements (business_date, counter_id);
    CREATE INDEX settlements_person ON settlements (person_id);

    -- The year-to-date of a person is the sum of these rows; nothing stores a running total.
    CREATE TABLE ytd_moves (
      id            INTEGER PRIMARY KEY,
      person_id     INTEGER NOT NULL REFERENCES insured_people (id),
      year          INTEGER NOT NULL,
      account       TEXT NOT NULL,
      delta         INTEGER NOT NULL,
      settlement_id INTEGER REFERENCES settlements (id)
    ) STRICT;
    -- Covering: summing a person's year reads the index alone, however long the ledger grows.
    CREATE INDEX ytd_moves_person_year ON ytd_moves (person_id, year, account, delta);

    -- Employee personal account (个人账户): balance = sum of movements.
    CREATE TABLE account_moves (
      id            INTEGER PRIMARY KEY,
      person_id     INTEGER NOT NULL REFERENCES insured_people (id),
      kind          TEXT NOT NULL CHECK (kind IN ('opening', 'settle', 'refund')),
      delta         INTEGER NOT NULL,
      settlement_id INTEGER REFERENCES settlements (id),
      at            TEXT NOT NULL
    ) STRICT;
    CREATE INDEX account_moves_person ON account_moves (person_id);

    CREATE TABLE payments (
      id            INTEGER PRIMARY KEY,
      settlement_id INTEGER NOT NULL REFERENCES settlements (id),
      method        TEXT NOT NULL CHECK (method IN ('cash', 'account', 'bankcard', 'wechat', 'alipay', 'deposit')),
      amount        INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX payments_settlement ON payments (settlement_id);

    -- What must reach the district centre, in order. Upload results are recorded as rows of their own.
    CREATE TABLE outbox (
      id           INTEGER PRIMARY KEY,
      kind         TEXT NOT NULL,
      ref_id       INTEGER NOT NULL,
      payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
      created_at   TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER bills_no_update BEFORE UPDATE ON bills
      BEGIN SELECT RAISE(ABORT, '账单一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills
      BEGIN SELECT RAISE(ABORT, '账单不可删除'); END;

    CREATE TRIGGER bill_lines_no_update BEFORE UPDATE ON bill_lines
      BEGIN SELECT RAISE(ABORT, '账单明细一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER bill_lines_no_delete BEFORE DELETE ON bill_lines
      BEGIN SELECT RAISE(ABORT, '账单明细不可删除'); END;

    CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements
      BEGIN SELECT RAISE(ABORT, '结算记录一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements
      BEGIN SELECT RAISE(ABORT, '结算记录不可删除'); END;

    CREATE TRIGGER ytd_moves_no_update BEFORE UPDATE ON ytd_moves
      BEGIN SELECT RAISE(ABORT, '年度累计记录一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER ytd_moves_no_delete BEFORE DELETE ON ytd_moves
      BEGIN SELECT RAISE(ABORT, '年度累计记录不可删除'); END;

    CREATE TRIGGER account_moves_no_update BEFORE UPDATE ON account_moves
      BEGIN SELECT RAISE(ABORT, '个人账户记录一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER account_moves_no_delete BEFORE DELETE ON account_moves
      BEGIN SELECT RAISE(ABORT, '个人账户记录不可删除'); END;

    CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
      BEGIN SELECT RAISE(ABORT, '收款记录一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
      BEGIN SELECT RAISE(ABORT, '收款记录不可删除'); END;

    CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
      BEGIN SELECT RAISE(ABORT, '上传队列记录一经写入不可修改，更正请做退费或冲正'); END;
    CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
      BEGIN SELECT RAISE(ABORT, '上传队列记录不可删除'); END;
  `,
};
