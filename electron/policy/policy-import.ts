import { ApiError } from '../../shared/api/errors';
import type { PolicySummary } from '../../shared/domain';
import { parsePolicy, SettlementInputError } from '../../shared/settlement';
import type { Db } from '../db/open';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Stores a district policy after the engine has accepted it, with its effective period, in one transaction
 * with its audit row. A policy id is imported once: a district that changes its policy issues a new id.
 */
export function parsePolicyFile(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('BAD_INPUT', `政策文件不是有效的 JSON：${(error as Error).message}`);
  }
}

export function importPolicy(
  app: { db: Db; repos: Repositories },
  document: unknown,
  period: { from?: string | undefined; to?: string | undefined },
  actor: string,
): PolicySummary {
  let policy;
  try {
    policy = parsePolicy(document);
  } catch (error) {
    if (error instanceof SettlementInputError) throw new ApiError('BAD_INPUT', `政策文件有误：${error.message}`);
    throw error;
  }
  const effectiveFrom = period.from ?? `${policy.year}-01-01`;
  const effectiveTo = period.to ?? `${policy.year}-12-31`;
  for (const [label, value] of [['生效日期', effectiveFrom], ['失效日期', effectiveTo]] as const) {
    if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new ApiError('BAD_INPUT', `${label}应为 yyyy-mm-dd，收到「${value}」`);
  }
  if (effectiveFrom > effectiveTo) throw new ApiError('BAD_INPUT', `生效日期 ${effectiveFrom} 晚于失效日期 ${effectiveTo}`);
  if (app.repos.policies.get(policy.id)) {
    throw new ApiError('CONFLICT', `政策 ${policy.id} 已导入过；政策导入后不可修改，调整请由区县下发新编号的政策`);
  }
  const summary: PolicySummary = { id: policy.id, name: policy.name, year: policy.year, effectiveFrom, effectiveTo };
  app.db.transaction(() => {
    app.repos.policies.insert({ ...summary, document });
    writeAudit(app.db, { actor, action: 'policy.import', entity: `policy:${policy.id}`, details: { ...summary } });
  }).immediate();
  return summary;
}
