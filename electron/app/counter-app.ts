import { createDispatcher, type Dispatch } from '../api/dispatcher';
import type { Handlers } from '../api/handlers';
import { databasePath, openDatabase, type Db } from '../db/open';
import type { MigrationReport } from '../db/migrate';
import { importPolicy } from '../policy/policy-import';
import { StockService } from '../pharmacy/stock-service';
import { SettlementService } from '../settlement/settlement-service';
import { SystemService } from '../system/system-service';
import { createRepositories, type Repositories } from './repositories';

export interface CounterAppOptions {
  dataDir: string;
  /** The clock; tests pin it so "today" is reproducible. */
  now?: () => Date;
  logError?: (method: string, error: unknown) => void;
}

export interface CounterApp {
  db: Db;
  file: string;
  migration: MigrationReport | null;
  repos: Repositories;
  dispatch: Dispatch;
  close(): void;
}

/**
 * Opens the database and wires every service behind the one dispatcher. Electron's IPC, the HTTP host and
 * the tests all go through this, so there is exactly one implementation of each service.
 */
export function openCounterApp(options: CounterAppOptions): CounterApp {
  const now = options.now ?? (() => new Date());
  const file = databasePath(options.dataDir);
  const { db, migration } = openDatabase(file);
  const repos = createRepositories(db);
  const system = new SystemService(db, repos, now);
  const stock = new StockService(db, repos, now);
  const settlements = new SettlementService(db, repos, stock, now);

  const handlers: Handlers = {
    'system.info': () => system.info(),
    'system.updateSettings': (input, context) => system.updateSettings(input, context),
    'catalogue.search': ({ query, limit }) => repos.catalogue.search(query, limit),
    'people.find': ({ query, limit }) => repos.people.find(query, limit),
    'policy.list': () => repos.policies.list(),
    'policy.import': ({ document, effectiveFrom, effectiveTo }, context) =>
      importPolicy({ db, repos }, document, { from: effectiveFrom, to: effectiveTo }, context.operator),
    'settlement.preview': (input) => settlements.preview(input),
    'settlement.settle': (input, context) => settlements.settle(input, context),
    'settlement.refund': (input, context) => settlements.refund(input, context),
    'settlement.get': ({ settlementId }) => settlements.get(settlementId),
  };

  return {
    db,
    file,
    migration,
    repos,
    dispatch: createDispatcher(handlers, options.logError ? { logError: options.logError } : {}),
    close: () => db.close(),
  };
}
