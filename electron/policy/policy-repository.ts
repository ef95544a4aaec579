import type { PolicySummary } from '../../shared/domain';
import type { Db } from '../db/open';

export interface StoredPolicy extends PolicySummary {
  /** The district's document exactly as imported, so a past settlement can be recomputed from it. */
  document: unknown;
}

interface PolicyRow {
  id: string;
  name: string;
  year: number;
  effective_from: string;
  effective_to: string;
  document_json: string;
}

const toSummary = (row: PolicyRow): PolicySummary => ({
  id: row.id,
  name: row.name,
  year: row.year,
  effectiveFrom: row.effective_from,
  effectiveTo: row.effective_to,
});

export class PolicyRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM policies').get() as { n: number }).n;
  }

  list(): PolicySummary[] {
    return (this.db.prepare('SELECT * FROM policies ORDER BY effective_from DESC, id').all() as PolicyRow[]).map(toSummary);
  }

  /** The policy in force on a date (yyyy-mm-dd); the latest imported wins where periods overlap. */
  inForce(date: string): StoredPolicy | null {
    const row = this.db
      .prepare(
        `SELECT * FROM policies WHERE effective_from <= ? AND effective_to >= ?
          ORDER BY effective_from DESC, imported_at DESC LIMIT 1`,
      )
      .get(date, date) as PolicyRow | undefined;
    return row ? { ...toSummary(row), document: JSON.parse(row.document_json) } : null;
  }

  get(id: string): StoredPolicy | null {
    const row = this.db.prepare('SELECT * FROM policies WHERE id = ?').get(id) as PolicyRow | undefined;
    return row ? { ...toSummary(row), document: JSON.parse(row.document_json) } : null;
  }

  insert(policy: StoredPolicy): void {
    this.db
      .prepare(
        `INSERT INTO policies (id, name, year, effective_from, effective_to, document_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(policy.id, policy.name, policy.year, policy.effectiveFrom, policy.effectiveTo, JSON.stringify(policy.document));
  }
}
