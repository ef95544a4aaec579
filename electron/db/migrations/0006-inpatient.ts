import type { Migration } from '../migration';

/**
 * Inpatient stays (住院): admission, deposits (预交金) with their own receipt numbers, daily charges (日清单)
 * whose drugs leave the pharmacy the day they are charged, and the discharge that settles them all.
 * Deposits and charges are append-only like all money rows: a cancelled charge is a reversing row.
 */
export const inpatient: Migration = {
  version: 6,
  name: 'inpatient',
  sql: /* sql */ `
    CREATE TABLE admissions (
      id          INTEGER PRIMARY KEY,
      person_id   INTEGER NOT NULL REFERENCES insured_people (id),
      level       TEXT NOT NULL CHECK (level IN ('township', 'county', 'city')),
      ward        TEXT NOT NULL DEFAULT '',
      bed         TEXT NOT NULL DEFAULT '',
      diagnosis   TEXT NOT NULL DEFAULT '',
      admitted_on TEXT NOT NULL,
      admitted_at TEXT NOT NULL,
      operator    TEXT NOT NULL,
      client_request_id TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE discharges (
      admission_id  INTEGER PRIMARY KEY REFERENCES admissions (id),
      settlement_id INTEGER NOT NULL UNIQUE REFERENCES settlements (id),
      discharged_on TEXT NOT NULL,
      operator      TEXT NOT NULL
    ) STRICT;

    -- pay: the patient pays in (with a deposit receipt); offset: used by the discharge settlement (negative);
    -- refund: the unused balance handed back at discharge (negative). The balance is their sum.
    CREATE TABLE deposits (
      id            INTEGER PRIMARY KEY,
      admission_id  INTEGER NOT NULL REFERENCES admissions (id),
      kind          TEXT NOT NULL CHECK (kind IN ('pay', 'offset', 'refund')),
      amount        INTEGER NOT NULL CHECK ((kind = 'pay') = (amount > 0)),
      method        TEXT NOT NULL CHECK (method IN ('cash', 'bankcard', 'wechat', 'alipay', 'deposit')),
      counter_id    TEXT NOT NULL,
      receipt_no    INTEGER CHECK (receipt_no IS NULL OR receipt_no >= 1),
      shift_id      INTEGER REFERENCES shifts (id),
      settlement_id INTEGER REFERENCES settlements (id),
      client_request_id TEXT UNIQUE,
      at            TEXT NOT NULL,
      operator      TEXT NOT NULL,
      UNIQUE (counter_id, receipt_no)
    ) STRICT;
    CREATE INDEX deposits_admission ON deposits (admission_id);
    CREATE INDEX deposits_shift ON deposits (shift_id);

    CREATE TABLE inpatient_charges (
      id           INTEGER PRIMARY KEY,
      admission_id INTEGER NOT NULL REFERENCES admissions (id),
      item_code    TEXT NOT NULL REFERENCES catalogue_items (code),
      qty_milli    INTEGER NOT NULL CHECK (qty_milli <> 0),
      price        INTEGER NOT NULL CHECK (price >= 0),
      batch_id     INTEGER REFERENCES stock_batches (id),
      reverses_id  INTEGER UNIQUE REFERENCES inpatient_charges (id),
      reason       TEXT,
      charged_on   TEXT NOT NULL,
      at           TEXT NOT NULL,
      operator     TEXT NOT NULL,
      client_request_id TEXT,
      CHECK ((reverses_id IS NULL) = (qty_milli > 0))
    ) STRICT;
    CREATE INDEX inpatient_charges_admission ON inpatient_charges (admission_id, charged_on);

    ALTER TABLE stock_moves ADD COLUMN inpatient_charge_id INTEGER REFERENCES inpatient_charges (id);

    CREATE TRIGGER inpatient_charges_batch_price BEFORE INSERT ON inpatient_charges
      WHEN NEW.batch_id IS NOT NULL
       AND NEW.price <> (SELECT sale_price FROM stock_batches WHERE id = NEW.batch_id)
      BEGIN SELECT RAISE(ABORT, '药品售价必须等于所发批次的销售价（零差率）'); END;

    CREATE TRIGGER admissions_no_delete BEFORE DELETE ON admissions
      BEGIN SELECT RAISE(ABORT, '入院登记不可删除'); END;

    CREATE TRIGGER discharges_no_update BEFORE UPDATE ON discharges
      BEGIN SELECT RAISE(ABORT, '出院记录一经写入不可修改'); END;
    CREATE TRIGGER discharges_no_delete BEFORE DELETE ON discharges
      BEGIN SELECT RAISE(ABORT, '出院记录不可删除'); END;

    CREATE TRIGGER deposits_no_update BEFORE UPDATE ON deposits
      BEGIN SELECT RAISE(ABORT, '预交金记录一经写入不可修改'); END;
    CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits
      BEGIN SELECT RAISE(ABORT, '预交金记录不可删除'); END;

    CREATE TRIGGER inpatient_charges_no_update BEFORE UPDATE ON inpatient_charges
      BEGIN SELECT RAISE(ABORT, '住院费用一经写入不可修改，更正请冲销'); END;
    CREATE TRIGGER inpatient_charges_no_delete BEFORE DELETE ON inpatient_charges
      BEGIN SELECT RAISE(ABORT, '住院费用不可删除'); END;
  `,
};
