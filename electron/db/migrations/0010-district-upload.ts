import type { Migration } from '../migration';

/**
 * The district centre's side of the ledger (electron/district/PROTOCOL.md). Every message, batch, attempt,
 * result and manager's action is a row of its own; a record's upload state is read from these rows, never
 * written over. District downloads are versioned, and the roster's accumulators are kept as snapshots.
 */
export const districtUpload: Migration = {
  version: 10,
  name: 'district-upload',
  sql: /* sql */ `
    -- A record is built from its settlement's accumulator movements and found by its settlement; without
    -- these, each lookup scans the whole ledger.
    CREATE INDEX ytd_moves_settlement ON ytd_moves (settlement_id);
    CREATE INDEX outbox_ref ON outbox (ref_id);

    -- A batch and the outbox rows it carries, in order, committed before the request goes out.
    CREATE TABLE upload_batches (
      id         INTEGER PRIMARY KEY,
      msgid      TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE upload_batch_items (
      batch_id  INTEGER NOT NULL REFERENCES upload_batches (id),
      position  INTEGER NOT NULL,
      -- An outbox row travels in one batch only; a batch is resent whole under its own msgid.
      outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox (id),
      PRIMARY KEY (batch_id, position)
    ) STRICT;

    -- Every message's msgid, on disk before it is sent. The 4-digit sequence is id mod 10000.
    CREATE TABLE district_messages (
      id         INTEGER PRIMARY KEY,
      msgid      TEXT NOT NULL UNIQUE,
      infno      TEXT NOT NULL,
      batch_id   INTEGER REFERENCES upload_batches (id),
      created_at TEXT NOT NULL
    ) STRICT;

    -- How each message went: ok (an answer), refused (the centre answered -1), unknown (no usable answer).
    CREATE TABLE district_attempts (
      id         INTEGER PRIMARY KEY,
      message_id INTEGER NOT NULL REFERENCES district_messages (id),
      outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'unknown')),
      error      TEXT,
      at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX district_attempts_outcome ON district_attempts (outcome, id);

    -- The centre's word on each record: one row per outbox row, written when its batch's answer arrives.
    CREATE TABLE upload_results (
      outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id),
      batch_id  INTEGER NOT NULL REFERENCES upload_batches (id),
      status    TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
      reason    TEXT,
      duplicate INTEGER NOT NULL DEFAULT 0 CHECK (duplicate IN (0, 1)),
      at        TEXT NOT NULL,
      CHECK ((status = 'rejected') = (reason IS NOT NULL))
    ) STRICT;
    CREATE INDEX upload_results_batch ON upload_results (batch_id);
    CREATE INDEX upload_results_status ON upload_results (status, outbox_id);

    -- The manager's answer to a rejection: resubmit a corrected record (a new outbox row), or dispute it.
    CREATE TABLE rejection_actions (
      id            INTEGER PRIMARY KEY,
      outbox_id     INTEGER NOT NULL UNIQUE REFERENCES upload_results (outbox_id),
      action        TEXT NOT NULL CHECK (action IN ('resubmitted', 'disputed')),
      note          TEXT NOT NULL CHECK (length(note) > 0),
      new_outbox_id INTEGER UNIQUE REFERENCES outbox (id),
      operator      TEXT NOT NULL,
      at            TEXT NOT NULL,
      CHECK ((action = 'resubmitted') = (new_outbox_id IS NOT NULL))
    ) STRICT;

    -- Downloads applied, each version once, in the same transaction as what it brought.
    CREATE TABLE district_downloads (
      id           INTEGER PRIMARY KEY,
      kind         TEXT NOT NULL CHECK (kind IN ('policy', 'catalogue', 'roster')),
      ver          TEXT NOT NULL,
      applied_at   TEXT NOT NULL,
      summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
      UNIQUE (kind, ver)
    ) STRICT;

    -- The centre's year-to-date for a person as of a roster download, and which of our settlements it counts.
    CREATE TABLE district_ytd_snapshots (
      download_id INTEGER NOT NULL REFERENCES district_downloads (id),
      person_id   INTEGER NOT NULL REFERENCES insured_people (id),
      year        INTEGER NOT NULL,
      PRIMARY KEY (person_id, year, download_id)
    ) STRICT;
    CREATE TABLE district_ytd_values (
      download_id INTEGER NOT NULL,
      person_id   INTEGER NOT NULL,
      year        INTEGER NOT NULL,
      account     TEXT NOT NULL,
      value       INTEGER NOT NULL,
      PRIMARY KEY (person_id, year, download_id, account),
      FOREIGN KEY (person_id, year, download_id) REFERENCES district_ytd_snapshots (person_id, year, download_id)
    ) STRICT;
    CREATE TABLE district_ytd_included (
      download_id   INTEGER NOT NULL,
      person_id     INTEGER NOT NULL,
      year          INTEGER NOT NULL,
      settlement_id INTEGER NOT NULL REFERENCES settlements (id),
      PRIMARY KEY (person_id, year, download_id, settlement_id),
      FOREIGN KEY (person_id, year, download_id) REFERENCES district_ytd_snapshots (person_id, year, download_id)
    ) STRICT;

    CREATE TRIGGER upload_batches_no_update BEFORE UPDATE ON upload_batches
      BEGIN SELECT RAISE(ABORT, '上传批次一经写入不可修改'); END;
    CREATE TRIGGER upload_batches_no_delete BEFORE DELETE ON upload_batches
      BEGIN SELECT RAISE(ABORT, '上传批次不可删除'); END;

    CREATE TRIGGER upload_batch_items_no_update BEFORE UPDATE ON upload_batch_items
      BEGIN SELECT RAISE(ABORT, '上传批次明细一经写入不可修改'); END;
    CREATE TRIGGER upload_batch_items_no_delete BEFORE DELETE ON upload_batch_items
      BEGIN SELECT RAISE(ABORT, '上传批次明细不可删除'); END;

    CREATE TRIGGER district_messages_no_update BEFORE UPDATE ON district_messages
      BEGIN SELECT RAISE(ABORT, '医保中心报文记录一经写入不可修改'); END;
    CREATE TRIGGER district_messages_no_delete BEFORE DELETE ON district_messages
      BEGIN SELECT RAISE(ABORT, '医保中心报文记录不可删除'); END;

    CREATE TRIGGER district_attempts_no_update BEFORE UPDATE ON district_attempts
      BEGIN SELECT RAISE(ABORT, '医保中心通讯记录一经写入不可修改'); END;
    CREATE TRIGGER district_attempts_no_delete BEFORE DELETE ON district_attempts
      BEGIN SELECT RAISE(ABORT, '医保中心通讯记录不可删除'); END;

    CREATE TRIGGER upload_results_no_update BEFORE UPDATE ON upload_results
      BEGIN SELECT RAISE(ABORT, '中心审核结果一经写入不可修改'); END;
    CREATE TRIGGER upload_results_no_delete BEFORE DELETE ON upload_results
      BEGIN SELECT RAISE(ABORT, '中心审核结果不可删除'); END;

    CREATE TRIGGER rejection_actions_no_update BEFORE UPDATE ON rejection_actions
      BEGIN SELECT RAISE(ABORT, '拒付处理记录一经写入不可修改，如需更正请重新提交'); END;
    CREATE TRIGGER rejection_actions_no_delete BEFORE DELETE ON rejection_actions
      BEGIN SELECT RAISE(ABORT, '拒付处理记录不可删除'); END;

    CREATE TRIGGER district_downloads_no_update BEFORE UPDATE ON district_downloads
      BEGIN SELECT RAISE(ABORT, '下载记录一经写入不可修改'); END;
    CREATE TRIGGER district_downloads_no_delete BEFORE DELETE ON district_downloads
      BEGIN SELECT RAISE(ABORT, '下载记录不可删除'); END;

    CREATE TRIGGER district_ytd_snapshots_no_update BEFORE UPDATE ON district_ytd_snapshots
      BEGIN SELECT RAISE(ABORT, '中心累计快照一经写入不可修改'); END;
    CREATE TRIGGER district_ytd_snapshots_no_delete BEFORE DELETE ON district_ytd_snapshots
      BEGIN SELECT RAISE(ABORT, '中心累计快照不可删除'); END;

    CREATE TRIGGER district_ytd_values_no_update BEFORE UPDATE ON district_ytd_values
      BEGIN SELECT RAISE(ABORT, '中心累计快照一经写入不可修改'); END;
    CREATE TRIGGER district_ytd_values_no_delete BEFORE DELETE ON district_ytd_values
      BEGIN SELECT RAISE(ABORT, '中心累计快照不可删除'); END;

    CREATE TRIGGER district_ytd_included_no_update BEFORE UPDATE ON district_ytd_included
      BEGIN SELECT RAISE(ABORT, '中心累计快照一经写入不可修改'); END;
    CREATE TRIGGER district_ytd_included_no_delete BEFORE DELETE ON district_ytd_included
      BEGIN SELECT RAISE(ABORT, '中心累计快照不可删除'); END;
  `,
};
