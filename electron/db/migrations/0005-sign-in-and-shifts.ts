import type { Migration } from '../migration';

/**
 * Sign-in and cash shifts (交班). A shift opens with a float and closes with a count by denomination; the
 * closing is a row of its own, so an open shift is one without a closing row. Every settlement and refund
 * belongs to the shift it was taken in, which is how the drawer is reconciled.
 */
export const signInAndShifts: Migration = {
  version: 5,
  name: 'sign-in-and-shifts',
  sql: /* sql */ `
    ALTER TABLE users ADD COLUMN password_hash TEXT;

    CREATE TABLE shifts (
      id         INTEGER PRIMARY KEY,
      counter_id TEXT NOT NULL,
      cashier    TEXT NOT NULL,
      float_fen  INTEGER NOT NULL CHECK (float_fen >= 0),
      opened_at  TEXT NOT NULL,
      business_date TEXT NOT NULL
    ) STRICT;

    CREATE TABLE shift_closings (
      shift_id       INTEGER PRIMARY KEY REFERENCES shifts (id),
      counted_json   TEXT NOT NULL CHECK (json_valid(counted_json)),
      counted_fen    INTEGER NOT NULL CHECK (counted_fen >= 0),
      expected_fen   INTEGER NOT NULL,
      difference_fen INTEGER NOT NULL,
      note           TEXT NOT NULL DEFAULT '',
      closed_at      TEXT NOT NULL,
      CHECK (difference_fen = counted_fen - expected_fen)
    ) STRICT;

    -- One open shift per counter is checked by the service inside its write transaction.
    CREATE INDEX shifts_counter ON shifts (counter_id, id);

    ALTER TABLE settlements ADD COLUMN shift_id INTEGER REFERENCES shifts (id);
    CREATE INDEX settlements_shift ON settlements (shift_id);

    CREATE TRIGGER shifts_no_update BEFORE UPDATE ON shifts
      BEGIN SELECT RAISE(ABORT, '班次记录一经写入不可修改'); END;
    CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
      BEGIN SELECT RAISE(ABORT, '班次记录不可删除'); END;

    CREATE TRIGGER shift_closings_no_update BEFORE UPDATE ON shift_closings
      BEGIN SELECT RAISE(ABORT, '交班记录一经写入不可修改'); END;
    CREATE TRIGGER shift_closings_no_delete BEFORE DELETE ON shift_closings
      BEGIN SELECT RAISE(ABORT, '交班记录不可删除'); END;
  `,
};
