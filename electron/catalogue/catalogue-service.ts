import { ApiError } from '../../shared/api/errors';
import type { CatalogueHit, CatalogueItem } from '../../shared/domain';
import type { CatalogueImportReport } from '../../shared/reports';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { StockService } from '../pharmacy/stock-service';
import { importCatalogue } from './catalogue-import';

/** The catalogue as the counter uses it: search with live stock, code mapping (对码), imports. */
export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly stock: StockService,
  ) {}

  search(query: string, limit: number): CatalogueHit[] {
    return this.repos.catalogue
      .search(query, limit)
      .map((item) => ({ ...item, stock: item.stocked ? this.stock.availability(item) : null }));
  }

  unmapped(): CatalogueItem[] {
    return this.repos.catalogue.unmapped();
  }

  /** The mapping decides what the fund pays: only a manager changes it, and every change is audited. */
  setMapping(input: { code: string; insurerCode: string | null; reason: string }, context: CallContext): CatalogueItem {
    const insurerCode = input.insurerCode?.trim() || null;
    return this.db.transaction(() => {
      const item = this.repos.catalogue.get(input.code);
      if (!item) throw new ApiError('NOT_FOUND', `目录中没有编码为「${input.code}」的项目`);
      if (item.insurerCode === insurerCode) return item;
      this.repos.catalogue.setInsurerCode(item.code, insurerCode);
      writeAudit(this.db, {
        actor: context.operator,
        action: 'catalogue.mapping',
        entity: `catalogue:${item.code}`,
        details: { name: item.name, before: item.insurerCode, after: insurerCode, reason: input.reason },
      });
      return this.repos.catalogue.get(item.code)!;
    }).immediate();
  }

  import(input: { format: 'json' | 'csv'; content: string; dryRun: boolean }, context: CallContext): CatalogueImportReport {
    return importCatalogue(this.db, this.repos, input, context.operator);
  }
}
