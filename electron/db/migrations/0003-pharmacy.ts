import type { Migration } from '../migration';

/**
 * The pharmacy: a richer drug catalogue, stock-in from distribution companies, batches with expiry, a stock
 * ledger in which every movement is a row, dispensing, and stocktakes.
 *
 * Zero markup (零差率) is enforced here as well as in the service: a batch of an essential drug (国家基本药物
 * or 省增补) must sell at its purchase price, and a bill line that draws on a batch must charge that batch's
 * sale price. Stock can never go below zero.
 */
export const pharmacy: Migration = {
  version: 3,
  name: 'pharmacy',
  sql: /* sql */ `
    ALTER TABLE catalogue_items ADD COLUMN generic_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE catalogue_items ADD COLUMN trade_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE catalogue_items ADD COLUMN dosage_form TEXT NOT NULL DEFAULT '';
    ALTER TABLE catalogue_items ADD COLUMN pack_size TEXT NOT NULL DEFAULT '';
    ALTER TABLE catalogue_items ADD COLUMN manufacturer TEXT NOT NULL DEFAULT '';
    -- Drugs are kept in stock by batch and priced by batch; services and materials by the catalogue price.
    ALTER TABLE catalogue_items ADD COLUMN stocked INTEGER NOT NULL DEFAULT 0 CHECK (stocked IN (0, 1));
    UPDATE catalogue_items SET stocked = 1 WHERE kind = 'drug';
    CREATE INDEX catalogue_items_insurer_code ON catalogue_items (insurer_code);

    CREATE TABLE stock_receipts (
      id          INTEGER PRIMARY KEY,
      supplier    TEXT NOT NULL,
      invoice_no  TEXT NOT NULL,
      received_on TEXT NOT NULL,
      operator    TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      UNIQUE (supplier, invoice_no)
    ) STRICT;

    CREATE TABLE stock_batches (
      id             INTEGER PRIMARY KEY,
      item_code      TEXT NOT NULL REFERENCES catalogue_items (code),
      batch_no       TEXT NOT NULL,
      expiry_date    TEXT NOT NULL,
      purchase_price INTEGER NOT NULL CHECK (purchase_price >= 0),
      sale_price     INTEGER NOT NULL CHECK (sale_price >= 0),
      receipt_id     INTEGER NOT NULL REFERENCES stock_receipts (id)
    ) STRICT;
    CREATE INDEX stock_batches_item ON stock_batches (item_code, expiry_date);

    -- Every change of stock is a row; a batch's stock is the sum of its rows (thousandths of a unit).
    CREATE TABLE stock_moves (
      id            INTEGER PRIMARY KEY,
      batch_id      INTEGER NOT NULL REFERENCES stock_batches (id),
      kind          TEXT NOT NULL CHECK (kind IN ('purchase', 'sale', 'return', 'gain', 'loss', 'destroy')),
      qty_milli     INTEGER NOT NULL CHECK (qty_milli <> 0),
      settlement_id INTEGER REFERENCES settlements (id),
      stocktake_id  INTEGER REFERENCES stocktakes (id),
      reason        TEXT,
      operator      TEXT NOT NULL,
      at            TEXT NOT NULL,
      business_date TEXT NOT NULL,
      CHECK ((kind IN ('purchase', 'return', 'gain')) = (qty_milli > 0))
    ) STRICT;
    CREATE INDEX stock_moves_batch ON stock_moves (batch_id, qty_milli);
    CREATE INDEX stock_moves_settlement ON stock_moves (settlement_id);
    CREATE INDEX stock_moves_date ON stock_moves (business_date);

    CREATE TABLE stocktakes (
      id          INTEGER PRIMARY KEY,
      taken_on    TEXT NOT NULL,
      operator    TEXT NOT NULL,
      note        TEXT NOT NULL DEFAULT '',
      created_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE stocktake_counts (
      stocktake_id  INTEGER NOT NULL REFERENCES stocktakes (id),
      batch_id      INTEGER NOT NULL REFERENCES stock_batches (id),
      book_milli    INTEGER NOT NULL,
      counted_milli INTEGER NOT NULL CHECK (counted_milli >= 0),
      reason        TEXT,
      PRIMARY KEY (stocktake_id, batch_id)
    ) STRICT;

    -- 发药: the pharmacist handed over what a settlement paid for.
    CREATE TABLE dispensings (
      id            INTEGER PRIMARY KEY,
      settlement_id INTEGER NOT NULL UNIQUE REFERENCES settlements (id),
      operator      TEXT NOT NULL,
      at            TEXT NOT NULL
    ) STRICT;

    ALTER TABLE bill_lines ADD COLUMN batch_id INTEGER REFERENCES stock_batches (id);

    CREATE TRIGGER stock_batches_zero_markup BEFORE INSERT ON stock_batches
      WHEN NEW.sale_price <> NEW.purchase_price
       AND (SELECT essential FROM catalogue_items WHERE code = NEW.item_code) <> 'none'
      BEGIN SELECT RAISE(ABORT, '基本药物实行零差率销售：销售价必须等于进价'); END;

    CREATE TRIGGER bill_lines_batch_price BEFORE INSERT ON bill_lines
      WHEN NEW.batch_id IS NOT NULL
       AND NEW.price <> (SELECT sale_price FROM stock_batches WHERE id = NEW.batch_id)
      BEGIN SELECT RAISE(ABORT, '药品售价必须等于所发批次的销售价（零差率）'); END;

    CREATE TRIGGER stock_moves_never_negative AFTER INSERT ON stock_moves
      WHEN (SELECT sum(qty_milli) FROM stock_moves WHERE batch_id = NEW.batch_id) < 0
      BEGIN SELECT RAISE(ABORT, '库存不足：批次库存不能为负'); END;

    CREATE TRIGGER stock_moves_no_expired_sale BEFORE INSERT ON stock_moves
      WHEN NEW.kind = 'sale'
       AND (SELECT expiry_date FROM stock_batches WHERE id = NEW.batch_id) < NEW.business_date
      BEGIN SELECT RAISE(ABORT, '过期批次不能发药'); END;

    CREATE TRIGGER stock_batches_no_update BEFORE UPDATE ON stock_batches
      BEGIN SELECT RAISE(ABORT, '批次一经写入不可修改，更正请做盘点或退货'); END;
    CREATE TRIGGER stock_batches_no_delete BEFORE DELETE ON stock_batches
      BEGIN SELECT RAISE(ABORT, '批次不可删除'); END;

    CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
      BEGIN SELECT RAISE(ABORT, '库存流水一经写入不可修改，更正请另做一笔'); END;
    CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
      BEGIN SELECT RAISE(ABORT, '库存流水不可删除'); END;

    CREATE TRIGGER stock_receipts_no_update BEFORE UPDATE ON stock_receipts
      BEGIN SELECT RAISE(ABORT, '入库单一经写入不可修改'); END;
    CREATE TRIGGER stock_receipts_no_delete BEFORE DELETE ON stock_receipts
      BEGIN SELECT RAISE(ABORT, '入库单不可删除'); END;

    CREATE TRIGGER stocktake_counts_no_update BEFORE UPDATE ON stocktake_counts
      BEGIN SELECT RAISE(ABORT, '盘点记录一经写入不可修改'); END;
    CREATE TRIGGER stocktake_counts_no_delete BEFORE DELETE ON stocktake_counts
      BEGIN SELECT RAISE(ABORT, '盘点记录不可删除'); END;

    CREATE TRIGGER dispensings_no_update BEFORE UPDATE ON dispensings
      BEGIN SELECT RAISE(ABORT, '发药记录一经写入不可修改'); END;
    CREATE TRIGGER dispensings_no_delete BEFORE DELETE ON dispensings
      BEGIN SELECT RAISE(ABORT, '发药记录不可删除'); END;
  `,
};
