import type { PolicySummary } from '../../../shared/domain';
import type { Db } from '../open';
import { prepared } from '../statements';

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
    return (prepared(this.db, 'SELECT count(*) AS n FROM policies').get() as { n: number }).n;
  }

  list(): PolicySummary[] {
    return (prepared(this.db, 'SELECT * FROM policies ORDER BY effective_from DESC, id').all() as PolicyRow[]).map(toSummary);
  }

  /** The id of the policy in force on a date (yyyy-mm-dd); the latest imported wins where periods overlap. */
  inForceId(date: string): string | null {
    const id = prepared(
      this.db,
      `SELECT id FROM policies WHERE effective_from <= ? AND effective_to >= ?
        ORDER BY effective_from DESC, imported_at DESC LIMIT 1`,
    )
      .pluck()
      .get(date, date) as string | undefined;
    return id ?? null;
  }

  get(id: string): StoredPolicy | null {
    const row = prepared(this.db, 'SELECT * FROM policies WHERE id = ?').get(id) as PolicyRow | undefined;
    return row ? { ...toSummary(row), document: JSON.parse(row.document_json) } : null;
  }

  insert(policy: StoredPolicy): void {
    prepared(
        this.db,
        `INSERT INTO policies (id, name, year, effective_from, effective_to, document_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(policy.id, policy.name, policy.year, policy.effectiveFrom, policy.effectiveTo, JSON.stringify(policy.document));
  }
}
