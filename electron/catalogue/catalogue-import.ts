import { ApiError } from '../../shared/api/errors';
import type { CatalogueImportReport } from '../../shared/reports';
import type { Repositories } from '../app/repositories';
import type { Db } from '../db/open';

/** Placeholder until the district file import lands (JSON and CSV, with a report). */
export function importCatalogue(
  _db: Db,
  _repos: Repositories,
  _input: { format: 'json' | 'csv'; content: string; dryRun: boolean },
  _operator: string,
): CatalogueImportReport {
  throw new ApiError('UNAVAILABLE', '目录导入尚未完成');
}
