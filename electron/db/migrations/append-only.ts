/**
 * SQL for a table whose rows are evidence: inserted once, never updated or deleted. Corrections are new
 * rows (a refund, a reversing charge, a stocktake movement). `fix` tells the person what to do instead.
 * Keep this text stable: migrations that have shipped produce their triggers from it.
 */
export function appendOnly(table: string, what: string, fix = ''): string {
  const hint = fix ? `，${fix}` : '';
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${what}一经写入不可修改${hint}'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${what}不可删除'); END;`;
}
