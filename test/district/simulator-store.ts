/**
 * The simulated centre's own SQLite file. A benchmark uploads 30,000 records of ~4 KB in batches of ~1000, so:
 * every statement is prepared once, a batch is one transaction, and the records themselves are not re-encoded
 * row by row: the centre keeps each 2207A request body as received (one blob per batch, large pages) and an
 * accepted row points at its record by position. Fee lines never become rows.
 */
import Database from 'better-sqlite3';
import {
  RECONCILE_FIELDS,
  RECORD_AMOUNT_FIELDS,
  recordAmounts,
  type AccMove,
  type DetailLine,
  type Period,
  type RecordAmounts,
  type RecordResult,
  type ReconcileAmounts,
  type RosterPerson,
  type UploadRecord,
} from '../../shared/district/protocol';

export interface AcceptedRecord {
  seq: number;
  rec_id: string;
  setl_id: string;
  rec_type: '2207' | '2208';
  batch_no: string;
  setl_date: string;
  psn_cert_no: string;
  amounts: RecordAmounts;
  record: UploadRecord;
}

export type RosterEntry = Omit<RosterPerson, 'ytd' | 'incl_setl_ids'>;
export type DownloadKind = 'policies' | 'catalogue';

const AMOUNTS = RECORD_AMOUNT_FIELDS.join(', ');

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS accepted (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    fixmedins_code TEXT NOT NULL,
    rec_id         TEXT NOT NULL,
    setl_id        TEXT NOT NULL,
    rec_type       TEXT NOT NULL CHECK (rec_type IN ('2207', '2208')),
    batch_no       TEXT NOT NULL,
    setl_date      TEXT NOT NULL,
    psn_cert_no    TEXT NOT NULL,
    ${RECORD_AMOUNT_FIELDS.map((f) => `${f} INTEGER NOT NULL`).join(',\n    ')},
    -- The record is input.records[rec_index] of its batch's request body.
    rec_index      INTEGER NOT NULL,
    -- Kept apart so the roster download never parses request bodies.
    acc_moves      TEXT NOT NULL,
    UNIQUE (fixmedins_code, setl_id)
  );
  CREATE INDEX IF NOT EXISTS accepted_period ON accepted (fixmedins_code, setl_date);
  CREATE INDEX IF NOT EXISTS accepted_person ON accepted (psn_cert_no, setl_date);
  -- The first result of every record, accepted or rejected: a resent rec_id gets it again.
  CREATE TABLE IF NOT EXISTS results (
    fixmedins_code TEXT NOT NULL,
    rec_id         TEXT NOT NULL,
    setl_id        TEXT NOT NULL,
    batch_no       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    reason         TEXT,
    -- What the record said (sha256 of its JSON): the same rec_id with other content is not a resend.
    digest         TEXT NOT NULL,
    UNIQUE (fixmedins_code, rec_id)
  );
  -- Every processed 2207A by msgid (= batch_no): the request body as received, the exact response body.
  CREATE TABLE IF NOT EXISTS batches (
    msgid          TEXT PRIMARY KEY,
    fixmedins_code TEXT NOT NULL,
    request        BLOB NOT NULL,
    response       TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS downloads (kind TEXT PRIMARY KEY, ver TEXT NOT NULL, items TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS roster (psn_cert_no TEXT PRIMARY KEY, person TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS roster_base (
    psn_cert_no TEXT NOT NULL,
    year        INTEGER NOT NULL,
    accounts    TEXT NOT NULL,
    PRIMARY KEY (psn_cert_no, year)
  );
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** An accepted record as stored: its keys, its amounts as columns, and where its JSON sits in the batch body. */
type AcceptedRow = Omit<AcceptedRecord, 'amounts' | 'record'> & RecordAmounts & { rec_index: number };

export class SimulatorStore {
  readonly db: Database.Database;
  private readonly sql;

  constructor(file: string) {
    this.db = new Database(file);
    // A simulator, not a ledger: WAL + NORMAL, and 64 KB pages (for a new file) so a batch's request body is
    // written as a few dozen pages, not a thousand.
    this.db.pragma('page_size = 65536');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.sql = {
      batch: p('SELECT response FROM batches WHERE msgid = ? AND fixmedins_code = ?').pluck(),
      saveBatch: p('INSERT INTO batches (msgid, fixmedins_code, request, response) VALUES (?, ?, ?, ?)'),
      request: p('SELECT request FROM batches WHERE msgid = ?').pluck(),
      result: p('SELECT rec_id, setl_id, status, reason, digest FROM results WHERE fixmedins_code = ? AND rec_id = ?'),
      batchRequest: p('SELECT request FROM batches WHERE msgid = ? AND fixmedins_code = ?').pluck(),
      acceptedFacts: p(`SELECT rec_type, setl_date, psn_cert_no, ${AMOUNTS} FROM accepted WHERE fixmedins_code = ? AND setl_id = ?`),
      saveResult: p('INSERT INTO results (fixmedins_code, rec_id, setl_id, batch_no, status, reason, digest) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      isAccepted: p('SELECT 1 FROM accepted WHERE fixmedins_code = ? AND setl_id = ?').pluck(),
      accept: p(
        `INSERT INTO accepted (fixmedins_code, rec_id, setl_id, rec_type, batch_no, setl_date, psn_cert_no, ${AMOUNTS}, rec_index, acc_moves)
         VALUES (${Array(9 + RECORD_AMOUNT_FIELDS.length).fill('?').join(', ')})`,
      ),
      totals: p(
        `SELECT coalesce(sum(CASE rec_type WHEN '2207' THEN 1 ELSE -1 END), 0) AS fixmedins_setl_cnt,
                ${RECONCILE_FIELDS.map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(', ')}
           FROM accepted WHERE fixmedins_code = ? AND setl_date BETWEEN ? AND ?`,
      ),
      details: p(
        `SELECT setl_id, rec_type, medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay
           FROM accepted WHERE fixmedins_code = ? AND setl_date BETWEEN ? AND ? ORDER BY seq`,
      ),
      download: p('SELECT ver, items FROM downloads WHERE kind = ?'),
      setDownload: p('INSERT INTO downloads (kind, ver, items) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET ver = excluded.ver, items = excluded.items'),
      // ON CONFLICT DO UPDATE keeps the rowid, so the roster keeps its first order.
      rosterEntry: p('SELECT person FROM roster WHERE psn_cert_no = ?'),
      setPerson: p('INSERT INTO roster (psn_cert_no, person) VALUES (?, ?) ON CONFLICT (psn_cert_no) DO UPDATE SET person = excluded.person'),
      setBase: p('INSERT OR REPLACE INTO roster_base (psn_cert_no, year, accounts) VALUES (?, ?, ?)'),
      bumpRoster: p("INSERT INTO meta (key, value) VALUES ('roster_changes', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1"),
      rosterChanges: p("SELECT coalesce((SELECT value FROM meta WHERE key = 'roster_changes'), 0)").pluck(),
      maxSeq: p('SELECT coalesce(max(seq), 0) FROM accepted').pluck(),
      roster: p('SELECT r.person, b.accounts FROM roster r LEFT JOIN roster_base b ON b.psn_cert_no = r.psn_cert_no AND b.year = ? ORDER BY r.rowid'),
      personMoves: p('SELECT fixmedins_code, setl_id, acc_moves FROM accepted WHERE psn_cert_no = ? AND setl_date BETWEEN ? AND ? ORDER BY seq'),
      allAccepted: p(`SELECT seq, rec_id, setl_id, rec_type, batch_no, setl_date, psn_cert_no, ${AMOUNTS}, rec_index FROM accepted ORDER BY seq`),
      allRejected: p("SELECT rec_id, setl_id, reason FROM results WHERE status = 'rejected' ORDER BY rowid"),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  batchResponse(fixmedinsCode: string, msgid: string): string | undefined {
    return this.sql.batch.get(msgid, fixmedinsCode) as string | undefined;
  }

  saveBatch(fixmedinsCode: string, msgid: string, request: Buffer, response: string): void {
    this.sql.saveBatch.run(msgid, fixmedinsCode, request, response);
  }

  /** The first result given for `recId` and the digest of the record it was given for, if processed. */
  resultOf(fixmedinsCode: string, recId: string): { result: RecordResult; digest: string } | undefined {
    const row = this.sql.result.get(fixmedinsCode, recId) as (Omit<RecordResult, 'reason'> & { reason: string | null; digest: string }) | undefined;
    if (!row) return undefined;
    const { reason, digest, ...result } = row;
    return { result: reason === null ? result : { ...result, reason }, digest };
  }

  saveResult(fixmedinsCode: string, batchNo: string, result: RecordResult, digest: string): void {
    this.sql.saveResult.run(fixmedinsCode, result.rec_id, result.setl_id, batchNo, result.status, result.reason ?? null, digest);
  }

  /** The request body of a processed 2207A, as received. */
  batchRequest(fixmedinsCode: string, msgid: string): Buffer | undefined {
    return this.sql.batchRequest.get(msgid, fixmedinsCode) as Buffer | undefined;
  }

  /** What an accepted settlement said: type, date, person and amounts (to tell a resend from a clash). */
  acceptedFacts(fixmedinsCode: string, setlId: string): Record<string, unknown> | undefined {
    return this.sql.acceptedFacts.get(fixmedinsCode, setlId) as Record<string, unknown> | undefined;
  }

  isAccepted(fixmedinsCode: string, setlId: string): boolean {
    return this.sql.isAccepted.get(fixmedinsCode, setlId) !== undefined;
  }

  /** `index`: the record's position in its batch, whose request body saveBatch() keeps. */
  accept(fixmedinsCode: string, batchNo: string, index: number, record: UploadRecord): void {
    const amounts = recordAmounts(record);
    const psnCertNo = record.rec_type === '2207' ? record.setlinfo.psn_cert_no : record.psn_cert_no;
    this.sql.accept.run(
      fixmedinsCode,
      record.rec_id,
      record.setl_id,
      record.rec_type,
      batchNo,
      record.setl_date,
      psnCertNo,
      ...RECORD_AMOUNT_FIELDS.map((f) => amounts[f]),
      index,
      JSON.stringify(record.acc_moves),
    );
  }

  totals(fixmedinsCode: string, period: Period): ReconcileAmounts & { fixmedins_setl_cnt: number } {
    return this.sql.totals.get(fixmedinsCode, period.stmt_begndate, period.stmt_enddate) as ReconcileAmounts & { fixmedins_setl_cnt: number };
  }

  detailLines(fixmedinsCode: string, period: Period): DetailLine[] {
    return this.sql.details.all(fixmedinsCode, period.stmt_begndate, period.stmt_enddate) as DetailLine[];
  }

  setDownload(kind: DownloadKind, ver: string, items: unknown[]): void {
    this.sql.setDownload.run(kind, ver, JSON.stringify(items));
  }

  download(kind: DownloadKind): { ver: string; items: unknown[] } {
    const row = this.sql.download.get(kind) as { ver: string; items: string } | undefined;
    return row ? { ver: row.ver, items: JSON.parse(row.items) as unknown[] } : { ver: '', items: [] };
  }

  rosterEntry(psnCertNo: string): RosterEntry | undefined {
    const row = this.sql.rosterEntry.get(psnCertNo) as { person: string } | undefined;
    return row ? (JSON.parse(row.person) as RosterEntry) : undefined;
  }

  setRosterPerson(person: RosterEntry, year: number, baseYtd: Record<string, number>): void {
    this.transaction(() => {
      this.sql.setPerson.run(person.psn_cert_no, JSON.stringify(person));
      this.sql.setBase.run(person.psn_cert_no, year, JSON.stringify(baseYtd));
      this.sql.bumpRoster.run();
    });
  }

  /**
   * The roster for `year`: each person's accumulators are the base (other institutions' figures, as set) plus
   * the movements of every record the centre accepted for them that year, from any institution;
   * `incl_setl_ids` names the asking institution's records among them.
   */
  roster(fixmedinsCode: string, year: number): { ver: string; psn_list: RosterPerson[] } {
    return this.transaction(() => {
      const ver = `r${this.sql.rosterChanges.get() as number}-a${this.sql.maxSeq.get() as number}`;
      const rows = this.sql.roster.all(year) as { person: string; accounts: string | null }[];
      const psn_list = rows.map(({ person, accounts: base }) => {
        const entry = JSON.parse(person) as RosterEntry;
        const accounts: Record<string, number> = base === null ? {} : (JSON.parse(base) as Record<string, number>);
        const incl_setl_ids: string[] = [];
        const moves = this.sql.personMoves.all(entry.psn_cert_no, `${year}-01-01`, `${year}-12-31`) as {
          fixmedins_code: string;
          setl_id: string;
          acc_moves: string;
        }[];
        for (const move of moves) {
          if (move.fixmedins_code === fixmedinsCode) incl_setl_ids.push(move.setl_id);
          for (const { account, delta } of JSON.parse(move.acc_moves) as AccMove[]) accounts[account] = (accounts[account] ?? 0) + delta;
        }
        return { ...entry, ytd: { year, accounts }, incl_setl_ids };
      });
      return { ver, psn_list };
    });
  }

  /**
   * What the centre accepted, in order. `record` is read from its batch's request body on first access (each
   * body parsed once), so checking the order of 30,000 rows does not parse 100 MB of JSON.
   */
  accepted(): AcceptedRecord[] {
    const batches = new Map<string, UploadRecord[]>();
    const recordsOf = (batchNo: string) => {
      let records = batches.get(batchNo);
      if (!records) {
        const body = this.sql.request.get(batchNo) as Buffer;
        records = (JSON.parse(body.toString('utf8')) as { input: { records: UploadRecord[] } }).input.records;
        batches.set(batchNo, records);
      }
      return records;
    };
    return (this.sql.allAccepted.all() as AcceptedRow[]).map((row) => {
      const amounts = {} as RecordAmounts;
      for (const f of RECORD_AMOUNT_FIELDS) amounts[f] = row[f];
      const { seq, rec_id, setl_id, rec_type, batch_no, setl_date, psn_cert_no, rec_index } = row;
      const accepted = { seq, rec_id, setl_id, rec_type, batch_no, setl_date, psn_cert_no, amounts } as AcceptedRecord;
      return Object.defineProperty(accepted, 'record', { enumerable: true, get: () => recordsOf(batch_no)[rec_index]! });
    });
  }

  rejected(): { rec_id: string; setl_id: string; reason: string }[] {
    return this.sql.allRejected.all() as { rec_id: string; setl_id: string; reason: string }[];
  }

  close(): void {
    this.db.close();
  }
}
